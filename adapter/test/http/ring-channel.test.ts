import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { RingChannel } from '../../src/http/ring-channel.ts';
import { signRingTicket } from '../../src/http/ring-ticket.ts';
import { createAdapterMetrics } from '../../src/metrics/adapter-metrics.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

const ORIGIN = 'https://acme--c.vf.force.com';
const ALICE = '005000000000001AAA';
const BOB = '005000000000002AAA';
const NOW = 1_900_000_000;

const acme = { ...fakeTenant({ tenantId: 'acme' }), ringOrigins: [ORIGIN] };
const globex = fakeTenant({ tenantId: 'globex' });
const metrics = createAdapterMetrics();
const ring = new RingChannel({ metrics, logger: pino({ level: 'silent' }), nowSeconds: () => NOW });
const app = buildHttpServer(testDeps([acme, globex], { ringChannel: ring, publicBaseUrl: 'http://127.0.0.1:1' }));
let base = '';

const record = (owner: string, callId: string) => ({ CallId__c: callId, OwnerId: owner, Status__c: 'Ringing' });
const ticketFor = (user: string, expiresAt = NOW + 60) =>
  signRingTicket(acme.recordingLinkSecret, { tenantId: 'acme', salesforceUserId: user, expiresAt });

interface Opened {
  socket: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  next(): Promise<unknown>;
}

/** Opens the channel and collects what it hears; resolves once the socket is open. */
async function open(ticket: string, origin = ORIGIN): Promise<Opened> {
  const socket = new WebSocket(`${base}/ring?ticket=${encodeURIComponent(ticket)}`, { origin });
  const messages: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const message: unknown = JSON.parse(data.toString('utf8'));
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }))
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = () =>
    messages.length ? Promise.resolve(messages.shift()) : new Promise<unknown>((resolve) => waiting.push(resolve));
  return { socket, messages, closed, next };
}

async function refusals(reason: string): Promise<number> {
  const values = (await metrics.ringRefused.get()).values;
  return values.filter((v) => v.labels.reason === reason).reduce((sum, v) => sum + v.value, 0);
}

/** Resolves once the server has registered the one socket just opened (and let go of earlier ones). */
async function listening(): Promise<void> {
  const deadline = Date.now() + 5_000;
  const open = async () => (await metrics.ringSockets.get()).values.find((v) => v.labels.tenant === 'acme')?.value;
  while ((await open()) !== 1) {
    if (Date.now() > deadline) throw new Error('no listener registered');
    await new Promise((r) => setTimeout(r, 10));
  }
}

before(async () => {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  base = address.replace(/^http/, 'ws');
});

after(async () => {
  ring.close();
  await app.close();
});

describe('POST /api/v1/ring/tickets', () => {
  it('gives the agent a one-minute ticket and the channel URL, with the API key only', async () => {
    const asked = (key: string | null, user = ALICE) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/ring/tickets',
        headers: key ? { 'x-api-key': key } : {},
        payload: { salesforceUserId: user }
      });
    const answer = await asked(acme.apiKey);
    assert.equal(answer.statusCode, 200, answer.body);
    const body = answer.json<{ ticket: string; url: string; expiresAt: string }>();
    assert.equal(body.url, 'ws://127.0.0.1:1/ring');
    assert.match(body.ticket, /^acme\.005000000000001AAA\.\d+\.[\w-]{43}$/);
    const seconds = (Date.parse(body.expiresAt) - Date.now()) / 1000;
    assert.ok(seconds > 50 && seconds <= 60, `expires within a minute (${seconds} s)`);
    assert.equal((await asked(null)).statusCode, 401);
    assert.equal((await asked(acme.apiKey, '003000000000001AAA')).statusCode, 400, 'a user id, not a contact');
    const off = await asked(globex.apiKey);
    assert.equal(off.statusCode, 404);
    assert.equal(off.json<{ error: { code: string } }>().error.code, 'RING_CHANNEL_DISABLED');
  });
});

