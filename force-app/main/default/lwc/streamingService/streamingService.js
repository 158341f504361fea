// The agent's CallData__c PushTopic over CometD (salesforce.md §3–4): long-polling only, OAuth header,
// replay from the last event, a filtered channel per agent, re-handshake on `403::Unknown client`,
// and a stop with the reason on authentication failures.
import { toCallView } from './callView';

export { toCallView };

export const TOPIC = '/topic/CallDataUpdates';
const UNKNOWN_CLIENT = '403::Unknown client';
const HANDSHAKE_DENIED = '403::Handshake denied';
const NEW_EVENTS_ONLY = -1;

/** `401::Authentication invalid`, `403::Handshake denied` and `advice.reconnect: none` end the session. */
function fatalReason(message) {
  const error = message.error || '';
  const sfdc = message.ext && message.ext.sfdc && message.ext.sfdc.failureReason;
  if (error.startsWith('401::') || error.startsWith(HANDSHAKE_DENIED)) {
    return sfdc && sfdc !== error ? `${error} (${sfdc})` : error;
  }
  if (message.advice && message.advice.reconnect === 'none') return error || sfdc || 'The server refused to reconnect.';
  return null;
}

function failureText(message) {
  if (message.error) return message.error;
  const failure = message.failure;
  return (failure && (failure.reason || (failure.exception && failure.exception.message))) || 'connection lost';
}

/**
 * @param options.CometD the CometD class (`window.org.cometd.CometD`)
 * @param options.url e.g. `https://acme.my.salesforce.com/cometd/66.0`
 * @param options.sessionId sent as `Authorization: OAuth <session id>`
 * @param options.userId the agent's 18-character id: the channel filter and the event owner check
 * @param options.namespace package namespace prefix, or ''
 */
export function createStreamingService({ CometD, url, sessionId, userId, namespace }) {
  const filteredChannel = `${TOPIC}?OwnerId='${userId}'`;
  // cometd 9 refuses `?`, `=` and `'` in channel names, so the client subscribes to this placeholder and
  // the extension below puts the filtered name on the wire (toolchain.md, "Filtered PushTopic channels").
  const placeholder = `${TOPIC}/OwnerId/${userId}`;
  const handlers = { call: [], status: [], reconnect: [] };
  let cometd = null;
  let replayId = NEW_EVENTS_ONLY;
  let replaySupported = false;
  let handshakes = 0;
  let connected = false;
  let stopped = false;
  let lastStatus = null;

  const emit = (kind, value) => handlers[kind].forEach((handler) => handler(value));
  function setStatus(state, reason) {
    if (lastStatus && lastStatus.state === state && lastStatus.reason === (reason || '')) return;
    lastStatus = { state, reason: reason || '' };
    emit('status', lastStatus);
  }

  const extension = {
    outgoing(message) {
      if (message.channel === '/meta/handshake') {
        message.ext = { ...message.ext, replay: true };
      } else if (
        (message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe') &&
        message.subscription === placeholder
      ) {
        message.subscription = filteredChannel;
        if (message.channel === '/meta/subscribe' && replaySupported) {
          message.ext = { ...message.ext, replay: { [filteredChannel]: replayId } };
        }
      }
      return message;
    },
    incoming(message) {
      if (message.channel === '/meta/handshake' && message.successful) {
        replaySupported = Boolean(message.ext && message.ext.replay === true);
      }
      if (message.subscription === filteredChannel) message.subscription = placeholder;
      if (message.channel === filteredChannel) {
        message.channel = placeholder;
        const event = message.data && message.data.event;
        if (event && event.replayId !== undefined && event.replayId !== null) replayId = event.replayId;
      }
      return message;
    }
  };

  function stopWith(reason) {
    stopped = true;
    connected = false;
    setStatus('error', reason);
    if (cometd && !cometd.isDisconnected()) cometd.disconnect();
  }

  /** Runs after cometd has finished with the failed message, so its own retry is not in the way. */
  function rehandshakeSoon() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- must run after cometd's failure handling returns
    setTimeout(rehandshake, 0);
  }

  function rehandshake() {
    if (stopped) return;
    setStatus('reconnecting', UNKNOWN_CLIENT);
    if (cometd.getStatus() === 'disconnected') cometd.handshake();
    else cometd.disconnect(() => !stopped && cometd.handshake());
  }

  function onMessage(message) {
    const sobject = message.data && message.data.sobject;
    if (!sobject || sobject.OwnerId !== userId) return; // managers may also receive their reports' events
    emit('call', toCallView(sobject, namespace));
  }

  function onHandshake(message) {
    if (stopped) return;
    if (!message.successful) {
      const fatal = fatalReason(message);
      if (fatal) stopWith(fatal);
      else setStatus('reconnecting', failureText(message));
      return;
    }
    handshakes += 1;
    cometd.subscribe(placeholder, onMessage, (reply) => {
      if (reply.successful) return;
      if ((reply.error || '').startsWith(UNKNOWN_CLIENT)) rehandshakeSoon();
      else stopWith(`Could not subscribe to call updates: ${failureText(reply)}`);
    });
  }

  function onConnect(message) {
    if (stopped || cometd.isDisconnected()) return;
    if (message.successful) {
      const recovered = !connected && (handshakes > 1 || lastStatus?.state === 'reconnecting');
      connected = true;
      setStatus('connected');
      if (recovered) emit('reconnect');
      return;
    }
    connected = false;
    const fatal = fatalReason(message);
    if (fatal) {
      stopWith(fatal);
    } else if ((message.error || '').startsWith(UNKNOWN_CLIENT)) {
      // CometD re-handshakes by itself only when the advice says so; Salesforce expects the client to.
      if (!(message.advice && message.advice.reconnect === 'handshake')) rehandshakeSoon();
      setStatus('reconnecting', UNKNOWN_CLIENT);
    } else {
      setStatus('reconnecting', failureText(message));
    }
  }

  return {
    start() {
      stopped = false;
      cometd = new CometD();
      cometd.unregisterTransport('websocket');
      cometd.unregisterTransport('callback-polling');
      cometd.configure({
        url,
        appendMessageTypeToURL: false,
        requestHeaders: { Authorization: `OAuth ${sessionId}` }
      });
      cometd.registerExtension('salesforceReplayAndFilter', extension);
      cometd.addListener('/meta/handshake', onHandshake);
      cometd.addListener('/meta/connect', onConnect);
      setStatus('connecting');
      cometd.handshake();
    },
    stop() {
      stopped = true;
      if (cometd && !cometd.isDisconnected()) cometd.disconnect();
    },
    onCall: (handler) => handlers.call.push(handler),
    onStatus: (handler) => handlers.status.push(handler),
    onReconnect: (handler) => handlers.reconnect.push(handler),
    get lastReplayId() {
      return replayId;
    },
    channel: filteredChannel
  };
}
