import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { webhookToCallEvent } from '../../src/core/webhook-payload.ts';

/**
 * The live intake stores `webhookToCallEvent(payload).event` and normalizes it later; `replay`
 * normalizes the captured payload itself. Both must read one delivery the same way.
 */
function bothWays(payload: Record<string, unknown>) {
  const mapped = webhookToCallEvent(payload);
  const live = mapped.kind === 'event' ? normalizeEvent(mapped.event) : { ok: false, reason: mapped.reason };
  const replayed = normalizeEvent(payload);
  assert.deepEqual(replayed, live);
  return replayed;
}

/** base_hook_event/3 for a carrier leg on a global resource: `local_resource_used` is `not WasGlobal`. */
const GLOBAL_CARRIER_CREATE = {
  hook_event: 'channel_create',
  account_id: 'acct-1',
  call_direction: 'inbound',
  call_id: 'carrier-leg-1',
  caller_id_number: '+14155550142',
  emergency_resource_used: 'false',
  is_internal_leg: 'false',
  local_resource_used: 'false',
  timestamp: '63962470800'
};

describe('the one webhook mapper, as the intake and replay use it', () => {
  it('reads a global carrier leg as a resource leg both ways (local_resource_used false)', () => {
    const result = bothWays(GLOBAL_CARRIER_CREATE);
    assert.ok(result.ok);
    assert.equal(result.event.globalResource, true);
    assert.equal(result.event.resourceId, null);
    assert.equal(result.event.isLoopback, false);
  });

  it('takes a local resource id only from local_resource_id, which Kazoo sends only when not global', () => {
    const result = bothWays({ ...GLOBAL_CARRIER_CREATE, local_resource_used: 'true', local_resource_id: 'carrier-9' });
    assert.ok(result.ok);
    assert.equal(result.event.resourceId, 'carrier-9');
    assert.equal(result.event.globalResource, null);
  });

  it('reads the raw AMQP names of non-reserved CCVs (reserved_ccv_keys set)', () => {
    const result = bothWays({
      ...GLOBAL_CARRIER_CREATE,
      hook_event: 'channel_destroy',
      hangup_cause: 'NORMAL_CLEARING',
      custom_channel_vars: {
        'Bridge-ID': 'carrier-leg-1',
        'Media-Recordings': ['202611-aaaa', '202611-bbbb'],
        'Global-Resource': 'true',
        Inception: 'offnet'
      }
    });
    assert.ok(result.ok);
    assert.equal(result.event.bridgeId, 'carrier-leg-1');
    assert.deepEqual(result.event.mediaRecordings, ['202611-aaaa', '202611-bbbb']);
    assert.equal(result.event.inception, 'offnet');
    assert.equal(result.event.globalResource, true);
  });

  it("reads a forwarded phone's loopback leg as that user's (call_forwarded, owner_id, is_internal_leg)", () => {
    const result = bothWays({
      hook_event: 'channel_answer',
      account_id: 'acct-1',
      call_id: 'fwd-leg-1',
      call_forwarded: 'true',
      is_internal_leg: 'true',
      owner_id: 'user-alice',
      timestamp: '63962470806'
    });
    assert.ok(result.ok);
    assert.deepEqual(
      [result.event.isLoopback, result.event.callForward, result.event.ownerId],
      [true, true, 'user-alice']
    );
  });

  it('says the same about a fake destroy and a hook that is not a channel event', () => {
    const fake = bothWays({ hook_event: 'channel_destroy', call_id: 'a', timestamp: '63962470806' });
    const parking = bothWays({ hook_event: 'parking', call_id: 'a', timestamp: '63962470806' });
    assert.deepEqual(fake, {
      ok: false,
      reason: 'A channel_destroy without hangup_cause is a media-server disconnect, not a hangup.'
    });
    assert.equal(parking.ok, false);
    assert.match(parking.ok ? '' : parking.reason, /not a channel event/);
  });
});
