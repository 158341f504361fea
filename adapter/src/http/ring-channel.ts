/**
 * The ringing channel: a WebSocket (`GET /ring?ticket=…`) on which an agent's softphone hears the
 * states of its own calls the moment the correlator emits them, before the sink writes them to the
 * org. Salesforce stays the durable source of truth (the PushTopic delivers every state too, later);
 * this only takes the org's round trips out of the ringing pop, as commercial CTI softphones do.
 *
 * A browser cannot set headers on a WebSocket, so the short-lived ticket (ring-ticket.ts) travels in
 * the query string. The handshake is completed even for a refused socket, so that the page reads a
 * close code and reason instead of a bare 1006; refusals are counted by reason.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import { checkRingTicket, readRingTicket } from './ring-ticket.ts';

export const RING_PATH = '/ring';

/** Close codes (4000–4999 are the application's, RFC 6455 §7.4.2) and the reason each one sends. */
export const RING_CLOSE = {
  ticketInvalid: { code: 4401, reason: 'ring ticket invalid' },
  ticketExpired: { code: 4402, reason: 'ring ticket expired' },
  originRefused: { code: 4403, reason: 'origin not allowed' },
  tooSlow: { code: 4408, reason: 'client too slow' },
  ticketUsed: { code: 4409, reason: 'ring ticket already used' },
  lifetimeOver: { code: 4000, reason: 'socket lifetime over: reconnect with a new ticket' },
  shutdown: { code: 1001, reason: 'adapter shutting down' }
} as const;

/** What the channel needs to know of a tenant. */
export interface RingTenant {
  readonly tenantId: string;
  /** Signs the tenant's tickets (the link secret, under the ticket's own label). */
  readonly recordingLinkSecret: Uint8Array;
  /** Origins the agents' softphone pages are served from (Visualforce domains); none: the channel is off. */
  readonly ringOrigins?: readonly string[];
}

/** A record as the sink is about to upsert it: its owner is the agent whose socket hears it. */
export interface RingRecord {
  CallId__c: string;
  OwnerId: string;
}

export interface RingChannelOptions {
  metrics: AdapterMetrics;
  logger: Logger;
  nowSeconds?: () => number;
  /** How often open sockets are pinged; one that has not answered the last ping is dropped. */
  heartbeatMs?: number;
  /** A socket with more than this many bytes unsent is dropped (its page reconnects and reloads). */
  maxBufferedBytes?: number;
  /**
   * How long a socket stays open (default an hour). The ticket is checked only when it opens, so
   * an agent whose access was taken away would otherwise keep hearing calls for as long as the
   * page stays open; the page reconnects with a new ticket, which Apex gives only with access.
   */
  maxSocketMs?: number;
}

/** 15- and 18-character forms of an Id name the same user. */
const userKey = (salesforceUserId: string) => salesforceUserId.slice(0, 15);

/** The open sockets by tenant and user, and the upgrade handler that admits them. */
export class RingChannel {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly sockets = new Map<string, Map<string, Set<WebSocket>>>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;
  /**
   * Signatures of the tickets that opened a socket, with their expiry: a ticket opens one socket
   * only, so one that leaked (it travels in the query string, and proxies log those) within its
   * minute opens nothing once its page used it. Forgotten when they expire.
   */
  private readonly usedTickets = new Map<string, number>();

