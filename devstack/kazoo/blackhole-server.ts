/**
 * Blackhole, the Kazoo 4.x websocket: auth on the first command, one binding per subscribe,
 * `reply` frames with Kazoo's error texts, `event` frames in the 4.x envelope. Subscriptions
 * live in the socket; nothing is replayed after a reconnect.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { amqpEncode } from './kazoo-format.ts';
import type { AuthTokens } from './auth-tokens.ts';

/** bh_call's ?LISTEN_TO: `call.*.*` expands to one internal binding for each. */
export const CALL_EVENTS = [
  'CHANNEL_CREATE',
  'CHANNEL_ANSWER',
  'CHANNEL_DESTROY',
  'CHANNEL_HOLD',
  'CHANNEL_UNHOLD',
  'CHANNEL_BRIDGE',
  'PARK_PARKED',
  'PARK_RETRIEVED',
  'PARK_ABANDONED'
];

interface Binding {
  /** What the client asked for, echoed as `subscribed_key`. */
  binding: string;
  accountId: string;
  kind: 'call' | 'object';
  event: string;
  target: string;
}

interface Session {
  socket: WebSocket;
  accountId: string | null;
  bindings: Binding[];
  /** Frames handed to the session process but not yet written to the socket (its mailbox). */
  mailbox: string[];
}

interface Command {
  action?: unknown;
  auth_token?: unknown;
  request_id?: unknown;
  data?: unknown;
}

export interface BlackholeStats {
  connections: number;
  framesSent: number;
  /** Frames (events and replies) dropped because a session's mailbox was over `maxQueued`. */
  framesDropped: number;
}

/** Sees every call event as the switch publishes it, before any socket gets it (benchmarks time from here). */
export type CallEventObserver = (name: string, callId: string, data: Record<string, unknown>) => void;

export class BlackholeServer {
  private readonly server: Server;
  private readonly observers = new Set<CallEventObserver>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private refuseUntil = 0;
  readonly stats: BlackholeStats = { connections: 0, framesSent: 0, framesDropped: 0 };
  /**
   * Kazoo 4.3 `blackhole.max_queued_messages` (default 50): a frame meant for a session whose
   * mailbox holds more is dropped silently, replies included, and the socket stays open
   * (blackhole_data_emitter.erl maybe_send/4, 4.3:13,44-52; removed on master). Infinity (the
   * default here) never drops. The mailbox drains once per event-loop turn.
   */
  maxQueued = Number.POSITIVE_INFINITY;

  constructor(
    private readonly tokens: AuthTokens,
    private readonly accountId: string
  ) {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('blackhole did not bind');
    return address.port;
  }

  /** Cuts every socket abruptly (as a lost connection or a restarting node) and refuses new ones for `outageMs`. */
  dropSockets(outageMs = 0): void {
    this.refuseUntil = Date.now() + outageMs;
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
  }

  get connectedClients(): number {
    return this.sessions.size;
  }

