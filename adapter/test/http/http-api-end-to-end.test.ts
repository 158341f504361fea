/**
 * The HTTP API of the real adapter (composition root, Kazoo provider, pipeline, Salesforce sink)
 * wired to the Kazoo simulator and the Salesforce stand-in over their real protocols.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startKazooSimulator, USERS, type KazooSimulator } from '../../../devstack/kazoo/index.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../devstack/salesforce/seed.ts';
import { stackConnections } from '../../../devstack/stack-connections.ts';
import { startAdapter, type RunningAdapter } from '../../src/app/start-adapter.ts';
import { adapterConfigSchema } from '../../src/config/adapter-config.ts';
import { signRecordingLink } from '../../src/http/recording-link-signature.ts';
import {
  KAZOO_RESERVED_CCV_KEYS,
  webhookPayloadFor,
  webhookRequestFor
} from '../../../devstack/kazoo/webhook-delivery.ts';

const ALICE = USERS[0]?.id as string;
const API_KEY = randomBytes(24).toString('hex');
const LINK_SECRET = randomBytes(32).toString('hex');
const WEBHOOK_SECRET = randomBytes(24).toString('hex');
const PUBLIC_BASE = 'https://cti.example.test/adapter';

let kazoo: KazooSimulator;
let salesforce: SalesforceStandIn;
let adapter: RunningAdapter;
let storeDir: string;

before(async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  });
  kazoo = await startKazooSimulator({ seed: 5, timeScale: 0.002, recordingDelayMs: 0 });
  salesforce = await startSalesforceStandIn({ jwtCertificatePem: publicKey, jwtClientId: 'http-test', harness: false });
  storeDir = mkdtempSync(join(tmpdir(), 'http-e2e-'));
  const config = adapterConfigSchema.parse({
    logLevel: 'error',
    http: { host: '127.0.0.1', port: 0, publicBaseUrl: PUBLIC_BASE, recordingLinkTtlSeconds: 120 },
    store: { directory: storeDir },
    delivery: { graceMs: 0, reconcileIntervalMs: 3_600_000 },
    tenants: [
      {
        id: 'acme',
        ...stackConnections(kazoo, salesforce, { clientId: 'http-test', privateKey }),
        defaultOwnerId: UNASSIGNED_QUEUE.Id,
        coalesceWindowMs: 20,
        apiKey: API_KEY,
        recordingLinkSecret: LINK_SECRET,
        webhookSecret: WEBHOOK_SECRET
      }
    ]
  });
  adapter = await startAdapter(config, pino({ level: 'silent' }));
  await waitFor(() => kazoo.connectedClients() > 0, 'the adapter subscribed to the simulator');
});

after(async () => {
  await kazoo.stop();
  await adapter.stop();
  await salesforce.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function api(path: string, init: RequestInit = {}, key: string | null = API_KEY): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key !== null) headers.set('x-api-key', key);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${adapter.url}${path}`, { ...init, headers });
}

/** The signed URL as the browser would use it: the adapter's public base replaced by where it listens. */
const local = (url: string) => url.replace(PUBLIC_BASE, adapter.url as string);

const callData = () => salesforce.records('CallData__c');

