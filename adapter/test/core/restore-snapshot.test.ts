import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlateEvent, expireCalls, restoreCorrelatorState } from '../../src/core/correlate-call.ts';
import { normalizeEvent, type KazooCallEvent } from '../../src/core/normalize-event.ts';
import { OPTIONS } from './run-correlator.ts';

const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const CALLER = { account_id: 'acct', call_interaction_id: 'int-1', authorizing_type: 'resource' };
const AGENT = { account_id: 'acct', call_interaction_id: 'int-1', owner_id: ALICE, bridge_id: 'caller-leg' };

function event(raw: Record<string, unknown>): KazooCallEvent {
  const result = normalizeEvent(JSON.stringify(raw));
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.event;
}

/**
 * A snapshot as versions before one shape for every stored event wrote it (hand-written): an
 * inbound call answered by Alice, each stored event without the fields that held nothing.
 */
const OLD_SNAPSHOT = JSON.stringify({
  version: 1,
  legs: {
    'caller-leg': {
      callId: 'caller-leg',
      callKey: 'int-1',
      events: [
        {
          eventName: 'CHANNEL_CREATE',
          callId: 'caller-leg',
          msgId: '1795251600000000',
          timeMs: 1795251600000,
          accountId: 'acct',
          callDirection: 'inbound',
          callerIdNumber: '+14155550142',
          callerIdName: 'Dana Caller',
          request: '+14155550100@realm',
          interactionId: 'int-1',
          authorizingType: 'resource'
        }
      ]
    },
    'alice-leg': {
      callId: 'alice-leg',
      callKey: 'int-1',
      events: [
        {
          eventName: 'CHANNEL_CREATE',
          callId: 'alice-leg',
          msgId: '1795251601000000',
          timeMs: 1795251601000,
          accountId: 'acct',
          callDirection: 'outbound',
          calleeIdName: 'Alice',
          presenceId: '1001@realm',
          ownerId: ALICE,
          bridgeId: 'caller-leg',
          interactionId: 'int-1'
        },
        {
          eventName: 'CHANNEL_ANSWER',
          callId: 'alice-leg',
          msgId: '1795251603000000',
          timeMs: 1795251603000,
          accountId: 'acct',
          ownerId: ALICE,
          bridgeId: 'caller-leg',
          interactionId: 'int-1'
        }
      ]
    }
  },
  calls: {
    'int-1': {
      key: 'int-1',
      interactionId: 'int-1',
      legIds: ['alice-leg', 'caller-leg'],
      visited: ['alice-leg', 'caller-leg'],
      lastActivityMs: 1795251603000,
      finalizations: 0,
      emitted: { [`int-1:${ALICE}`]: '1x2y3z' }
    }
  },
  finished: {},
  finishedOrder: [],
  finishedLegs: {}
});

describe('restoring a snapshot of an earlier version', () => {
  it('knows the events it holds and ends the call with every value right', () => {
    const state = restoreCorrelatorState(OLD_SNAPSHOT);
    const again = event({
      event_name: 'CHANNEL_ANSWER',
      call_id: 'alice-leg',
      msg_id: '1795251603000000',
      custom_channel_vars: AGENT
    });
    assert.equal(correlateEvent(state, again, again.timeMs, OPTIONS).duplicate, true, 'a re-sent ANSWER is a copy');
    const ends = [
      event({
        event_name: 'CHANNEL_DESTROY',
        call_id: 'alice-leg',
        msg_id: '1795251663000000',
        hangup_cause: 'NORMAL_CLEARING',
        billing_seconds: 60,
        custom_channel_vars: AGENT
      }),
      event({
        event_name: 'CHANNEL_DESTROY',
        call_id: 'caller-leg',
        msg_id: '1795251663000000',
        hangup_cause: 'NORMAL_CLEARING',
        custom_channel_vars: CALLER
      })
    ];
    for (const end of ends) correlateEvent(state, end, end.timeMs, OPTIONS);
    const [record, ...others] = expireCalls(state, 1795251663001, OPTIONS).projections;
    assert.deepEqual(others, [], 'one agent, one record');
    assert.deepEqual(record, {
      CallId__c: `int-1:${ALICE}`,
      InteractionId__c: 'int-1',
      Direction__c: 'Inbound',
      Status__c: 'Ended',
      Result__c: 'Answered',
      ExternalNumber__c: '+14155550142',
      FromNumber__c: '+14155550142',
      FromName__c: 'Dana Caller',
      ToNumber__c: '+14155550100',
      ToName__c: 'Alice',
      RingStartedAt__c: '2026-11-21T09:00:01.000Z',
      AnsweredAt__c: '2026-11-21T09:00:03.000Z',
      EndedAt__c: '2026-11-21T09:01:03.000Z',
      RingSeconds__c: 2,
      TalkSeconds__c: 60,
      HoldSeconds__c: 0,
      DurationSeconds__c: 62,
      HangupCause__c: 'NORMAL_CLEARING',
      PbxUserId__c: ALICE,
      Extension__c: '1001',
      PbxAccountId__c: 'acct',
      Source__c: 'kazoo',
      RecordingId__c: null,
      HasRecording__c: false,
      RelatedRecordId__c: null,
      // The newest msg_id (µs), twice the five events, one for being final.
      LastEventSeq__c: 1795251663000000 + 2 * 5 + 1
    });
  });
});
