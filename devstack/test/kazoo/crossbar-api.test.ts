import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKazooSimulator, type KazooSimulator } from '../../kazoo/index.ts';
import { apiToken } from './blackhole-client.ts';
import { pino } from 'pino';
import { createKazooProvider } from '../../../adapter/src/kazoo/kazoo-provider.ts';

let sim: KazooSimulator;
let token: string;
before(async () => {
  sim = await startKazooSimulator({ seed: 11, timeScale: 0.002, recordingDelayMs: 1000 });
  token = await apiToken(sim);
});
after(() => sim.stop());

interface Envelope {
  auth_token: string;
  data: unknown;
  request_id: string;
  revision: string;
  status: string;
  error?: string;
  message?: string;
  page_size?: number;
  next_start_key?: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Envelope }> {
  const res = await fetch(`${sim.crossbarUrl}/v2/accounts/${sim.accountId}${path}`, {
    headers: { 'x-auth-token': token, ...headers }
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

async function apiAuth(apiKey: string) {
  const res = await fetch(`${sim.crossbarUrl}/v2/api_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { api_key: apiKey } })
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

/** api_auth, waiting out Kazoo's login bucket (429) for up to 10 s. */
async function apiAuthPatiently(apiKey: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await apiAuth(apiKey);
    if (answer.status !== 429 || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('api_auth trades the API key for a token; a key of the wrong length is 400, an unknown one 404', async () => {
  assert.match(token, /^[0-9a-f]{48}$/);
  const short = await apiAuthPatiently('wrong');
  assert.equal(short.status, 400);
  assert.equal(short.body.status, 'error');
  assert.equal(short.body.message, 'validation error');
  const unknown = await apiAuthPatiently('f'.repeat(64));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.message, 'bad identifier');
});

test('logins in a burst from one address run out of tokens (429), then the bucket refills', async () => {
  const statuses = new Set<number>();
  for (let i = 0; i < 4; i += 1) statuses.add((await apiAuth(sim.apiKey)).status);
  assert.ok(statuses.has(429), `four logins at once, got ${[...statuses].join(', ')}`);
  assert.equal((await apiAuthPatiently(sim.apiKey)).status, 201);
});

test('every answer uses the crossbar envelope; a missing or bad token gets 401', async () => {
  const { status, body } = await get('/users', { 'x-request-id': 'abc-1' });
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body).sort().slice(0, 5), ['auth_token', 'data', 'node', 'page_size', 'request_id']);
  assert.equal(body.request_id, 'abc-1');
  assert.equal(body.auth_token, token);
  assert.equal(body.status, 'success');
  assert.equal((await get('/users', { 'x-auth-token': 'bogus' })).status, 401);
});

test('lists are paginated with page_size and an opaque next_start_key', async () => {
  const ids: string[] = [];
  let startKey: string | undefined;
  do {
    const { body } = await get(`/devices?page_size=3${startKey ? `&start_key=${startKey}` : ''}`);
    ids.push(...(body.data as { id: string }[]).map((d) => d.id));
    assert.ok((body.page_size ?? 0) <= 3);
    startKey = body.next_start_key;
  } while (startKey);
  assert.equal(ids.length, 4, 'every device once, over two pages');
  assert.equal(new Set(ids).size, 4);
});

test('callflows give each user extension; users and devices carry the fixed ids', async () => {
  const flows = (await get('/callflows')).body.data as { numbers: string[]; owner_id?: string }[];
  const alice = flows.find((f) => f.numbers.includes('101'));
  assert.equal(alice?.owner_id, 'a1f3c2e4b5d6478899aabbccddeeff01');
  const users = (await get('/users')).body.data as { id: string; first_name: string }[];
  assert.deepEqual(
    users.map((u) => u.first_name),
    ['Alice', 'Bob', 'Carol']
  );
});

test('channels list live legs; after hangup CDRs exist per leg and the recording appears late', async () => {
  const run = await sim.play('inbound-user', { timeScale: 0.02, ringSeconds: 4, talkSeconds: 5 });
  await run.reached('ringing');
  const live = (await get('/channels')).body.data as { uuid: string; interaction_id: string | null }[];
  assert.ok(live.some((c) => c.uuid === run.callIds[0]));
  await run.reached('ended');
  const legs = (await get(`/cdrs/legs/${run.interactionId}`)).body.data as {
    call_id: string;
    interaction_id: string;
  }[];
  assert.deepEqual(legs.map((l) => l.call_id).sort(), [...run.callIds].sort());
  const recordingId = run.expected[0]?.RecordingId__c as string;
  assert.equal((await get(`/recordings/${recordingId}`)).status, 404, 'saved only after a short delay');
  await run.finished;
  const meta = await get(`/recordings/${recordingId}`);
  assert.equal((meta.body.data as { interaction_id: string }).interaction_id, run.interactionId);
  const cdrs = (await get('/cdrs?created_from=63000000000')).body.data as { interaction_id: string }[];
  assert.ok(cdrs.some((c) => c.interaction_id === run.interactionId));
});

test('a recording’s audio comes back as real WAV bytes, whole or by range', async () => {
  const run = await sim.play('outbound-answered', { timeScale: 0.002 });
  await run.finished;
  const url = `${sim.crossbarUrl}/v2/accounts/${sim.accountId}/recordings/${run.expected[0]?.RecordingId__c}`;
  const whole = await fetch(url, { headers: { 'x-auth-token': token, accept: 'audio/mpeg' } });
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-type'), 'audio/wav');
  const bytes = Buffer.from(await whole.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('ascii'), 'RIFF');
  assert.equal(bytes.subarray(8, 12).toString('ascii'), 'WAVE');
  const part = await fetch(url, { headers: { 'x-auth-token': token, accept: 'audio/*', range: 'bytes=0-99' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 0-99/${bytes.length}`);
  assert.equal((await part.arrayBuffer()).byteLength, 100);
  // api_resource.erl get_range/2: a suffix or an end past the file is the whole file; a start past
  // the end crashes the binary match (500).
  const ranged = (range: string) => fetch(url, { headers: { 'x-auth-token': token, accept: 'audio/*', range } });
  const suffix = await ranged('bytes=-10');
  const longEnd = await ranged(`bytes=10-${bytes.length + 50}`);
  const beyond = await ranged(`bytes=${bytes.length + 1}-`);
  assert.deepEqual([suffix.status, longEnd.status, beyond.status], [200, 200, 500]);
  assert.equal((await suffix.arrayBuffer()).byteLength, bytes.length);
  assert.equal((await longEnd.arrayBuffer()).byteLength, bytes.length);
  await beyond.body?.cancel();
});

test('the adapter’s connection test reaches the account with the API key, and names a wrong key', async () => {
  const logger = pino({ level: 'silent' });
  const config = { baseUrl: sim.crossbarUrl, websocketUrl: sim.websocketUrl, accountId: sim.accountId };
  const good = await createKazooProvider({ ...config, apiKey: sim.apiKey }, logger).testConnection();
  assert.equal(good.ok, true, good.detail);
  assert.match(good.detail, new RegExp(`Acme Demo \\(${sim.accountId}\\)`));
  const bad = await createKazooProvider({ ...config, apiKey: 'not-the-key' }, logger).testConnection();
  assert.equal(bad.ok, false);
  assert.ok(bad.detail.length > 0, 'a refused key is explained');
});
