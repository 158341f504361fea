/**
 * The composition root end to end against a fake org: live PBX events become exactly the records
 * the replay CLI prints, with owners; a graceful restart mid-call still ends as one correct
 * record; a reported gap is reconciled through the same pipeline.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { startAdapter } from '../../src/app/start-adapter.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { TEST_QUEUE_ID, testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const ALICE = '005000000000001AAA';
const logger = pino({ level: 'silent' });
let org: FakeOrg;
let privateKeyPem: string;

const fixture = (name: string) => parseEventLines(readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8'));
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** True once the org holds every expected record in its final state. */
function orgHasFinal(records: Record<string, unknown>[]): boolean {
  return records.every((want) => org.records.get(String(want.CallId__c))?.LastEventSeq__c === want.LastEventSeq__c);
}

function assertOrgHas(records: Record<string, unknown>[]): void {
  for (const want of records) {
    const got = org.records.get(String(want.CallId__c));
    assert.ok(got, `record ${String(want.CallId__c)} exists`);
    for (const field of PROJECTION_FIELDS)
      assert.deepEqual(got[field], want[field], `${String(want.CallId__c)} ${field}`);
  }
}

before(async () => {
  const keys = await testKeys();
  privateKeyPem = keys.privateKeyPem;
  org = await startFakeOrg({
    publicKey: keys.publicKey,
    users: [{ Id: ALICE, PbxUserId__c: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1' }]
  });
});
after(() => org.close());

test('live events end as the records the replay prints, owned by the mapped agent or the queue', async () => {
  const provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
  const config = testConfig({ loginUrl: org.url, privateKeyPem, accountId: provider.accountId });
  const adapter = await startAdapter(config, logger, { http: false, providerFactory: () => provider });
  provider.push(fixture('inbound-answered'));
  provider.push(fixture('inbound-ivr-abandon'));
  const want = [...expected('inbound-answered'), ...expected('inbound-ivr-abandon')];
  await waitFor(() => orgHasFinal(want), 'records ended');
  await adapter.stop();
  assertOrgHas(want);
  assert.equal(org.records.get(String(expected('inbound-answered')[0]?.CallId__c))?.OwnerId, ALICE);
  assert.equal(org.records.get(String(expected('inbound-ivr-abandon')[0]?.CallId__c))?.OwnerId, TEST_QUEUE_ID);
});

test('a restart in the middle of a call still ends as one correct record', async () => {
  const provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
  const config = testConfig({ loginUrl: org.url, privateKeyPem, accountId: provider.accountId });
  const events = fixture('inbound-ring-group');
  const half = Math.floor(events.length / 2);
  const first = await startAdapter(config, logger, { http: false, providerFactory: () => provider });
  const want = expected('inbound-ring-group');
  provider.push(events.slice(0, half));
  await waitFor(() => want.some((r) => org.records.has(String(r.CallId__c))), 'the first half to reach the org');
  assert.ok(!orgHasFinal(want), 'the restart happens in the middle of the call');
  await first.stop();
  const second = await startAdapter(config, logger, { http: false, providerFactory: () => provider });
  provider.push(events.slice(half));
  await waitFor(() => orgHasFinal(want), 'ring group ended');
  await second.stop();
  assertOrgHas(want);
});

test('a gap is reconciled: the missed events come from the provider and finish the call', async () => {
  const provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
  const config = testConfig({ loginUrl: org.url, privateKeyPem, accountId: provider.accountId });
  const events = fixture('internal-call');
  const adapter = await startAdapter(config, logger, { http: false, providerFactory: () => provider });
  provider.push(events.slice(0, 2));
  await waitFor(() => (adapter.tenants[0]?.parts.pipeline.openInteractionIds().length ?? 0) > 0, 'the call to open');
  provider.recoverable = events.slice(2);
  provider.handlers?.onGap({ startedAt: Date.now() - 5_000, endedAt: Date.now() });
  const want = expected('internal-call');
  await waitFor(() => orgHasFinal(want), 'internal call ended');
  assert.equal(provider.recoverCalls.length, 1);
  assert.ok(provider.recoverCalls[0]?.known.length, 'the open interaction was named');
  const health = await adapter.tenants[0]?.health();
  assert.equal(health?.outbox.deadLetters, 0);
  await adapter.stop();
  assertOrgHas(want);
});

test('a graceful stop sends states still waiting in the coalescing window', async () => {
  const provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
  const config = testConfig({
    loginUrl: org.url,
    privateKeyPem,
    accountId: provider.accountId,
    coalesceWindowMs: 60_000
  });
  const adapter = await startAdapter(config, logger, { http: false, providerFactory: () => provider });
  const events = fixture('inbound-caller-hangup');
  const want = expected('inbound-caller-hangup');
  const ringing = events.filter((e) => !JSON.stringify(e).includes('CHANNEL_DESTROY'));
  provider.push(ringing);
  await waitFor(
    () => want.every((r) => org.records.get(String(r.CallId__c))?.Status__c === 'Ringing'),
    'the ringing writes'
  );
  provider.push(events.filter((e) => !ringing.includes(e)));
  const store = adapter.tenants[0]?.parts.store;
  await waitFor(
    () => (store?.outbox.all(100) ?? []).filter((entry) => entry.record.Status__c === 'Ended').length === want.length,
    'the hangup states to be queued'
  );
  assert.ok(
    want.every((r) => org.records.get(String(r.CallId__c))?.Status__c === 'Ringing'),
    'the hangup waits for the window'
  );
  await adapter.stop();
  const ended = want.map((r) => org.records.get(String(r.CallId__c))?.Status__c);
  assert.ok(
    ended.every((status) => status === 'Ended'),
    `every record ended on shutdown (${ended.join(', ')})`
  );
});
