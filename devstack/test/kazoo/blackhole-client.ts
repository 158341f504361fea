/** A minimal blackhole client for tests: sends commands, collects frames, waits for a matching one. */
import WebSocket from 'ws';
import type { KazooSimulator } from '../../kazoo/index.ts';

export interface Frame {
  action: string;
  request_id?: string;
  status?: string;
  data: Record<string, unknown>;
  name?: string;
  subscribed_key?: string;
  subscription_key?: string;
  routing_key?: string;
}

export interface TestClient {
  frames: Frame[];
  send(command: Record<string, unknown>): void;
  waitFor(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  request(command: Record<string, unknown>): Promise<Frame>;
  /** Sends a WS ping frame and resolves with the pong's payload. */
  ping(payload: Buffer): Promise<Buffer>;
  close(): void;
  closed: Promise<void>;
}

export async function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  socket.on('message', (raw: Buffer) => {
    const frame = JSON.parse(raw.toString('utf8')) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (!w.match(frame)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let counter = 0;
  const client: TestClient = {
    frames,
    send: (command) => socket.send(JSON.stringify(command)),
    waitFor(match, timeoutMs = 3000) {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching frame')), timeoutMs);
        waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      });
    },
    request(command) {
      const requestId = `req-${++counter}`;
      client.send({ ...command, request_id: requestId });
      return client.waitFor((f) => f.action === 'reply' && f.request_id === requestId);
    },
    ping: (payload) =>
      new Promise((resolve) => {
        socket.once('pong', (data: Buffer) => resolve(data));
        socket.ping(payload);
      }),
    close: () => socket.close(),
    closed
  };
  return client;
}

const tokens = new WeakMap<KazooSimulator, Promise<string>>();

/** One api_auth per simulator, reused like a real client does: Kazoo's bucket allows ~3 logins a second. */
export function apiToken(sim: KazooSimulator): Promise<string> {
  let token = tokens.get(sim);
  if (!token) {
    token = login(sim);
    tokens.set(sim, token);
  }
  return token;
}

async function login(sim: KazooSimulator): Promise<string> {
  const res = await fetch(`${sim.crossbarUrl}/v2/api_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { api_key: sim.apiKey } })
  });
  const body = (await res.json()) as { auth_token: string };
  return body.auth_token;
}

/** Connects, authenticates and subscribes to `call.*.*` for the simulator's account. */
export async function subscribedClient(sim: KazooSimulator): Promise<TestClient> {
  const client = await connect(sim.websocketUrl);
  const reply = await client.request({
    action: 'subscribe',
    auth_token: await apiToken(sim),
    data: { account_id: sim.accountId, binding: 'call.*.*' }
  });
  if (reply.status !== 'success') throw new Error(`subscribe failed: ${JSON.stringify(reply.data)}`);
  return client;
}
