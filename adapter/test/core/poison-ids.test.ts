import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  correlateEvent,
  createCorrelatorState,
  flushAll,
  restoreCorrelatorState,
  type CorrelatorState
} from '../../src/core/correlate-call.ts';
import { normalizeEvent, type KazooCallEvent } from '../../src/core/normalize-event.ts';
import { OPTIONS } from './run-correlator.ts';

// Ids from the PBX (or an authenticated webhook) that name Object.prototype members: as plain
// object keys they crash the process on every restart (issue 11 item 2).
const POISON = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';

function events(callId: string, interactionId: string, ownerId = ALICE): KazooCallEvent[] {
  const vars = { owner_id: ownerId, bridge_id: 'a-leg', call_interaction_id: interactionId };
  const raws = [
    { event_name: 'CHANNEL_CREATE', call_id: 'a-leg', msg_id: '1795251600000000' },
    { event_name: 'CHANNEL_CREATE', call_id: callId, msg_id: '1795251601000000', custom_channel_vars: vars },
    { event_name: 'CHANNEL_ANSWER', call_id: callId, msg_id: '1795251602000000', custom_channel_vars: vars },
    {
      event_name: 'CHANNEL_DESTROY',
      call_id: callId,
      msg_id: '1795251612000000',
      hangup_cause: 'NORMAL_CLEARING',
      custom_channel_vars: vars,
      custom_application_vars: JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as unknown
    }
  ];
  return raws.map((raw) => {
    const result = normalizeEvent(JSON.stringify(raw));
    assert.ok(result.ok, result.ok ? '' : result.reason);
    return result.event;
  });
}

function feed(state: CorrelatorState, list: KazooCallEvent[]): CorrelatorState {
  let current = state;
  for (const event of list) current = correlateEvent(current, event, event.timeMs, OPTIONS).state;
  return current;
}

describe('ids that name Object.prototype members are only ever keys', () => {
  for (const poison of POISON) {
    it(`a call id, interaction id and owner id of ${poison}: the call is recorded, snapshots round-trip`, () => {
      const list = events(poison, poison, poison);
      let state = feed(createCorrelatorState(), list.slice(0, 2));
      state = restoreCorrelatorState(JSON.stringify(state));
      state = feed(state, list.slice(2));
      const records = flushAll(state, OPTIONS).projections;
      assert.deepEqual(
        records.map((r) => [r.CallId__c, r.PbxUserId__c, r.Result__c, r.TalkSeconds__c]),
        [[`${poison}:${poison}`, poison, 'Answered', 10]]
      );
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    });
  }

  it('a poison id next to an ordinary call leaves the ordinary call as it is', () => {
    const state = feed(createCorrelatorState(), [
      ...events('__proto__', 'poison-call'),
      ...events('b-leg', 'good-call')
    ]);
    const records = flushAll(state, OPTIONS)
      .projections.map((r) => r.CallId__c)
      .sort();
    assert.deepEqual(records, [`good-call:${ALICE}`, `poison-call:${ALICE}`]);
  });

  it('a snapshot whose maps carry a __proto__ key is restored with that key as data', () => {
    const state = feed(createCorrelatorState(), events('__proto__', '__proto__'));
    const restored = restoreCorrelatorState(JSON.stringify(state));
    assert.equal(Object.getPrototypeOf(restored.legs), null);
    assert.ok(Object.hasOwn(restored.legs, '__proto__'));
    assert.equal(restored.legs.constructor, undefined, 'no inherited member answers to an id');
    assert.deepEqual(JSON.parse(JSON.stringify(restored)), JSON.parse(JSON.stringify(state)));
  });
});
