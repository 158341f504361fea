import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  correlateEvent,
  createCorrelatorState,
  expireCalls,
  openInteractionIds,
  restoreCorrelatorState
} from '../../src/core/correlate-call.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import type { KazooCallEvent } from '../../src/core/normalize-event.ts';
import { fixtureNames, loadFixture } from '../fixtures/kazoo/load-fixtures.ts';
import { normalizeAll, OPTIONS, runCorrelator } from './run-correlator.ts';

const inTimeOrder = (name: string) => normalizeAll(loadFixture(name).raw).sort((a, b) => a.timeMs - b.timeMs);

describe('correlateEvent: the expected records of every fixture', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const fixture = loadFixture(name);
      assert.deepEqual(runCorrelator(normalizeAll(fixture.raw)).final, fixture.expected);
    });
  }
});

describe('correlateEvent: live behaviour', () => {
  it('shows an answered inbound call Ringing, then Connected, then Ended, with a growing sequence', () => {
    const { emitted } = runCorrelator(inTimeOrder('inbound-answered'));
    assert.deepEqual(
      emitted.map((p) => [p.Status__c, p.Result__c]),
      [
        ['Ringing', null],
        ['Connected', 'Answered'],
        ['Ended', 'Answered'],
        ['Ended', 'Answered']
      ]
    );
    const seqs = emitted.map((p) => p.LastEventSeq__c);
    assert.ok(
      seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number)),
      `not increasing: ${seqs.join(', ')}`
    );
  });

  it('puts both parties of an internal call on hold and back (records of one event in CallId__c order)', () => {
    const statuses = runCorrelator(inTimeOrder('internal-call')).emitted.map(
      (p) => `${p.PbxUserId__c?.slice(0, 4)}:${p.Status__c}`
    );
    assert.deepEqual(statuses.slice(0, 8), [
      '5b7e:Ringing',
      '8f3c:Ringing',
      '5b7e:Connected',
      '8f3c:Connected',
      '5b7e:OnHold',
      '8f3c:OnHold',
      '5b7e:Connected',
      '8f3c:Connected'
    ]);
  });

  it('emits the unassigned record of a call that reached nobody only once the call is over', () => {
    let state = createCorrelatorState();
    const seen: CallDataProjection[] = [];
    for (const event of inTimeOrder('inbound-ivr-abandon')) {
      const result = correlateEvent(state, event, event.timeMs, OPTIONS);
      state = result.state;
      seen.push(...result.projections);
    }
    assert.equal(seen.length, 0);
    const expired = expireCalls(state, Number.MAX_SAFE_INTEGER, OPTIONS).projections;
    assert.deepEqual(
      expired.map((p) => [p.CallId__c.endsWith(':unassigned'), p.Result__c]),
      [[true, 'Missed']]
    );
  });
});

describe('correlateEvent: a busy tenant', () => {
  /** The CREATEs of an answered inbound call, as copy `copy` of it (its ids made its own). */
  const openingCopy = (copy: number): KazooCallEvent[] =>
    inTimeOrder('inbound-answered')
      .filter((event) => event.eventName === 'CHANNEL_CREATE')
      .map((event) => {
        const own = (id: string | null) => (id === null ? null : `${id}-busy${copy}`);
        return {
          ...event,
          callId: `${event.callId}-busy${copy}`,
          otherLegCallId: own(event.otherLegCallId),
          bridgeId: own(event.bridgeId),
          interactionId: own(event.interactionId)
        };
      });

  it('ends a ring group right while thousands of other calls ring in the middle of it', () => {
    const fixture = loadFixture('inbound-ring-group');
    const events = inTimeOrder('inbound-ring-group');
    const answer = events.findIndex((event) => event.eventName === 'CHANNEL_ANSWER');
    // Between the ring group's first answer and the rest of its life, 2,500 other calls start
    // ringing (5,000 legs): more legs in flight than the correlator keeps summaries for.
    const others = Array.from({ length: 2_500 }, (_, copy) => openingCopy(copy)).flat();
    assert.ok(others.length >= 5_000);
    const run = runCorrelator([...events.slice(0, answer + 1), ...others, ...events.slice(answer + 1)]);
    const ringGroupIds = new Set(fixture.expected.map((record) => record.CallId__c));
    assert.deepEqual(
      run.final.filter((record) => ringGroupIds.has(record.CallId__c)),
      fixture.expected
    );
  });
});

describe('expireCalls: grace period, re-opening, bounded memory', () => {
  const options = { ...OPTIONS, graceMs: 5000 };
  const feed = (events: ReturnType<typeof inTimeOrder>, state = createCorrelatorState()) => {
    for (const event of events) state = correlateEvent(state, event, event.timeMs, options).state;
    return state;
  };

  it('finalizes a call only after its grace period, then forgets it', () => {
    const events = inTimeOrder('inbound-answered');
    const lastMs = Math.max(...events.map((e) => e.timeMs));
    const state = feed(events);
    assert.deepEqual(expireCalls(state, lastMs + 4999, options).projections, []);
    assert.deepEqual(openInteractionIds(state), ['63962470800-1a2b3c4d']);
    assert.equal(expireCalls(state, lastMs + 5000, options).projections.length, 1);
    assert.deepEqual(openInteractionIds(state), []);
    assert.deepEqual(Object.keys(state.legs), []);
  });

  it('drops a late duplicate of a finished call and re-opens it for a late transfer leg', () => {
    const events = inTimeOrder('inbound-answered');
    const lastMs = Math.max(...events.map((e) => e.timeMs));
    const state = feed(events);
    const final = expireCalls(state, lastMs + 5000, options).projections[0] as CallDataProjection;
    const late = events.at(-1)!;
    assert.equal(correlateEvent(state, late, lastMs + 6000, options).duplicate, true);
    const bob = '5b7e9d1c3a2f4e6d8c0b1a2938475661';
    const transferLeg = {
      ...events[1]!,
      callId: 'b7c1d2e3-late-transfer',
      msgId: `${(lastMs + 7000) * 1000}`,
      timeMs: lastMs + 7000,
      ownerId: bob
    };
    const reopened = correlateEvent(state, transferLeg, lastMs + 7000, options).projections;
    assert.deepEqual(
      reopened.map((p) => [p.PbxUserId__c, p.Status__c]),
      [[bob, 'Ringing']]
    );
    assert.deepEqual(openInteractionIds(state), [final.InteractionId__c]);
  });

  it('keeps only the configured number of finished calls', () => {
    let state = createCorrelatorState();
    const bounded = { ...options, maxFinishedCalls: 2 };
    for (const name of ['inbound-answered', 'inbound-voicemail', 'outbound-busy', 'internal-call']) {
      state = feed(inTimeOrder(name), state);
      state = expireCalls(state, Number.MAX_SAFE_INTEGER, bounded).state;
    }
    assert.equal(state.finishedOrder.length, 2);
    assert.equal(Object.keys(state.finished).length, 2);
    assert.deepEqual(Object.keys(state.calls), []);
    assert.ok(Object.keys(state.finishedLegs).length <= 4);
  });

  it('restores a JSON snapshot taken mid-call and carries on identically', () => {
    const events = inTimeOrder('inbound-ring-group');
    const half = feed(events.slice(0, 8));
    const restored = restoreCorrelatorState(JSON.stringify(half));
    const rest = events.slice(8);
    const fromSnapshot = feed(rest, restored);
    const straight = feed(rest, half);
    assert.deepEqual(fromSnapshot, straight);
    assert.throws(() => restoreCorrelatorState({ version: 2 }), /correlator snapshot is not valid/);
  });
});
