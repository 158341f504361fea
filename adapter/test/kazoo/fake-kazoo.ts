import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
/** Kazoo API keys are 64 characters (schemas/api_auth.json). */
export const API_KEY = 'a7e57ab1'.repeat(8);

export interface CrossbarCall {
  method: string;
  path: string;
  query: URLSearchParams;
  token: string | undefined;
  body: unknown;
  accept: string | undefined;
}

/** A canned answer; `delayMs` holds it back (a quickcall POST lasts until the phone answers). */
type Route = (call: CrossbarCall) => { status: number; body: unknown; delayMs?: number } | undefined;

/**
 * A small Kazoo for client tests: Crossbar (`PUT /v2/api_auth` answering 400/404 for a bad key,
 * the envelope, 401 on a bad token)
 * and a blackhole websocket that checks the token on the first command, one binding per
 * subscribe, the account scope, and answers with Kazoo's reply frames and error texts.
 */
export class FakeKazoo {
  readonly calls: CrossbarCall[] = [];
  readonly subscribes: { token: string; accountId: string; binding: string }[] = [];
  readonly sockets = new Set<WebSocket>();
  readonly routes: Route[] = [];
  /** Tokens blackhole refuses (as if expired) even though Crossbar issued them. */
  readonly rejectedTokens = new Set<string>();
  connections = 0;
  /** How many coming subscribe replies are never sent (Kazoo 4.3 dropping frames above max_queued_messages). */
  dropReplies = 0;
  /** How many coming api_auth calls answer 429 (the per-IP login bucket is empty). */
  refuseLogins = 0;
  private issued = 0;
  private readonly tokens = new Set<string>();
  private http!: Server;
  private wss!: WebSocketServer;
  baseUrl = '';
  websocketUrl = '';

  /** `answerPings: false` makes a socket that looks open but is dead (no pong to WS pings). */
  constructor(private readonly options: { answerPings?: boolean } = {}) {}

  async start(): Promise<this> {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: this.options.answerPings ?? true });
    const listening = new Promise<void>((resolve) => this.wss.once('listening', resolve));
    this.wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    await listening;
    this.baseUrl = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    this.websocketUrl = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
    return this;
  }

  get authCount(): number {
    return this.issued;
  }

  /** Forgets every issued token, as if they expired. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Sends a frame to every connected socket. */
  emit(frame: unknown): void {
    for (const socket of this.sockets) socket.send(JSON.stringify(frame));
  }

  /** Kills every socket without a close handshake (a network drop). */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const bindings: string[] = [];
    let authenticated = false;
    socket.on('message', (text: Buffer) => {
      const message = JSON.parse(text.toString()) as {
        action: string;
        auth_token?: string;
        request_id: string;
        data?: { account_id?: string; binding?: string };
      };
      const reply = (status: string, data: unknown): void =>
        socket.send(JSON.stringify({ action: 'reply', request_id: message.request_id, status, data }));
      const token = message.auth_token ?? '';
      if (!authenticated && (!this.tokens.has(token) || this.rejectedTokens.has(token)))
        return reply('error', { errors: [`failed to authenticate token ${token}`] });
      authenticated = true;
      if (message.data?.account_id !== ACCOUNT) return reply('error', { errors: ['unauthorized account id'] });
      if (!message.data.binding) return reply('error', { errors: ['missing required keys : binding'] });
      bindings.push(message.data.binding);
      this.subscribes.push({ token, accountId: message.data.account_id, binding: message.data.binding });
      if (this.dropReplies > 0) {
        this.dropReplies -= 1;
        return;
      }
      reply('success', { subscribed: [...bindings] });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const call: CrossbarCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      token: req.headers['x-auth-token'] as string | undefined,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      accept: req.headers.accept
    };
    this.calls.push(call);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (call.method === 'PUT' && call.path === '/v2/api_auth') {
      if (this.refuseLogins > 0) {
        this.refuseLogins -= 1;
        return send(429, { status: 'error', error: '429', message: 'too_many_requests', data: {} });
      }
      const key = (call.body as { data?: { api_key?: string } } | undefined)?.data?.api_key;
      // schemas/api_auth.json: exactly 64 characters, else 400; cb_api_auth.erl:149: unknown → 404.
      if (typeof key !== 'string' || key.length !== 64)
        return send(400, { status: 'error', error: '400', message: 'validation error', data: { api_key: {} } });
      if (key !== API_KEY)
        return send(404, { status: 'error', error: '404', message: 'bad identifier', data: { not_found: key } });
      this.issued += 1;
      const token = `token-${this.issued}`;
      this.tokens.add(token);
      return send(201, { auth_token: token, data: { account_id: ACCOUNT }, request_id: 'r', status: 'success' });
    }
    if (!call.token || !this.tokens.has(call.token))
      return send(401, { status: 'error', error: '401', message: 'invalid_credentials', data: {} });
    for (const route of this.routes) {
      const answer = route(call);
      if (!answer) continue;
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      return send(answer.status, { auth_token: call.token, request_id: 'r', ...(answer.body as object) });
    }
    send(404, { status: 'error', error: '404', message: 'bad identifier', data: {} });
  }
}