describe('GET /ring', () => {
  it("delivers the agent's own records and nobody else's", async () => {
    const alice = await open(ticketFor(ALICE));
    await listening();
    ring.push('acme', [record(BOB, 'i1:bob')]);
    ring.push('globex', [record(ALICE, 'i2:alice')]);
    ring.push('acme', [record(ALICE, 'i3:alice'), record(BOB, 'i3:bob')]);
    // Messages arrive in order: had Bob's or globex's record been sent, it would come first.
    assert.deepEqual(await alice.next(), { type: 'calls', records: [record(ALICE, 'i3:alice')] });
    alice.socket.close();
    await alice.closed;
  });

  it('takes a 15-character user id for the same user as the 18-character OwnerId', async () => {
    const alice = await open(ticketFor(ALICE.slice(0, 15)));
    await listening();
    ring.push('acme', [record(ALICE, 'i4:alice')]);
    assert.deepEqual(await alice.next(), { type: 'calls', records: [record(ALICE, 'i4:alice')] });
    alice.socket.close();
    await alice.closed;
  });

  it('closes with a code and reason for a bad or expired ticket or a foreign origin, and counts it', async () => {
    const cases = [
      { ticket: `${ticketFor(ALICE).slice(0, -2)}AA`, origin: ORIGIN, code: 4401, reason: 'ticketInvalid' },
      { ticket: 'nonsense', origin: ORIGIN, code: 4401, reason: 'ticketInvalid' },
      { ticket: ticketFor(ALICE, NOW), origin: ORIGIN, code: 4402, reason: 'ticketExpired' },
      { ticket: ticketFor(ALICE), origin: 'https://evil.example', code: 4403, reason: 'originRefused' }
    ];
    for (const c of cases) {
      const before = await refusals(c.reason);
      const socket = await open(c.ticket, c.origin);
      const closed = await socket.closed;
      assert.equal(closed.code, c.code, `${c.reason}: ${closed.reason}`);
      assert.ok(closed.reason.length > 0, 'the page is told why');
      assert.equal(await refusals(c.reason), before + 1, `${c.reason} counted`);
    }
    assert.equal(ring.hasListeners('acme'), false, 'no refused socket listens');
  });

  it('opens one socket per ticket: the same ticket again is refused while its first socket still listens', async () => {
    const ticket = ticketFor(ALICE, NOW + 45);
    const first = await open(ticket);
    await listening();
    const before = await refusals('ticketUsed');
    const again = await open(ticket);
    assert.equal((await again.closed).code, 4409);
    assert.equal(await refusals('ticketUsed'), before + 1);
    ring.push('acme', [record(ALICE, 'i5:alice')]);
    assert.deepEqual(await first.next(), { type: 'calls', records: [record(ALICE, 'i5:alice')] });
    first.socket.close();
    await first.closed;
  });

  it('closes a socket whose lifetime is over, so the page must come back with a new ticket', async () => {
    const shortLived = new RingChannel({
      metrics: createAdapterMetrics(),
      logger: pino({ level: 'silent' }),
      nowSeconds: () => NOW,
      maxSocketMs: 50
    });
    const server = buildHttpServer(testDeps([acme], { ringChannel: shortLived, publicBaseUrl: 'http://127.0.0.1:1' }));
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/ring?ticket=${ticketFor(BOB)}`, {
        origin: ORIGIN
      });
      const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
        socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }))
      );
      assert.equal(closed.code, 4000, closed.reason);
      assert.match(closed.reason, /new ticket/);
      // The server lets go of it once the closing handshake is over, just after the page heard the close.
      const deadline = Date.now() + 5_000;
      while (shortLived.hasListeners('acme') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(shortLived.hasListeners('acme'), false);
    } finally {
      shortLived.close();
      await server.close();
    }
  });

  it('refuses a ticket signed with another tenant’s secret', async () => {
    const forged = signRingTicket(globex.recordingLinkSecret, {
      tenantId: 'acme',
      salesforceUserId: ALICE,
      expiresAt: NOW + 60
    });
    const socket = await open(forged);
    assert.equal((await socket.closed).code, 4401);
  });
});