describe('the adapter HTTP API against the Kazoo simulator', () => {
  it('refuses calls without a valid API key', async () => {
    const noKey = await api('/api/v1/pbx/users', {}, null);
    const wrongKey = await api('/api/v1/dial', { method: 'POST', body: '{}' }, 'not-the-key');
    assert.equal(noKey.status, 401);
    assert.equal(wrongKey.status, 401);
    assert.equal(((await wrongKey.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
  });

  it('lists the PBX users with their extensions', async () => {
    const response = await api('/api/v1/pbx/users');
    const { users } = (await response.json()) as { users: { pbxUserId: string; extensions: string[] }[] };
    assert.equal(response.status, 200);
    assert.deepEqual(users.find((user) => user.pbxUserId === ALICE)?.extensions.includes('101'), true);
  });

  it('dials through a quickcall that carries the related record into the CallData__c record', async () => {
    const agent = salesforce.userId(ALICE);
    const related = salesforce.records('Contact')[0]?.Id as string;
    const response = await api('/api/v1/dial', {
      method: 'POST',
      body: JSON.stringify({ salesforceUserId: agent, number: '+1 (415) 555-0124', relatedRecordId: related })
    });
    const body = (await response.json()) as { reference: string; status: string };
    assert.equal(response.status, 202, JSON.stringify(body));
    assert.equal(body.status, 'queued');
    const quickcall = kazoo.quickcalls.at(-1);
    assert.equal(quickcall?.userId, ALICE);
    assert.equal(quickcall?.customApplicationVars.sf_related_record_id, related);
    assert.equal(quickcall?.callId, body.reference);

    await waitFor(
      () => callData().some((r) => r.RelatedRecordId__c === related && r.Status__c === 'Ended' && r.RecordingId__c),
      'the click-to-dial record ended in Salesforce'
    );
    const record = callData().find((r) => r.RelatedRecordId__c === related);
    assert.equal(record?.PbxUserId__c, ALICE);
    assert.equal(record?.OwnerId, agent);
    assert.equal(record?.Direction__c, 'Outbound');
  });

  it("says the agent's phone is offline when Kazoo answers DESTINATION_OUT_OF_ORDER", async () => {
    kazoo.setDeviceOnline(ALICE, false);
    const response = await api('/api/v1/dial', {
      method: 'POST',
      body: JSON.stringify({ salesforceUserId: salesforce.userId(ALICE), number: '1002' })
    });
    kazoo.setDeviceOnline(ALICE, true);
    assert.equal(response.status, 409);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'DESTINATION_OUT_OF_ORDER');
  });

  it('plays a recording through a signed link, with ranges, and refuses altered or expired links', async () => {
    const recordingId = String(callData().find((r) => r.RecordingId__c)?.RecordingId__c);
    const link = await api(`/api/v1/recordings/${recordingId}/link?salesforceUserId=${salesforce.userId(ALICE)}`);
    const { url } = (await link.json()) as { url: string };
    assert.equal(link.status, 200);
    assert.ok(url.startsWith(`${PUBLIC_BASE}/recordings/${recordingId}?`), url);

    const whole = await fetch(local(url));
    const audio = Buffer.from(await whole.arrayBuffer());
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'audio/wav');
    assert.equal(audio.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(Number(whole.headers.get('content-length')), audio.length);

    const part = await fetch(local(url), { headers: { range: 'bytes=4-11' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 4-11/${audio.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), audio.subarray(4, 12));

    // Crossbar serves no suffix ranges and crashes (500) on a start past the end (api_resource.erl
    // get_range/2): the adapter answers both itself, as RFC 9110 §14.1.2 and §15.5.17 say.
    const tail = await fetch(local(url), { headers: { range: 'bytes=-8' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${audio.length - 8}-${audio.length - 1}/${audio.length}`);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), audio.subarray(audio.length - 8));
    const beyond = await fetch(local(url), { headers: { range: `bytes=${audio.length + 10}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${audio.length}`);
    await beyond.body?.cancel();
    const clamped = await fetch(local(url), { headers: { range: `bytes=${audio.length - 4}-${audio.length + 100}` } });
    assert.equal(clamped.status, 206);
    assert.equal(clamped.headers.get('content-range'), `bytes ${audio.length - 4}-${audio.length - 1}/${audio.length}`);
    assert.equal(Buffer.from(await clamped.arrayBuffer()).length, 4);

    const tampered = local(url).replace(/sig=[^&]+/, (sig) => `${sig.slice(0, -2)}xx`);
    const past = Math.floor(Date.now() / 1000) - 1;
    const expiredSig = signRecordingLink(Buffer.from(LINK_SECRET, 'utf8'), {
      recordingId,
      tenantId: 'acme',
      expiresAt: past
    });
    const expired = `${adapter.url}/recordings/${recordingId}?tenant=acme&exp=${past}&sig=${expiredSig}`;
    assert.equal((await fetch(tampered)).status, 403);
    assert.equal((await fetch(expired)).status, 403);
  });

  it("answers 404 for a recording the tenant's Kazoo account does not have", async () => {
    const response = await api(
      `/api/v1/recordings/202611-${'0'.repeat(32)}/link?salesforceUserId=${salesforce.userId(ALICE)}`
    );
    assert.equal(response.status, 404);
  });

  it('turns Kazoo webhook deliveries (form-data) into the records the call should end as', async () => {
    // A second switch for the same account that the adapter does not stream from: only webhooks carry it.
    const other = await startKazooSimulator({ seed: 9, timeScale: 0.002, recordingDelayMs: 0 });
    const run = await other.play('inbound-ring-group', { record: false });
    await run.finished;
    await other.stop();
    for (const event of [...run.events].sort((a, b) => a.atMs - b.atMs)) {
      // As a cluster where the adapter's quickcalls have set call_command.reserved_ccv_keys.
      const payload = webhookPayloadFor(event.data, {
        accountId: kazoo.accountId,
        reservedCcvKeys: KAZOO_RESERVED_CCV_KEYS
      });
      if (!payload) continue;
      const hook = webhookRequestFor({ uri: `${adapter.url}/api/v1/events/acme?secret=${WEBHOOK_SECRET}` }, payload);
      const response = await fetch(hook.url, { method: hook.method, headers: hook.headers, body: hook.body });
      assert.equal(response.status, 200, await response.text());
    }
    const ours = () => callData().filter((r) => run.callIds.includes(String(r.InteractionId__c)));
    await waitFor(
      () => ours().length === run.expected.length && ours().every((r) => r.Status__c === 'Ended'),
      'records ended'
    );
    for (const want of run.expected) {
      const got = ours().find((r) => r.PbxUserId__c === want.PbxUserId__c);
      for (const field of ['Direction__c', 'Result__c', 'ExternalNumber__c', 'FromNumber__c', 'ToNumber__c'] as const) {
        assert.equal(got?.[field], want[field], `${want.PbxUserId__c ?? 'unassigned'} ${field}`);
      }
      assert.equal(got?.TalkSeconds__c, want.TalkSeconds__c);
    }
  });
});
