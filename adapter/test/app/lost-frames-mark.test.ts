/**
 * Frames lost on a subscribed stream (issue 11, the stored mark of complete events): once a
 * routine reconcile finds a frame the stream never delivered, the mark goes back to before it and
 * stays there until the window is recovered from the PBX's CDRs. A restart before that recovers
 * from before the loss, so a call of which no frame came and which the routine check could not
 * see (it had ended) still lands; without a restart, it lands from the CDRs read then.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import type { ScenarioRun } from '../../../devstack/kazoo/index.ts';
import { startAdapter } from '../../src/app/start-adapter.ts';
import type { EventGap, RecoveryScope } from '../../src/pbx/pbx-provider.ts';
import { startFakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';
import { startAdapterOnSimulator } from './support/adapter-on-simulator.ts';
import { RestartedProvider } from './support/restarted-provider.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
const events = (name: string) =>
  parseEventLines(readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8')).filter(
    (frame) => (frame as { action?: string }).action !== 'reply'
  );
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { CallId__c: string; LastEventSeq__c: number; Result__c: string });

/** The stream delivers nothing; the routine check finds `found`; the CDR listing is down. */
class LossyProvider extends FakeProvider {
  found: unknown[] = [];
  cdrAttempts = 0;
  override recoverEvents(gap: EventGap, known: readonly string[], scope?: RecoveryScope) {
    this.recoverCalls.push({ gap, known });
    if (scope === 'live') return Promise.resolve(this.found);
    this.cdrAttempts += 1;
    return Promise.reject(new Error('crossbar answered 503 on /cdrs'));
  }
}

test('a restart after lost frames were found, before the CDRs were read, recovers from before the loss', async () => {
  const keys = await testKeys();
  const org = await startFakeOrg({ publicKey: keys.publicKey });
  const config = testConfig({
    loginUrl: org.url,
    privateKeyPem: keys.privateKeyPem,
    accountId: ACCOUNT,
    storeDir: mkdtempSync(join(tmpdir(), 'cti-lost-frames-')),
    delivery: { reconcileIntervalMs: 1_000 }
  });
  const first = new LossyProvider(ACCOUNT);
  let adapter = await startAdapter(config, pino({ level: 'silent' }), { http: false, providerFactory: () => first });
  const store = () => adapter.tenants[0]?.parts.store;
  await waitFor(() => (store()?.eventsCompleteThrough() ?? 0) > Date.now() - 10_000, 'the mark near now');

  // The ring group's first CREATE is still on /channels, but the stream never delivered it.
  const ringGroup = events('inbound-ring-group');
  const [lost] = ringGroup;
  // No routine check before this moment saw the loss, so the one that finds it began after it.
  const lostBy = Date.now();
  first.found = [lost];
  await waitFor(
    () => adapter.tenants[0]?.readiness().warnings.some((w) => /frame\(s\) lost/.test(w)) ?? false,
    'the routine reconcile to find the lost frame'
  );
  // The CDR listing fails and is retried (after 1 s): expiry ticks (every second) came meanwhile.
  await waitFor(() => first.cdrAttempts >= 2, 'a retried recovery of the window from CDRs');
  const markAfterLoss = store()?.eventsCompleteThrough() ?? Number.POSITIVE_INFINITY;
  // Back to the previous check's start (before the loss), less the 2 s in-flight margin.
  assert.ok(markAfterLoss <= lostBy - 2_000, `the mark ${markAfterLoss} is before the loss at ${lostBy}`);
  await adapter.stop();

  // Meanwhile an outbound call came and went with every frame lost: only its CDRs know it.
  const second = new RestartedProvider(ACCOUNT);
  second.recoverable = [...ringGroup, ...events('outbound-busy')];
  adapter = await startAdapter(config, pino({ level: 'silent' }), { http: false, providerFactory: () => second });
  try {
    assert.equal(second.options?.missedSince, markAfterLoss, 'the start recovers from before the loss');
    assert.equal(second.recoverCalls[0]?.gap.startedAt, markAfterLoss);
    const want = [...expected('inbound-ring-group'), ...expected('outbound-busy')];
    await waitFor(
      () => want.every((r) => org.records.get(r.CallId__c)?.LastEventSeq__c === r.LastEventSeq__c),
      'both calls to land as the PBX records them'
    );
    assert.equal(org.records.get(expected('outbound-busy')[0]?.CallId__c ?? '')?.Result__c, 'Busy');
  } finally {
    await adapter.stop();
    await org.close();
  }
});

test('a call of which no frame came, next to one whose frames were partly lost, is recovered from CDRs', async () => {
  const { sim, org, adapter, stop } = await startAdapterOnSimulator({
    seed: 17,
    delivery: { reconcileIntervalMs: 1_000 },
    http: false
  });
  const tenant = () => adapter.tenants[0];
  const lands = (run: ScenarioRun) =>
    run.expected.every((want) => {
      const got = org.records.get(want.CallId__c);
      return got?.Status__c === 'Ended' && Object.entries(want).every(([key, value]) => got[key] === value);
    });
  try {
    await waitFor(async () => (await tenant()?.health())?.pbx.connected === true, 'subscribed');
    // Kazoo 4.3 drops every frame while a session's mailbox is over max_queued_messages
    // (blackhole_data_emitter.erl maybe_send/4, 4.3:44-52): a whole call comes and goes unseen,
    // and no routine check can find it on /channels afterwards.
    sim.setMaxQueued(-1);
    const unseen = await sim.play('outbound-busy');
    await unseen.finished;
    // Then a ring group of which only the first frame of each burst gets out: its other legs are
    // still up, so the routine check finds them missing.
    sim.setMaxQueued(0);
    const partly = await sim.play('inbound-ring-group', { manual: true });
    await partly.reached('ringing');
    sim.setMaxQueued(Number.POSITIVE_INFINITY);
    await waitFor(
      () =>
        tenant()
          ?.readiness()
          .warnings.some((w) => /frame\(s\) lost/.test(w)) ?? false,
      'the routine reconcile to find the lost frames',
      15_000
    );
    partly.advance();
    await partly.reached('answered');
    partly.advance();
    await partly.finished;
    await waitFor(() => lands(partly), 'the partly seen call to land as the PBX says', 20_000);
    await waitFor(() => lands(unseen), 'the unseen call to land from its CDRs', 20_000);
    assert.equal(org.records.get(unseen.expected[0]?.CallId__c ?? '')?.Result__c, 'Busy');
    await waitFor(
      () => (tenant()?.parts.store.eventsCompleteThrough() ?? 0) > Date.now() - 5_000,
      'the mark to move on once the window is recovered'
    );
  } finally {
    await stop();
  }
});
