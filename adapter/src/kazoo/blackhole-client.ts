import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { EventStream, EventStreamHandlers, StreamFault } from '../pbx/pbx-provider.ts';

export interface BlackholeOptions {
  url: string;
  accountId: string;
  bindings: readonly string[];
  /** A valid crossbar token (refreshed by the caller before it expires). */
  getToken: () => Promise<string>;
  /** Called when blackhole says the token is not valid any more. */
  invalidateToken: () => void;
  pingIntervalMs: number;
  /** How long the subscribes of one connection may wait for their replies (then: reconnect). */
  subscribeTimeoutMs?: number;
  /** Frames above this many bytes are refused (ws `maxPayload`: the socket closes with 1009). */
  maxFrameBytes?: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  logger: Logger;
  /** A previous run's last event time: the first subscription reports the gap since then. */
  missedSince?: number | null;
  now?: () => number;
  random?: () => number;
}

interface ReplyFrame {
  action: 'reply';
  request_id?: string;
  status?: string;
  data?: { errors?: unknown; subscribed?: unknown };
}

const DEFAULT_SUBSCRIBE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_FRAME_BYTES = 1_048_576;

/** Kazoo's reply texts that mean "this will never work with this config": stop and say why. */
const FATAL_ERRORS = [
  'unauthorized account id',
  'unauthorized wildcard account id',
  'missing required keys',
  'not supported'
];

/**
 * The Kazoo blackhole websocket (kazoo.md §1): one `subscribe` per binding with the auth token,
 * reply frames checked, WS pings for liveness, reconnect with exponential backoff + jitter
 * (250 ms doubling to 60 s), and after every reconnect a re-subscription of every binding and
 * one `onGap` for the time events may have been lost (blackhole never replays). With
 * `missedSince`, the first subscription also reports the gap since a previous run's last event.
 * A subscribe reply that never comes, an error reply to no request, and an oversized frame are
 * reported as faults and end in a reconnect (and so a recovered gap), never a silently dead stream.
 */
