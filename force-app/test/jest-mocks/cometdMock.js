// A controllable stand-in for the cometd 9 `CometD` class. The client side keeps the real API the
// streaming service uses (status rules, extensions run on every message, listeners, subscriptions
// cleared on handshake); the `server` side lets a test answer handshakes, push events, drop the
// connection or forget the client, the way Salesforce does (salesforce.md §4.3).
export function createCometDMock() {
  const server = {
    instances: [],
    /** Every message the client sent, after its outgoing extensions: what was on the wire. */
    sent: [],
    /** The next /meta/subscribe reply's error, e.g. '403::Unknown client'. */
    subscribeError: null
  };

  class CometD {
    constructor() {
      this.status = 'disconnected';
      this.config = null;
      this.unregistered = [];
      this.extensions = [];
      this.listeners = {};
      this.subscriptions = {};
      server.instances.push(this);
    }

    configure(config) {
      this.config = config;
    }

    unregisterTransport(type) {
      this.unregistered.push(type);
    }

    registerExtension(name, extension) {
      this.extensions.push({ name, extension });
    }

    addListener(channel, callback) {
      (this.listeners[channel] = this.listeners[channel] || []).push(callback);
    }

    getStatus() {
      return this.status;
    }

    isDisconnected() {
      return this.status === 'disconnected' || this.status === 'disconnecting';
    }

    handshake() {
      if (this.status !== 'disconnected') throw new Error(`Illegal state: ${this.status}`);
      this.subscriptions = {};
      this.status = 'handshaking';
      this.send({ channel: '/meta/handshake', version: '1.0' });
    }

    disconnect(callback) {
      if (this.isDisconnected()) return;
      this.send({ channel: '/meta/disconnect' });
      this.status = 'disconnected';
      if (callback) Promise.resolve().then(() => callback({ successful: true }));
    }

    subscribe(channel, onMessage, onReply) {
      if (/[?=']/.test(channel)) throw new Error(`Illegal argument: invalid channel ${channel}`);
      this.subscriptions[channel] = onMessage;
      this.send({ channel: '/meta/subscribe', subscription: channel });
      const error = server.subscribeError;
      server.subscribeError = null;
      const reply = error
        ? { channel: '/meta/subscribe', successful: false, error, subscription: server.lastSent().subscription }
        : { channel: '/meta/subscribe', successful: true, subscription: server.lastSent().subscription };
      Promise.resolve().then(() => {
        const message = this.receive(reply);
        if (!message.successful) delete this.subscriptions[channel];
        if (onReply) onReply(message);
      });
    }

    send(message) {
      const out = this.extensions.reduce((m, { extension }) => (extension.outgoing ? extension.outgoing(m) : m), {
        ...message
      });
      server.sent.push(out);
    }

    /** Runs the incoming extensions, then the meta listeners or the channel subscriber. */
    receive(message) {
      const incoming = this.extensions.reduce((m, { extension }) => (extension.incoming ? extension.incoming(m) : m), {
        ...message
      });
      if (incoming.channel.startsWith('/meta/')) {
        (this.listeners[incoming.channel] || []).forEach((listener) => listener(incoming));
      } else if (this.subscriptions[incoming.channel]) {
        this.subscriptions[incoming.channel](incoming);
      }
      return incoming;
    }
  }

  const client = () => server.instances[server.instances.length - 1];

  Object.assign(server, {
    client,
    lastSent: () => server.sent[server.sent.length - 1],
    sentOn: (channel) => server.sent.filter((m) => m.channel === channel),
    /** Accepts the pending handshake (replay supported) and completes the first /meta/connect. */
    accept({ replay = true } = {}) {
      const c = client();
      c.status = 'connected';
      c.receive({ channel: '/meta/handshake', successful: true, clientId: 'client-1', ext: { replay } });
      c.receive({ channel: '/meta/connect', successful: true });
    },
    denyHandshake(failureReason = '401::Authentication invalid') {
      const c = client();
      c.receive({
        channel: '/meta/handshake',
        successful: false,
        error: '403::Handshake denied',
        ext: { sfdc: { failureReason } },
        advice: { reconnect: 'none' }
      });
      c.status = 'disconnected';
    },
    /** Delivers an event on the wire channel, e.g. "/topic/CallDataUpdates?OwnerId='005…'". */
    publish(channel, sobject, replayId, type = 'updated') {
      client().receive({
        channel,
        data: { event: { type, replayId, createdDate: new Date().toISOString() }, sobject }
      });
    },
    /** The long poll fails (network): cometd keeps retrying by itself. */
    drop(reason = 'xhr error') {
      client().receive({ channel: '/meta/connect', successful: false, failure: { reason } });
    },
    restore() {
      client().receive({ channel: '/meta/connect', successful: true });
    },
    /** The server lost the client's state (outage, or no reconnect within 40 s). */
    forgetClient() {
      client().receive({
        channel: '/meta/connect',
        successful: false,
        error: '403::Unknown client',
        advice: { reconnect: 'retry' }
      });
    },
    /** The session was revoked: `401::Authentication invalid` with `advice.reconnect: none`. */
    revoke() {
      client().receive({
        channel: '/meta/connect',
        successful: false,
        error: '401::Authentication invalid',
        advice: { reconnect: 'none', interval: 0 }
      });
    }
  });

  return { CometD, server };
}
