import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KazooCallEvent } from '../../src/core/normalize-event.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { OPTIONS, runCorrelator } from './run-correlator.ts';

const T0_US = 1795251600000000;
const INTERACTION = '63962470800-0badcafe';
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const BOB = '5b7e9d1c3a2f4e6d8c0b1a2938475661';

/** A bare 4.x event `seconds` after the start; `ccv` goes into custom_channel_vars. */
function ev(
  name: string,
  callId: string,
  seconds: number,
  ccv: Record<string, unknown>,
  extra: Record<string, unknown> = {}
): KazooCallEvent {
  const result = normalizeEvent({
    event_name: name,
    call_id: callId,
    msg_id: String(T0_US + seconds * 1e6),
    custom_channel_vars: { account_id: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21', call_interaction_id: INTERACTION, ...ccv },
    ...extra
  });
  assert.ok(result.ok);
  return result.event;
}

const aliceA = { owner_id: ALICE, authorizing_type: 'device', bridge_id: 'a' };
const bobB = { owner_id: BOB, authorizing_type: 'device', bridge_id: 'a' };
const byUser = (records: ReturnType<typeof runCorrelator>['final']) =>
  Object.fromEntries(records.map((r) => [r.PbxUserId__c ?? 'unassigned', r]));

describe('per-agent outcome rules', () => {
  it('internal call nobody picks up, voicemail answers: caller NoAnswer, callee Missed', () => {
    const events = [
      ev('CHANNEL_CREATE', 'a', 0, aliceA, { request: '1002@acme', caller_id_number: '1001' }),
      ev('CHANNEL_CREATE', 'b', 0.5, bobB, { other_leg_call_id: 'a' }),
      ev('CHANNEL_DESTROY', 'b', 20.5, bobB, { hangup_cause: 'NO_ANSWER', billing_seconds: 0 }),
      ev('CHANNEL_ANSWER', 'a', 21, aliceA),
      ev('CHANNEL_DESTROY', 'a', 40, aliceA, { hangup_cause: 'NORMAL_CLEARING', billing_seconds: 19 })
    ];
    const records = byUser(runCorrelator(events).final);
    assert.deepEqual(
      [records[ALICE]?.Direction__c, records[ALICE]?.Result__c, records[ALICE]?.ExternalNumber__c],
      ['Internal', 'NoAnswer', '1002']
    );
    assert.deepEqual(
      [records[BOB]?.Direction__c, records[BOB]?.Result__c, records[BOB]?.TalkSeconds__c],
      ['Internal', 'Missed', 0]
    );
  });

  it('keeps a still-ringing agent without a result until the leg ends, then AnsweredElsewhere', () => {
    const carrierA = { authorizing_type: 'resource', bridge_id: 'a' };
    const aliceB = { owner_id: ALICE, authorizing_type: 'device', bridge_id: 'a' };
    const events = [
      ev('CHANNEL_CREATE', 'a', 0, carrierA, { caller_id_number: '4155550142' }),
      ev('CHANNEL_CREATE', 'b1', 1, aliceB),
      ev('CHANNEL_CREATE', 'b2', 1, bobB),
      ev('CHANNEL_ANSWER', 'b2', 5, bobB)
    ];
    const live = runCorrelator(events, { ...OPTIONS, graceMs: Infinity }).emitted.filter(
      (r) => r.PbxUserId__c === ALICE
    );
    assert.deepEqual([live.at(-2)?.Status__c, live.at(-2)?.Result__c], ['Ringing', null]);
    const ended = runCorrelator([
      ...events,
      ev('CHANNEL_DESTROY', 'b1', 5.1, aliceB, { hangup_cause: 'LOSE_RACE' })
    ]).final;
    assert.equal(byUser(ended)[ALICE]?.Result__c, 'AnsweredElsewhere');
    assert.equal(byUser(ended)[ALICE]?.ExternalNumber__c, '+14155550142');
  });

  it('a member who declined while the caller waits has no result until a colleague answers or nobody does', () => {
    const carrierA = { authorizing_type: 'resource', bridge_id: 'a' };
    const aliceB = { owner_id: ALICE, authorizing_type: 'device', bridge_id: 'a' };
    // One member at a time: Alice rings, declines at 3 s (her leg hung up), then Bob rings.
    const declined = [
      ev('CHANNEL_CREATE', 'a', 0, carrierA, { caller_id_number: '4155550142' }),
      ev('CHANNEL_CREATE', 'b1', 0, aliceB),
      ev('CHANNEL_DESTROY', 'b1', 3, aliceB, { hangup_cause: 'NORMAL_CLEARING', billing_seconds: 0 }),
      ev('CHANNEL_CREATE', 'b2', 3, bobB)
    ];
    const live = runCorrelator(declined, { ...OPTIONS, graceMs: Infinity }).emitted.filter(
      (r) => r.PbxUserId__c === ALICE
    );
    // The first Ended projection is the one written while Bob rings (the run's last one is its closing flush).
    const whileBobRings = live.find((r) => r.Status__c === 'Ended');
    assert.equal(whileBobRings?.Result__c, null, 'ended for Alice, outcome still open');

    const bobTakesIt = [
      ...declined,
      ev('CHANNEL_ANSWER', 'b2', 6, bobB),
      ev('CHANNEL_ANSWER', 'a', 6, carrierA),
      ev('CHANNEL_DESTROY', 'b2', 20, bobB, { hangup_cause: 'NORMAL_CLEARING', billing_seconds: 14 }),
      ev('CHANNEL_DESTROY', 'a', 20, carrierA, { hangup_cause: 'NORMAL_CLEARING', billing_seconds: 14 })
    ];
    const answered = byUser(runCorrelator(bobTakesIt).final);
    assert.deepEqual([answered[ALICE]?.Result__c, answered[ALICE]?.TalkSeconds__c], ['AnsweredElsewhere', 0]);
    assert.equal(answered[BOB]?.Result__c, 'Answered');

    const nobody = [
      ...declined,
      ev('CHANNEL_DESTROY', 'b2', 23, bobB, { hangup_cause: 'NO_ANSWER', billing_seconds: 0 }),
      ev('CHANNEL_DESTROY', 'a', 24, carrierA, { hangup_cause: 'ORIGINATOR_CANCEL', billing_seconds: 0 })
    ];
    const missed = byUser(runCorrelator(nobody).final);
    assert.deepEqual([missed[ALICE]?.Result__c, missed[BOB]?.Result__c], ['Missed', 'Missed']);
  });

  it('reads the click-to-dial CAV, and ignores one that is not a Salesforce id', () => {
    const dial = (related: string) => [
      ev('CHANNEL_CREATE', 'a', 0, aliceA, { custom_application_vars: { sf_related_record_id: related } }),
      ev('CHANNEL_DESTROY', 'a', 3, aliceA, {
        hangup_cause: 'UNALLOCATED_NUMBER',
        custom_application_vars: { sf_related_record_id: related }
      })
    ];
    const [valid] = runCorrelator(dial('001Hs00002XyZabIAB')).final;
    assert.deepEqual(
      [valid?.CallId__c, valid?.Result__c, valid?.RelatedRecordId__c],
      [`${INTERACTION}:${ALICE}`, 'Failed', '001Hs00002XyZabIAB']
    );
    const [forged] = runCorrelator(dial("003' OR 1=1")).final;
    assert.equal(forged?.RelatedRecordId__c, null);
  });
});
