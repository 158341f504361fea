/**
 * The Streaming API: a faye Bayeux server at /cometd/<version>, long-polling only, that behaves like
 * Salesforce's: OAuth/Bearer session on every request, `ext.replay` on handshake, PushTopic channels
 * with filtered subscriptions (`/topic/CallDataUpdates?OwnerId='005…'`), replay -1/-2/id within 24 h,
 * sharing, and Salesforce's error texts (401::Authentication invalid, 403::Handshake denied,
 * 403::Unknown client). Filtered channel names are not valid Bayeux names, so an extension keeps its
 * own subscription registry and maps them to internal channel names before faye validates them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { BayeuxMessage, NodeAdapter } from 'faye';
import type { Counters } from './counters.ts';
import {
  filtersMatch,
  parseTopicChannel,
  topicFromRecord,
  topicNotifies,
  topicPayload,
  type SubscriptionFilter,
  type TopicDefinition
} from './push-topics.ts';
import type { RecordChange } from './record-writer.ts';
import { tokenFromHeader, type SessionManager } from './sessions.ts';
import type { Viewer } from './soql.ts';
import type { OrgStore, StoredEvent } from './store.ts';

// faye is CommonJS and jsforce's bundled typings declare only its client as the default export.
const { NodeAdapter: FayeNodeAdapter } = createRequire(import.meta.url)('faye') as { NodeAdapter: typeof NodeAdapter };

const RETENTION_MS = 24 * 60 * 60 * 1000;

interface Subscription {
  clientId: string;
  channel: string;
  internal: string;
  topic: string;
  filters: SubscriptionFilter[];
}

interface MemoryEngine {
  _messages: Map<string, unknown[]>;
  emptyQueue(clientId: string): void;
  destroyClient(clientId: string): void;
}

export interface StreamingDeps {
  store: OrgStore;
  sessions: SessionManager;
  counters: Counters;
  apiVersion: string;
  viewerFor(userId: string): Viewer;
  /** Seconds a /meta/connect is held open when nothing happens (Salesforce: 110). */
  longPollSeconds: number;
  now(): number;
  /** Package namespace of the stored PushTopic queries ('' when un-namespaced). */
  namespace?: string;
}

export class StreamingServer {
  private readonly bayeux: NodeAdapter;
  private readonly clientUsers = new Map<string, string>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly requestFailure = new WeakMap<object, string>();
  private internalSeq = 0;
  private publishCount = 0;

  constructor(private readonly deps: StreamingDeps) {
    this.bayeux = new FayeNodeAdapter({ mount: `/cometd/${deps.apiVersion}`, timeout: deps.longPollSeconds });
    this.bayeux.addExtension({
      incoming: (message, request, callback) => callback(this.incoming(message, request)),
      outgoing: (message, request, callback) => callback(this.outgoing(message, request))
    });
    this.bayeux.on('disconnect', (clientId) => this.forget(clientId));
  }