  constructor(private readonly options: RingChannelOptions) {
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Serves `GET /ring` upgrades on `server` for these tenants; any other upgrade is refused. */
  attach(server: Server, tenants: readonly RingTenant[]): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(request.url ?? '/', 'http://adapter.invalid');
      if (url.pathname !== RING_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.server.handleUpgrade(request, socket, head, (ws) =>
        this.admit(ws, url.searchParams.get('ticket') ?? '', request.headers.origin, tenants)
      );
    });
  }

  /** Whether anyone of the tenant listens (records are only mapped to owners for a listener). */
  hasListeners(tenantId: string): boolean {
    return (this.sockets.get(tenantId)?.size ?? 0) > 0;
  }

  /** Sends each record to its owner's sockets (one message per socket for all of its records). */
  push(tenantId: string, records: readonly RingRecord[]): void {
    const users = this.sockets.get(tenantId);
    if (!users) return;
    const byUser = new Map<string, RingRecord[]>();
    for (const record of records) {
      const key = userKey(record.OwnerId);
      if (!users.has(key)) continue;
      const list = byUser.get(key);
      if (list) list.push(record);
      else byUser.set(key, [record]);
    }
    const { metrics } = this.options;
    for (const [key, own] of byUser) {
      const message = JSON.stringify({ type: 'calls', records: own });
      for (const ws of users.get(key) ?? []) {
        if (ws.bufferedAmount > (this.options.maxBufferedBytes ?? 1_000_000)) {
          this.refuse(ws, tenantId, 'tooSlow');
          continue;
        }
        ws.send(message);
        metrics.ringPushed.inc({ tenant: tenantId }, own.length);
      }
    }
  }

  /** Closes every socket (the pages reconnect to whichever adapter comes up). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.server.clients) ws.close(RING_CLOSE.shutdown.code, RING_CLOSE.shutdown.reason);
    this.server.close();
  }

  private admit(ws: WebSocket, ticket: string, origin: string | undefined, tenants: readonly RingTenant[]): void {
    const claims = readRingTicket(ticket);
    const tenant = claims && tenants.find((candidate) => candidate.tenantId === claims.tenantId);
    // An unknown tenant cannot have signed the ticket: the same answer as a bad signature.
    const nowSeconds = this.options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    const check = tenant
      ? checkRingTicket(tenant.recordingLinkSecret, claims, claims.signature, nowSeconds)
      : 'tampered';
    if (!tenant || check === 'tampered') return this.refuse(ws, tenant?.tenantId ?? '', 'ticketInvalid');
    if (check === 'expired') return this.refuse(ws, tenant.tenantId, 'ticketExpired');
    if (!origin || !(tenant.ringOrigins ?? []).includes(origin)) {
      this.options.logger.info({ tenant: tenant.tenantId, origin }, 'ringing channel refused an origin');
      return this.refuse(ws, tenant.tenantId, 'originRefused');
    }
    for (const [signature, expiresAt] of this.usedTickets)
      if (expiresAt <= nowSeconds) this.usedTickets.delete(signature);
    if (this.usedTickets.has(claims.signature)) return this.refuse(ws, tenant.tenantId, 'ticketUsed');
    this.usedTickets.set(claims.signature, claims.expiresAt);
    this.listen(ws, tenant.tenantId, userKey(claims.salesforceUserId));
  }

  private listen(ws: WebSocket, tenantId: string, user: string): void {
    const users = this.sockets.get(tenantId) ?? new Map<string, Set<WebSocket>>();
    this.sockets.set(tenantId, users);
    const own = users.get(user) ?? new Set<WebSocket>();
    users.set(user, own);
    own.add(ws);
    this.alive.add(ws);
    this.options.metrics.ringSockets.inc({ tenant: tenantId });
    ws.on('pong', () => this.alive.add(ws));
    const lifetime = setTimeout(
      () => ws.close(RING_CLOSE.lifetimeOver.code, RING_CLOSE.lifetimeOver.reason),
      this.options.maxSocketMs ?? 3_600_000
    );
    lifetime.unref();
    // The page has nothing to say on this channel: whatever it sends is ignored.
    ws.on('error', () => ws.terminate());
    ws.once('close', () => {
      clearTimeout(lifetime);
      own.delete(ws);
      if (own.size === 0) users.delete(user);
      if (users.size === 0) this.sockets.delete(tenantId);
      this.options.metrics.ringSockets.dec({ tenant: tenantId });
    });
  }

  private refuse(ws: WebSocket, tenantId: string, reason: keyof typeof RING_CLOSE): void {
    this.options.metrics.ringRefused.inc({ tenant: tenantId, reason });
    ws.close(RING_CLOSE[reason].code, RING_CLOSE[reason].reason);
  }

  private ping(): void {
    for (const ws of this.server.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}
