import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KAZOO_RESERVED_CCV_KEYS,
  toFormBody,
  webhookPayloadFor,
  webhookRequestFor
} from '../../kazoo/webhook-delivery.ts';

const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';

/** A carrier A-leg's CHANNEL_DESTROY as blackhole publishes it (snake_case, CCVs nested). */
const CARRIER_DESTROY = {
  event_name: 'CHANNEL_DESTROY',
  call_id: 'carrier-a-leg',
  msg_id: '1795251666030015',
  timestamp: 63962470866,
  call_direction: 'inbound',
  caller_id_number: '+14155550142',
  hangup_cause: 'NORMAL_CLEARING',
  duration_seconds: 65,
  channel_name: 'sofia/sipinterface_1/+14155550100@10.20.0.40',
  custom_channel_vars: {
    account_id: ACCOUNT,
    authorizing_type: 'resource',
    call_interaction_id: '63962470800-1a2b3c4d',
    bridge_id: 'carrier-a-leg',
    global_resource: 'true',
    resource_id: 'e7d1c2b3',
    inception: 'offnet',
    media_recordings: ['202611-aaaa']
  }
};

test('a stock cluster sends base_hook_event/3 only: no CCVs, no msg_id, no interaction id', () => {
  const payload = webhookPayloadFor(CARRIER_DESTROY, { accountId: ACCOUNT, reservedCcvKeys: null });
  assert.ok(payload);
  assert.equal(payload.hook_event, 'channel_destroy');
  assert.equal('custom_channel_vars' in payload, false);
  assert.equal('msg_id' in payload, false);
  assert.equal(JSON.stringify(payload).includes('63962470800-1a2b3c4d'), false, 'no interaction id anywhere');
  // Inception is read from the top level, where no call event has it.
  assert.equal('inception' in payload, false);
  // Global-Resource true: local_resource_used false and no local_resource_id.
  assert.deepEqual([payload.local_resource_used, 'local_resource_id' in payload], [false, false]);
  assert.deepEqual(
    [payload.authorizing_type, payload.timestamp, payload.hangup_cause],
    ['resource', 63962470866, 'NORMAL_CLEARING']
  );
});

test('once reserved_ccv_keys is set, the other CCVs come under their AMQP names', () => {
  const payload = webhookPayloadFor(CARRIER_DESTROY, { accountId: ACCOUNT, reservedCcvKeys: KAZOO_RESERVED_CCV_KEYS });
  assert.deepEqual(payload?.custom_channel_vars, {
    'Bridge-ID': 'carrier-a-leg',
    'Global-Resource': 'true',
    'Resource-ID': 'e7d1c2b3',
    Inception: 'offnet',
    'Media-Recordings': ['202611-aaaa']
  });
});

test('a hook without internal legs gets no loopback leg; GET appends the payload after the URI’s own query', () => {
  const loopback = { ...CARRIER_DESTROY, channel_name: 'loopback/+14155550199-b', channel_is_loopback: true };
  const options = { accountId: ACCOUNT, reservedCcvKeys: null };
  assert.equal(webhookPayloadFor(loopback, { ...options, includeInternalLegs: false }), null);
  assert.equal(webhookPayloadFor(loopback, options)?.is_internal_leg, true);
  const payload = webhookPayloadFor(CARRIER_DESTROY, options) ?? {};
  const get = webhookRequestFor({ uri: 'https://adapter/api/v1/events/acme?secret=S', httpVerb: 'get' }, payload);
  assert.equal(get.url, `https://adapter/api/v1/events/acme?secret=S?${toFormBody(payload)}`);
  assert.equal(get.body, undefined);
  const post = webhookRequestFor({ uri: 'https://adapter/x' }, payload);
  assert.deepEqual(
    [post.method, post.headers['content-type'], post.headers['x-account-id']],
    ['POST', 'application/x-www-form-urlencoded', ACCOUNT]
  );
});
