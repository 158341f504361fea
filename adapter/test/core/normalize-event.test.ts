import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { loadFixture } from '../fixtures/kazoo/load-fixtures.ts';

const CALL = 'a1f0c3e2-5d4b-4a69-8e7f-1c2b3a4d5e60';
const bare = {
  event_name: 'CHANNEL_DESTROY',
  call_id: CALL,
  msg_id: '1795251666030000',
  billing_seconds: 60,
  custom_channel_vars: { owner_id: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1', call_interaction_id: '63962470800-1a2b3c4d' }
};

function accepted(raw: unknown) {
  const result = normalizeEvent(raw);
  assert.ok(result.ok, `expected the event to be accepted, got: ${result.ok ? '' : result.reason}`);
  return result.event;
}

function rejected(raw: unknown): string {
  const result = normalizeEvent(raw);
  assert.equal(result.ok, false, 'expected the event to be rejected');
  return result.ok ? '' : result.reason;
}

describe('normalizeEvent', () => {
  it('reads the 4.x websocket envelope', () => {
    const frame = loadFixture('inbound-answered').raw[1];
    const event = accepted(frame);
    assert.equal(event.eventName, 'CHANNEL_CREATE');
    assert.equal(event.callId, CALL);
    assert.equal(event.timeMs, 1795251600000);
    assert.equal(event.accountId, '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
    assert.equal(event.interactionId, null, 'an A-leg CREATE has no interaction id yet');
  });

  it('reads a bare event object and the legacy {name,args} Title-Case shape alike', () => {
    const legacy = {
      name: 'CHANNEL_DESTROY',
      args: {
        'Call-ID': CALL,
        'Msg-ID': '1795251666030000',
        'Billing-Seconds': '60',
        'Custom-Channel-Vars': {
          'Owner-ID': '8f3c2a1b4d5e6f708192a3b4c5d6e7f1',
          'Call-Interaction-ID': '63962470800-1a2b3c4d'
        }
      }
    };
    assert.deepEqual(accepted(legacy), accepted(bare));
    assert.equal(accepted(legacy).billingSeconds, 60, 'a duration sent as a string becomes a number');
    assert.equal(accepted(legacy).ownerId, '8f3c2a1b4d5e6f708192a3b4c5d6e7f1');
  });

  it('reads a webhooks-app channel payload (form-data strings, top-level owner, internal legs)', () => {
    const hook = {
      hook_event: 'channel_destroy',
      call_id: CALL,
      timestamp: '63962470866',
      owner_id: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1',
      account_id: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
      is_internal_leg: 'true',
      other_leg_call_id: 'a-leg',
      hangup_cause: 'NORMAL_CLEARING',
      billing_seconds: '6'
    };
    const event = accepted(hook);
    assert.deepEqual(
      [event.eventName, event.ownerId, event.accountId, event.isLoopback, event.billingSeconds, event.timeMs],
      ['CHANNEL_DESTROY', hook.owner_id, hook.account_id, true, 6, 1795251666000]
    );
    const { hangup_cause: _cause, ...disconnect } = hook;
    assert.match(rejected(disconnect), /without hangup_cause/);
  });

  it('accepts JSON text as it comes off a socket', () => {
    assert.equal(accepted(JSON.stringify(bare)).callId, CALL);
  });

  it('takes media_recordings as a string or a list', () => {
    const single = accepted({ ...bare, custom_channel_vars: { media_recordings: '202611-aa' } });
    const list = accepted({ ...bare, custom_channel_vars: { media_recordings: ['202611-aa', '202611-bb'] } });
    assert.deepEqual(single.mediaRecordings, ['202611-aa']);
    assert.deepEqual(list.mediaRecordings, ['202611-aa', '202611-bb']);
  });

  it('derives the time from Gregorian seconds when msg_id is missing', () => {
    const { msg_id: _omitted, ...noMsgId } = bare;
    const event = accepted({ ...noMsgId, timestamp: '63962470866' });
    assert.equal(event.timeMs, 1795251666000);
    assert.equal(event.msgId, '1795251666000000');
  });

  it('marks loopback legs by channel name or flag', () => {
    assert.equal(accepted({ ...bare, channel_name: 'loopback/ringgroup-a' }).isLoopback, true);
    assert.equal(accepted({ ...bare, channel_is_loopback: 'true' }).isLoopback, true);
    assert.equal(accepted({ ...bare, channel_name: 'sofia/sipinterface_1/alice' }).isLoopback, false);
  });

  it('keeps custom application vars as strings', () => {
    const event = accepted({
      ...bare,
      custom_application_vars: { sf_related_record_id: '003Hs00001AbCdEIAV', attempt: 2 }
    });
    assert.deepEqual({ ...event.applicationVars }, { attempt: '2', sf_related_record_id: '003Hs00001AbCdEIAV' });
    assert.equal(Object.getPrototypeOf(event.applicationVars), null, 'a CAV name is only ever a key');
  });

  it('rejects malformed events with a reason instead of throwing', () => {
    assert.equal(rejected('{not json'), 'not JSON');
    assert.equal(rejected([1, 2]), 'not a JSON object');
    assert.match(rejected({ action: 'reply', status: 'success', data: {} }), /not an event frame/);
    assert.match(rejected({ ...bare, event_name: 'PARK_PARKED' }), /event_name: unsupported event PARK_PARKED/);
    assert.match(rejected({ ...bare, call_id: '' }), /call_id/);
    assert.match(rejected({ ...bare, msg_id: 'yesterday' }), /msg_id: must be an integer/);
    assert.match(rejected({ ...bare, msg_id: '1795251666' }), /msg_id: must be a Unix time in microseconds/);
    assert.match(rejected({ ...bare, billing_seconds: 'thirty' }), /billing_seconds/);
    const { msg_id: _omitted, ...timeless } = bare;
    assert.match(rejected(timeless), /neither msg_id nor timestamp/);
  });
});
