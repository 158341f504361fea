/**
 * Hostile and broken PBX input through the real adapter (composition root, HTTP API, durable
 * pipeline, delivery to a fake org): call ids that are names of Object.prototype members, a
 * webhook body that is not JSON, an unknown event. The process stays up, the poison ids are
 * ordinary calls, the broken input is refused with a reason and counted, and the calls around
 * them land exactly as the replay prints them. (A poison event that makes processing throw is
 * quarantined: poison-event.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { startAdapter, type RunningAdapter } from '../../src/app/start-adapter.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
const lines = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * Three copies of an answered inbound call whose interaction id (first) and leg ids (then) are
 * Object.prototype member names: each name once as an interaction id, each once as a leg id.
 */
const POISON_COPIES = [
  ['__proto__', 'constructor', 'hasOwnProperty'],
  ['constructor', '__proto__', 'b-leg-1'],
  ['hasOwnProperty', 'a-leg-2', 'b-leg-2']
];
function poisonCalls(): unknown[] {
  const text = lines('inbound-answered').join('\n');
  const interaction = /"call_interaction_id":"([^"]+)"/.exec(text)?.[1] ?? '';
  const legs = [...new Set([...text.matchAll(/"call_id":"([^"]+)"/g)].map((m) => m[1] ?? ''))];
  return POISON_COPIES.flatMap(([call = '', ...legIds]) => {
    let rewritten = text.replaceAll(interaction, call);
    legs.forEach((id, i) => (rewritten = rewritten.replaceAll(id, legIds[i] ?? id)));
    return parseEventLines(rewritten);
  });
}

let org: FakeOrg;
let adapter: RunningAdapter;
const provider = new FakeProvider(ACCOUNT);

before(async () => {
  const keys = await testKeys();
  org = await startFakeOrg({
    publicKey: keys.publicKey,
    users: [{ Id: '005000000000001AAA', PbxUserId__c: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1' }]
  });
  const config = testConfig({ loginUrl: org.url, privateKeyPem: keys.privateKeyPem, accountId: ACCOUNT });
  adapter = await startAdapter(config, pino({ level: 'silent' }), { providerFactory: () => provider });
});
after(async () => {
  await adapter.stop();
  await org.close();
});

const post = (body: string, contentType = 'application/json') =>
  fetch(`${adapter.url}/api/v1/events/acme?secret=tenant-webhook-secret`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-account-id': ACCOUNT },
    body
  });

test('poison ids, bad JSON and unknown events never stop the calls around them', async () => {
  const before = parseEventLines(lines('outbound-busy').join('\n'));
  const afterwards = parseEventLines(lines('inbound-ring-group').join('\n'));
  provider.push(before);
  provider.push(poisonCalls());
  provider.push([{ action: 'event', name: 'CHANNEL_EXPLODE', data: { event_name: 'CHANNEL_EXPLODE' } }]);
  const badJson = await post('{"call_id": "x", ');
  const unknownHook = await post(JSON.stringify({ hook_event: 'channel_teleport', call_id: 'c-1' }));
  provider.push(afterwards);

  const want = [...expected('outbound-busy'), ...expected('inbound-ring-group')];
  await waitFor(
    () => want.every((r) => org.records.get(String(r.CallId__c))?.LastEventSeq__c === r.LastEventSeq__c),
    'the calls before and after the hostile input to land'
  );
  for (const record of want) {
    const got = org.records.get(String(record.CallId__c));
    for (const field of PROJECTION_FIELDS) assert.deepEqual(got?.[field], record[field], `${field}`);
  }

  assert.equal(badJson.status, 400);
  assert.match(((await badJson.json()) as { error: { message: string } }).error.message, /not valid JSON/);
  assert.equal(unknownHook.status, 422);
  const refusal = (await unknownHook.json()) as { error: { code: string; message: string } };
  assert.equal(refusal.error.code, 'EVENT_REJECTED');
  assert.match(refusal.error.message, /channel_teleport/, 'the reason names the event');
  const metrics = await (await fetch(`${adapter.url}/metrics`)).text();
  assert.match(
    metrics,
    /cti_events_rejected_total\{tenant="acme",reason="[^"]+"\} [1-9]/,
    'the unknown event is counted'
  );

  // The names of Object.prototype members are ordinary ids: each copy is the answered call again.
  const [answered = {}] = expected('inbound-answered');
  for (const [call = ''] of POISON_COPIES) {
    const callId = `${call}:${String(answered.PbxUserId__c)}`;
    await waitFor(() => org.records.get(callId)?.Status__c === 'Ended', `the call ${call} to end`);
    const got = org.records.get(callId);
    assert.equal(got?.InteractionId__c, call);
    for (const field of PROJECTION_FIELDS.filter((f) => f !== 'CallId__c' && f !== 'InteractionId__c'))
      assert.deepEqual(got?.[field], answered[field], `${call} ${field}`);
  }
  assert.equal(adapter.tenants[0]?.parts.store.counts().quarantined, 0, 'nothing needed the quarantine');
  assert.equal((await fetch(`${adapter.url}/healthz`)).status, 200, 'the adapter still answers');
});