  /** Calls `observer` for every call event published from now on; returns a function that stops it. */
  observeCalls(observer: CallEventObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  /** Sends a call event to every session whose binding matches it. */
  publishCall(name: string, callId: string, data: Record<string, unknown>): void {
    for (const observer of this.observers) observer(name, callId, data);
    const routingKey = `call.${this.accountId}.${name}.${amqpEncode(callId)}`;
    for (const session of this.sessions) {
      for (const b of session.bindings) {
        if (b.kind !== 'call' || b.accountId !== this.accountId) continue;
        if (b.event !== name || (b.target !== '*' && b.target !== callId)) continue;
        this.send(session, {
          action: 'event',
          subscribed_key: b.binding,
          subscription_key: `call.${b.accountId}.${name}.${b.target === '*' ? '*' : amqpEncode(b.target)}`,
          name,
          routing_key: routingKey,
          data
        });
      }
    }
  }

  /** `object.doc_created.<type>` events (simulator assumption for the data shape: id, type, account). */
  publishObject(action: string, type: string, id: string): void {
    for (const session of this.sessions) {
      for (const b of session.bindings) {
        if (b.kind !== 'object' || (b.event !== '*' && b.event !== action) || (b.target !== '*' && b.target !== type))
          continue;
        this.send(session, {
          action: 'event',
          subscribed_key: b.binding,
          subscription_key: `object.${action}.${type}`,
          name: action,
          routing_key: `${action}.${type}.${amqpEncode(id)}`,
          data: { id, type, account_id: b.accountId, action }
        });
      }
    }
  }

  /**
   * Fault injection: an error `reply` to no request any client made, on every session. The shape
   * is Kazoo's (blackhole_data_emitter.erl reply/4, master:33-42; an error's data is
   * `{errors: [...]}`, blackhole_socket_callback.erl send_error/1, master:64-72), and the id is
   * one Kazoo makes up for a command sent without `request_id` (bh_context.erl from_json/2,
   * master:114-117, `kz_binary:rand_hex(16)`). The default text is the rate limiter's
   * (blackhole_socket_callback.erl rate/3, master:94-102). Returns the sessions it went to.
   */
  sendUnsolicitedError(errors: string[] = ['rate limiting threshold hit for 127.0.0.1:0!']): number {
    for (const session of this.sessions) this.reply(session, randomBytes(16).toString('hex'), 'error', { errors });
    return this.sessions.size;
  }

  /**
   * Fault injection, not Kazoo behaviour: `text` written as one websocket frame to every
   * subscribed session as is (a broken or hostile frame a proxy or a bug could deliver).
   */
  sendRawFrame(text: string): number {
    let sent = 0;
    for (const session of this.sessions) {
      if (session.bindings.length === 0) continue;
      this.sendText(session, text);
      sent++;
    }
    return sent;
  }

  async close(): Promise<void> {
    this.dropSockets();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // blackhole_socket_handler:init/2 answers 400 to any subprotocol request.
    if (req.headers['sec-websocket-protocol']) return reject(socket, 400, 'Bad Request');
    if (Date.now() < this.refuseUntil) return reject(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(socket: WebSocket): void {
    const session: Session = { socket, accountId: null, bindings: [], mailbox: [] };
    this.sessions.add(session);
    this.stats.connections++;
    socket.on('message', (raw: Buffer) => this.handle(session, raw.toString('utf8')));
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => this.sessions.delete(session));
  }

  private handle(session: Session, text: string): void {
    let command: Command;
    try {
      command = JSON.parse(text) as Command;
      if (typeof command !== 'object' || command === null) throw new Error('not an object');
    } catch {
      return this.reply(session, undefined, 'error', { errors: ['invalid json'] });
    }
    const requestId = typeof command.request_id === 'string' ? command.request_id : randomBytes(8).toString('hex');
    if (session.accountId === null) {
      const token = typeof command.auth_token === 'string' ? command.auth_token : '';
      if (!token) return this.reply(session, requestId, 'error', { errors: ['authentication token required'] });
      const accountId = this.tokens.accountFor(token);
      if (!accountId)
        return this.reply(session, requestId, 'error', { errors: [`failed to authenticate token ${token}`] });
      session.accountId = accountId;
    }
    const action = typeof command.action === 'string' ? command.action : 'noop';
    if (action === 'subscribe' || action === 'unsubscribe')
      return this.subscription(session, requestId, action, command);
    this.reply(session, requestId, 'success', {});
  }

  private subscription(session: Session, requestId: string, action: string, command: Command): void {
    const data = command.data;
    if (typeof data !== 'object' || data === null || Object.keys(data).length === 0)
      return this.reply(session, requestId, 'error', { errors: ['missing required keys in data object'] });
    const fields = data as Record<string, unknown>;
    const missing = ['account_id', 'binding'].filter((k) => typeof fields[k] !== 'string');
    if (missing.length)
      return this.reply(session, requestId, 'error', { errors: [`missing required keys : ${missing.join(', ')}`] });
    const accountId = fields.account_id as string;
    const binding = fields.binding as string;
    if (accountId === '*')
      return this.reply(session, requestId, 'error', { errors: ['unauthorized wildcard account id'] });
    if (accountId !== session.accountId)
      return this.reply(session, requestId, 'error', { errors: ['unauthorized account id'] });
    const parsed = parseBinding(binding, accountId);
    if (typeof parsed === 'string') return this.reply(session, requestId, 'error', { errors: [parsed] });
    if (action === 'subscribe') {
      session.bindings.push(...parsed);
      return this.reply(session, requestId, 'success', { subscribed: session.bindings.map((b) => b.binding) });
    }
    session.bindings = session.bindings.filter((b) => b.binding !== binding);
    this.reply(session, requestId, 'success', {
      unsubscribed: parsed.map((b) => b.binding),
      subscribed: session.bindings.map((b) => b.binding)
    });
  }

  private reply(session: Session, requestId: string | undefined, status: string, data: Record<string, unknown>): void {
    this.send(session, { action: 'reply', request_id: requestId ?? randomBytes(8).toString('hex'), status, data });
  }

  private send(session: Session, frame: Record<string, unknown>): void {
    this.sendText(session, JSON.stringify(frame));
  }

  private sendText(session: Session, text: string): void {
    if (session.socket.readyState !== session.socket.OPEN) return;
    if (session.mailbox.length > this.maxQueued) {
      this.stats.framesDropped++;
      return;
    }
    session.mailbox.push(text);
    if (session.mailbox.length === 1) setImmediate(() => this.drain(session));
  }

  private drain(session: Session): void {
    const frames = session.mailbox.splice(0);
    if (session.socket.readyState !== session.socket.OPEN) return;
    for (const text of frames) session.socket.send(text);
    this.stats.framesSent += frames.length;
  }
}

/** The internal bindings a client binding maps to, or Kazoo's error text. */
function parseBinding(binding: string, accountId: string): Binding[] | string {
  const [kind, event = '', ...rest] = binding.split('.');
  const target = rest.join('.');
  if (kind === 'call') {
    if (!event || !target) return 'no available subscriptions to requested binding';
    if (event === '*') return CALL_EVENTS.map((name) => ({ binding, accountId, kind: 'call', event: name, target }));
    if (!CALL_EVENTS.includes(event)) return `event ${event} not supported`;
    return [{ binding, accountId, kind: 'call', event, target }];
  }
  if (kind === 'object' && ['doc_created', 'doc_edited', 'doc_deleted', '*'].includes(event) && target)
    return [{ binding, accountId, kind: 'object', event, target }];
  return 'no available subscriptions to requested binding';
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
