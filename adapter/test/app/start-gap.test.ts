/**
 * A start is a gap (issue 11 item 1): the adapter stores up to when it has every PBX event, and
 * the next start asks the PBX for what happened since then, exactly as after a reconnect. A call
 * made while no adapter ran lands in the org.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { startAdapter } from '../../src/app/start-adapter.ts';
import { startFakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';
import { RestartedProvider } from './support/restarted-provider.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
const events = (name: string) => parseEventLines(readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8'));
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { CallId__c: string; LastEventSeq__c: number; Result__c: string });

test('a restart recovers the calls made while the adapter was not running, from the stored mark', async () => {
  const keys = await testKeys();
  const org = await startFakeOrg({ publicKey: keys.publicKey });
  const config = testConfig({
    loginUrl: org.url,
    privateKeyPem: keys.privateKeyPem,
    accountId: ACCOUNT,
    storeDir: mkdtempSync(join(tmpdir(), 'cti-start-gap-'))
  });
  const first = new FakeProvider(ACCOUNT);
  // Taken before the start: the first run may subscribe (and write its first mark) before startAdapter returns.
  const startedAt = Date.now();
  let adapter = await startAdapter(config, pino({ level: 'silent' }), { http: false, providerFactory: () => first });
  const store = () => adapter.tenants[0]?.parts.store;
  await waitFor(() => (store()?.eventsCompleteThrough() ?? 0) > 0, 'the mark of complete events');
  first.push(events('inbound-answered'));
  const live = expected('inbound-answered');
  await waitFor(() => live.every((r) => org.records.has(r.CallId__c)), 'the live call');
  await adapter.stop();
  const stoppedAt = Date.now();

  // While no adapter runs, an outbound call is made and ends; the PBX keeps its CDRs.
  const second = new RestartedProvider(ACCOUNT);
  second.recoverable = events('outbound-busy');
  adapter = await startAdapter(config, pino({ level: 'silent' }), { http: false, providerFactory: () => second });
  try {
    const mark = second.options?.missedSince ?? null;
    assert.ok(mark !== null, 'the start is given the stored mark');
    // The mark trails "now" by the in-flight margin (2 s) while the first run was subscribed.
    assert.ok(
      mark >= startedAt - 2_000 && mark <= stoppedAt - 2_000 + 1_000,
      `mark ${mark} within [${startedAt - 2_000}, ${stoppedAt - 1_000}]`
    );
    assert.equal(second.recoverCalls[0]?.gap.startedAt, mark, 'recovery asks from the mark');
    const missed = expected('outbound-busy');
    await waitFor(
      () => missed.every((r) => org.records.get(r.CallId__c)?.LastEventSeq__c === r.LastEventSeq__c),
      'the call made while the adapter was down'
    );
    assert.equal(org.records.get(missed[0]?.CallId__c ?? '')?.Result__c, 'Busy');
  } finally {
    await adapter.stop();
    await org.close();
  }
});