  /** Handles one HTTP request under /cometd (long-polling only: there is no upgrade handler). */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://x').pathname.replace(/\/$/, '');
    if (path === '/cometd') {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`API version in the URI is mandatory. URI format: '/cometd/${this.deps.apiVersion}'`);
      return;
    }
    if (path !== `/cometd/${this.deps.apiVersion}`) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`Unsupported API version. Only ${this.deps.apiVersion} is served by this stand-in.`);
      return;
    }
    this.bayeux.handle(request, response);
  }

  private topics(): TopicDefinition[] {
    return this.deps.store
      .all('PushTopic')
      .filter((r) => r.IsActive !== false)
      .map((r) => topicFromRecord(r, () => this.deps.now(), this.deps.namespace ?? ''));
  }

  /** The user of the request's session: a user id, or why there is none. */
  private authenticate(request: IncomingMessage): { userId: string } | { reason: string } {
    const token = tokenFromHeader(request.headers.authorization);
    if (!token) return { reason: '401::Request requires authentication' };
    const userId = this.deps.sessions.userFor(token);
    return userId ? { userId } : { reason: '401::Authentication invalid' };
  }

  private incoming(message: BayeuxMessage, request: IncomingMessage | null): BayeuxMessage {
    const channel = message.channel;
    if (!request) return message;
    this.deps.counters.increment(`streaming.${channel.startsWith('/meta/') ? channel.slice(6) : 'publish'}`);
    const auth = this.authenticate(request);
    if ('reason' in auth) {
      if (channel === '/meta/handshake') {
        this.requestFailure.set(request, auth.reason);
        return { ...message, error: '403::Handshake denied' };
      }
      if (channel !== '/meta/disconnect') return { ...message, error: auth.reason };
    } else if (channel === '/meta/handshake') this.requestFailure.set(request, `user:${auth.userId}`);
    if (channel === '/meta/connect' && message.connectionType !== 'long-polling') {
      return { ...message, error: '400::Invalid connection type' };
    }
    if (channel === '/meta/subscribe') return this.subscribe(message);
    if (channel === '/meta/unsubscribe') return this.unsubscribe(message);
    if (!channel.startsWith('/meta/')) return { ...message, error: `403::Publishing to ${channel} is not allowed` };
    return message;
  }

  private subscribe(message: BayeuxMessage): BayeuxMessage {
    const channel = Array.isArray(message.subscription) ? message.subscription[0] : message.subscription;
    const parsedChannel = parseTopicChannel(channel ?? '', (name) => this.topics().find((t) => t.name === name));
    if ('error' in parsedChannel) return { ...message, error: parsedChannel.error };
    const clientId = message.clientId ?? '';
    const internal = `/sfdc/subscription/${++this.internalSeq}`;
    const replay = (message.ext?.replay as Record<string, unknown> | undefined)?.[channel ?? ''];
    this.subscriptions.set(internal, {
      clientId,
      channel: channel ?? '',
      internal,
      topic: parsedChannel.topic.name,
      filters: parsedChannel.filters
    });
    if (typeof replay === 'number' && replay !== -1) {
      setImmediate(() => this.replay(internal, replay));
    }
    return { ...message, subscription: internal };
  }

  private unsubscribe(message: BayeuxMessage): BayeuxMessage {
    const channel = Array.isArray(message.subscription) ? message.subscription[0] : message.subscription;
    const found = [...this.subscriptions.values()].find(
      (s) => s.clientId === message.clientId && s.channel === channel
    );
    if (!found)
      return { ...message, error: `400::The channel you requested to unsubscribe from isn't subscribed {${channel}}` };
    this.subscriptions.delete(found.internal);
    return { ...message, subscription: found.internal };
  }

  private outgoing(message: BayeuxMessage, request: IncomingMessage | null): BayeuxMessage {
    const out: BayeuxMessage = { ...message };
    const sub = typeof out.subscription === 'string' ? this.subscriptions.get(out.subscription) : undefined;
    if (sub) out.subscription = sub.channel;
    if (out.channel === '/meta/unsubscribe' && typeof out.subscription === 'string' && out.successful) {
      out.subscription = out.subscription.replace(/^\/sfdc\/subscription\/\d+$/, '');
    }
    if (out.error && /^401:[^:]*:Unknown client$/.test(out.error)) {
      out.error = '403::Unknown client';
      out.advice = { reconnect: 'handshake', interval: 0 };
    }
    if (out.channel === '/meta/handshake') {
      const note = request ? this.requestFailure.get(request) : undefined;
      if (out.successful && out.clientId && note?.startsWith('user:')) {
        this.clientUsers.set(out.clientId, note.slice(5));
        out.supportedConnectionTypes = ['long-polling'];
        out.ext = { ...out.ext, replay: true, 'payload.format': true };
      } else if (out.error === '403::Handshake denied') {
        out.ext = { sfdc: { failureReason: note ?? '401::Authentication invalid' }, replay: true };
        out.advice = { reconnect: 'none' };
      }
    }
    if (out.channel === '/meta/connect' && out.error?.startsWith('401::'))
      out.advice = { reconnect: 'none', interval: 0 };
    return out;
  }

  private memory(): MemoryEngine {
    const server = (this.bayeux as unknown as { _server: { _engine: { _engine: MemoryEngine } } })._server;
    return server._engine._engine;
  }

  private deliver(sub: Subscription, event: StoredEvent): void {
    const userId = this.clientUsers.get(sub.clientId);
    if (!userId) return;
    const viewer = this.deps.viewerFor(userId);
    const visible = viewer.seesAll || event.ownerId === viewer.userId;
    if (!visible || !filtersMatch(sub.filters, event.payload.sobject)) return;
    const engine = this.memory();
    const queue = engine._messages.get(sub.clientId) ?? [];
    queue.push({ channel: sub.channel, data: event.payload });
    engine._messages.set(sub.clientId, queue);
    engine.emptyQueue(sub.clientId);
    this.deps.counters.increment('streaming.events-delivered');
  }

  private replay(internal: string, replayId: number): void {
    const sub = this.subscriptions.get(internal);
    if (!sub) return;
    const since = this.deps.now() - RETENTION_MS;
    const events = this.deps.store.events(sub.topic, replayId === -2 ? null : replayId, since);
    for (const event of events) this.deliver(sub, event);
  }

  /** Turns a committed record change into PushTopic events, stores them and delivers them. */
  publishChange(change: RecordChange): StoredEvent[] {
    const published: StoredEvent[] = [];
    if (++this.publishCount % 1000 === 0) this.deps.store.pruneEvents(this.deps.now() - RETENTION_MS);
    for (const topic of this.topics()) {
      if (!topicNotifies(topic, change)) continue;
      const event = this.deps.store.appendEvent({
        topic: topic.name,
        type: change.type,
        createdAt: this.deps.now(),
        ownerId: typeof change.after.OwnerId === 'string' ? change.after.OwnerId : null,
        recordId: change.after.Id,
        sobject: topicPayload(topic, change.after)
      });
      published.push(event);
      for (const sub of this.subscriptions.values()) if (sub.topic === topic.name) this.deliver(sub, event);
    }
    return published;
  }

  private forget(clientId: string): void {
    this.clientUsers.delete(clientId);
    for (const [key, sub] of this.subscriptions) if (sub.clientId === clientId) this.subscriptions.delete(key);
  }

  /** Ids of the clients currently known (handshaken and not dropped). */
  clientIds(): string[] {
    return [...this.clientUsers.keys()];
  }

  /** Drops clients as Salesforce does after an outage: their next request gets 403::Unknown client. */
  dropClients(clientIds = this.clientIds()): number {
    for (const id of clientIds) {
      this.memory().destroyClient(id);
      this.forget(id);
    }
    return clientIds.length;
  }

  close(): void {
    this.bayeux.close();
  }
}
