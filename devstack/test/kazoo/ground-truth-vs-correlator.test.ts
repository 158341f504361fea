import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { correlateEvent, createCorrelatorState, flushAll } from '../../../adapter/src/core/correlate-call.ts';
import { normalizeEvent } from '../../../adapter/src/core/normalize-event.ts';
import type { CallDataProjection } from '../../../adapter/src/core/call-data.ts';
import { SCENARIOS, startKazooSimulator, type ExpectedCallData, type KazooSimulator } from '../../kazoo/index.ts';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 99, timeScale: 0.001, recordingDelayMs: 0 })));
after(() => sim.stop());

/** Folds the raw websocket `data` of each event through the adapter's pure core. */
function correlate(raws: Record<string, unknown>[]): CallDataProjection[] {
  let state = createCorrelatorState();
  const out = new Map<string, CallDataProjection>();
  const options = { defaultRegion: 'US' as const, graceMs: 0 };
  for (const raw of raws) {
    const normalized = normalizeEvent(raw);
    assert.ok(normalized.ok, `the adapter accepts every simulated event: ${normalized.ok ? '' : normalized.reason}`);
    const result = correlateEvent(state, normalized.event, normalized.event.timeMs, options);
    state = result.state;
    for (const p of result.projections) out.set(p.CallId__c, p);
  }
  for (const p of flushAll(state, options).projections) out.set(p.CallId__c, p);
  return [...out.values()];
}

/** Only the fields a scenario decides by definition. */
function decisive(p: CallDataProjection | ExpectedCallData, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (p as unknown as Record<string, unknown>)[k]]));
}

/** What the wire does to a call: neighbours swapped, every third event sent twice. */
function disorder(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const out = [...events];
  for (let i = 0; i + 1 < out.length; i += 3)
    [out[i], out[i + 1]] = [out[i + 1] as Record<string, unknown>, out[i] as Record<string, unknown>];
  return out.flatMap((e, i) => (i % 3 === 0 ? [e, e] : [e]));
}

for (const scenario of SCENARIOS) {
  test(`${scenario}: the adapter's correlator ends where the scenario says`, async () => {
    const run = await sim.play(scenario, { seed: 17 });
    const keys = Object.keys(run.expected[0] ?? {});
    const inOrder = [...run.events].sort((a, b) => a.atMs - b.atMs).map((e) => e.data);
    const byId = (a: { CallId__c: string }, b: { CallId__c: string }) => a.CallId__c.localeCompare(b.CallId__c);
    const expected = [...run.expected].sort(byId).map((e) => decisive(e, keys));
    assert.deepEqual(
      correlate(inOrder)
        .sort(byId)
        .map((p) => decisive(p, keys)),
      expected
    );
    assert.deepEqual(
      correlate(disorder(inOrder))
        .sort(byId)
        .map((p) => decisive(p, keys)),
      expected,
      'same end state when disordered'
    );
    await run.finished;
  });
}

test('internal call by DID: the loopback legs do not change who the call belongs to', async () => {
  const run = await sim.play('internal', { dialDid: true, seed: 23 });
  const keys = Object.keys(run.expected[0] ?? {});
  const byId = (a: { CallId__c: string }, b: { CallId__c: string }) => a.CallId__c.localeCompare(b.CallId__c);
  const records = correlate([...run.events].sort((a, b) => a.atMs - b.atMs).map((e) => e.data));
  assert.deepEqual(
    records.sort(byId).map((p) => decisive(p, keys)),
    [...run.expected].sort(byId).map((e) => decisive(e, keys))
  );
  await run.finished;
});
