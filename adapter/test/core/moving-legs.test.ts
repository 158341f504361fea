import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture } from '../fixtures/kazoo/load-fixtures.ts';
import { normalizeAll, runCorrelator } from './run-correlator.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import type { KazooCallEvent } from '../../src/core/normalize-event.ts';

/** A seeded shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const inOrder = (events: KazooCallEvent[]) => [...events].sort((a, b) => a.timeMs - b.timeMs);

describe('legs that change interaction', () => {
  it('pickup: nothing is ever emitted for the interaction the picker was routed with', () => {
    const events = normalizeAll(loadFixture('inbound-pickup-retag').raw);
    const own = events.find((e) => e.eventName === 'CHANNEL_ANSWER' && e.request?.startsWith('*8'))?.interactionId;
    assert.ok(own, "the fixture's picker ANSWER carries its own interaction id");
    for (let seed = 1; seed <= 40; seed += 1) {
      const order: KazooCallEvent[] = seed === 1 ? inOrder(events) : shuffled([...events, ...events], seed);
      const leaked: CallDataProjection[] = runCorrelator(order).emitted.filter((p) => p.InteractionId__c === own);
      assert.deepEqual(leaked, [], `seed ${seed}: no record for ${own}`);
    }
  });

  it('attended transfer: only the caller’s call and the consultation get records, each with its own talk', () => {
    const { emitted, final } = runCorrelator(inOrder(normalizeAll(loadFixture('inbound-attended-transfer').raw)));
    const interactions = new Set(emitted.map((p) => p.InteractionId__c));
    assert.equal(interactions.size, 2);
    const talk = Object.fromEntries(
      final.map((p) => [`${p.Direction__c}:${p.PbxUserId__c?.slice(0, 4)}`, p.TalkSeconds__c])
    );
    assert.deepEqual(talk, { 'Inbound:8f3c': 50, 'Inbound:5b7e': 60, 'Internal:8f3c': 12, 'Internal:5b7e': 12 });
  });

  for (const name of ['inbound-pickup-retag', 'inbound-attended-transfer', 'click-to-dial-multi-device']) {
    it(`${name}: every record's LastEventSeq__c only grows, in time order`, () => {
      const { emitted } = runCorrelator(inOrder(normalizeAll(loadFixture(name).raw)));
      const last = new Map<string, number>();
      for (const p of emitted) {
        assert.ok(
          p.LastEventSeq__c > (last.get(p.CallId__c) ?? 0),
          `${p.CallId__c} went from ${last.get(p.CallId__c)}`
        );
        last.set(p.CallId__c, p.LastEventSeq__c);
      }
    });
  }
});