export function openBlackholeStream(options: BlackholeOptions, handlers: EventStreamHandlers): EventStream {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const log = options.logger;
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  // A start is a gap too: from the last event a previous run stored to the first subscription.
  let gapStartedAt: number | null = options.missedSince ?? null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let subscribeTimer: NodeJS.Timeout | null = null;
  const fault = (kind: StreamFault['kind'], detail: string): void => {
    log.warn({ account: options.accountId, fault: kind, detail }, 'Kazoo event stream fault');
    handlers.onFault?.({ kind, detail });
  };

  const status = (value: Parameters<NonNullable<EventStreamHandlers['onStatus']>>[0], detail?: string): void => {
    handlers.onStatus?.(value, detail);
  };

  const clearTimers = (): void => {
    if (pingTimer) clearInterval(pingTimer);
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (subscribeTimer) clearTimeout(subscribeTimer);
    pingTimer = null;
    subscribeTimer = null;
    reconnectTimer = null;
  };

  const stop = (detail: string): void => {
    stopped = true;
    clearTimers();
    socket?.close();
    log.error({ account: options.accountId, detail }, 'Kazoo event stream stopped');
    status('stopped', detail);
  };

  const scheduleReconnect = (reason: string): void => {
    if (stopped || reconnectTimer) return;
    gapStartedAt ??= now();
    const base = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** attempt);
    const delay = Math.round(base / 2 + (random() * base) / 2);
    attempt += 1;
    log.warn({ account: options.accountId, reason, delayMs: delay }, 'Kazoo websocket down, reconnecting');
    status('reconnecting', reason);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  };

  const timeoutMs = options.subscribeTimeoutMs ?? DEFAULT_SUBSCRIBE_TIMEOUT_MS;
  const subscribeAll = async (ws: WebSocket): Promise<void> => {
    let token: string;
    try {
      token = await options.getToken();
    } catch (error) {
      ws.terminate();
      scheduleReconnect(`cannot get a Kazoo auth token: ${(error as Error).message}`);
      return;
    }
    const pending = new Set<string>();
    ws.on('message', (data) => onMessage(ws, (data as Buffer).toString('utf8'), pending));
    for (const binding of options.bindings) {
      const requestId = randomBytes(8).toString('hex');
      pending.add(requestId);
      ws.send(
        JSON.stringify({
          action: 'subscribe',
          auth_token: token,
          request_id: requestId,
          data: { account_id: options.accountId, binding }
        })
      );
    }
    // Kazoo 4.3 drops replies too when the session's mailbox is full (blackhole_data_emitter.erl
    // maybe_send/4): a subscription whose reply never comes is not trusted, it is made again.
    subscribeTimer = setTimeout(() => {
      subscribeTimer = null;
      if (pending.size === 0 || socket !== ws) return;
      fault(
        'reply-timeout',
        `${pending.size} of ${options.bindings.length} subscribe replies did not come within ${timeoutMs} ms ` +
          '(Kazoo 4.3 drops frames above blackhole.max_queued_messages)'
      );
      ws.terminate();
    }, timeoutMs);
  };

  const onReply = (ws: WebSocket, reply: ReplyFrame, pending: Set<string>): void => {
    if (!reply.request_id || !pending.has(reply.request_id)) {
      // A reply to nothing we asked (or asked and already heard): harmless when it is a success;
      // an error may mean the subscriptions are gone, so they are made again on a new socket.
      if (reply.status !== 'error') return;
      const errors = Array.isArray(reply.data?.errors) ? reply.data.errors.map(String) : ['unknown error'];
      fault('unsolicited-error', `Kazoo sent an error reply to no pending request: ${errors.join('; ')}`);
      ws.terminate();
      return;
    }
    if (reply.status === 'error') {
      const errors = Array.isArray(reply.data?.errors) ? reply.data.errors.map(String) : ['unknown error'];
      const text = errors.join('; ');
      if (
        errors.some(
          (error) => error.startsWith('failed to authenticate token') || error === 'authentication token required'
        )
      ) {
        // The token expired or was revoked: fetch a new one on the next connection.
        options.invalidateToken();
        ws.terminate();
        scheduleReconnect(`Kazoo refused the auth token (${text.replace(/token \S+/, 'token …')})`);
        return;
      }
      if (errors.some((error) => FATAL_ERRORS.some((fatal) => error.includes(fatal)))) {
        stop(`Kazoo refused the subscription for account ${options.accountId}: ${text}`);
        return;
      }
      ws.terminate();
      scheduleReconnect(`Kazoo answered a subscribe with an error: ${text}`);
      return;
    }
    pending.delete(reply.request_id);
    if (pending.size > 0) return;
    if (subscribeTimer) clearTimeout(subscribeTimer);
    subscribeTimer = null;
    attempt = 0;
    if (gapStartedAt !== null) {
      handlers.onGap({ startedAt: gapStartedAt, endedAt: now() });
      gapStartedAt = null;
    }
    log.info({ account: options.accountId, bindings: options.bindings.length }, 'Kazoo event stream subscribed');
    status('connected');
  };

  const onMessage = (ws: WebSocket, text: string, pending: Set<string>): void => {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      handlers.onEvent(text);
      return;
    }
    const action = (frame as { action?: unknown } | null)?.action;
    if (action === 'reply') onReply(ws, frame as ReplyFrame, pending);
    else handlers.onEvent(frame);
  };

  const startPing = (ws: WebSocket): void => {
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    pingTimer = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, options.pingIntervalMs);
  };

  const connect = (): void => {
    if (stopped) return;
    status('connecting');
    const ws = new WebSocket(options.url, { maxPayload: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });
    socket = ws;
    ws.on('open', () => {
      startPing(ws);
      void subscribeAll(ws);
    });
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        fault('oversized-frame', `a frame above ${options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES} bytes was refused`);
        return;
      }
      log.warn({ account: options.accountId, err: error.message }, 'Kazoo websocket error');
    });
    ws.on('close', (code) => {
      if (pingTimer) clearInterval(pingTimer);
      if (subscribeTimer) clearTimeout(subscribeTimer);
      pingTimer = null;
      subscribeTimer = null;
      if (socket === ws) socket = null;
      scheduleReconnect(`websocket closed (${code})`);
    });
  };

  connect();
  return {
    close(): Promise<void> {
      stopped = true;
      clearTimers();
      const ws = socket;
      socket = null;
      status('stopped', 'closed by the adapter');
      if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    }
  };
}
