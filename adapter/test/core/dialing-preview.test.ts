import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DialingLegs } from '../../src/app/dialing-legs.ts';
import { dialingPreview } from '../../src/core/dialing-preview.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';

const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
/** An agent's desk phone dialling out: the A-leg's CREATE, before routing gave it any id (kazoo.md C4). */
const CREATE = {
  event_name: 'CHANNEL_CREATE',
  call_id: 'b7c1d2e3-0f4a-4b5c-9d6e-7f8091a2b3c4',
  msg_id: '1795251606000000',
  call_direction: 'inbound',
  caller_id_number: '101',
  caller_id_name: 'Alice Able',
  request: '4155550199@acme.sip.example.com',
  custom_channel_vars: { owner_id: ALICE, authorizing_type: 'device' }
};

function previewOf(raw: Record<string, unknown>) {
  const normalized = normalizeEvent(raw);
  assert.ok(normalized.ok, normalized.ok ? '' : normalized.reason);
  return dialingPreview(normalized.event, 'US');
}

describe('dialingPreview', () => {
  it("shows the agent's A-leg as an outbound call being dialled, keyed by the leg", () => {
    const preview = previewOf(CREATE);
    assert.equal(preview?.CallId__c, 'dialing:b7c1d2e3-0f4a-4b5c-9d6e-7f8091a2b3c4');
    assert.equal(preview?.ALegCallId, CREATE.call_id);
    assert.equal(preview?.Direction__c, 'Outbound');
    assert.equal(preview?.Status__c, 'Ringing');
    assert.equal(preview?.ExternalNumber__c, '+14155550199', 'the dialled number in E.164, as the record has it');
    assert.equal(preview?.FromNumber__c, '101');
    assert.equal(preview?.PbxUserId__c, ALICE);
    assert.equal(preview?.LastEventSeq__c, 0, 'below any record of the call');
  });

  it('calls an extension internal', () => {
    assert.equal(previewOf({ ...CREATE, request: '102@acme.sip.example.com' })?.Direction__c, 'Internal');
  });

  it('shows nothing for legs that are not an agent starting a call', () => {
    const routed = { ...CREATE.custom_channel_vars, call_interaction_id: '63962470800-1a2b3c4d' };
    assert.equal(previewOf({ ...CREATE, custom_channel_vars: routed }), null, 'already a call');
    assert.equal(previewOf({ ...CREATE, call_direction: 'outbound' }), null, 'a leg ringing a phone');
    assert.equal(previewOf({ ...CREATE, custom_channel_vars: {} }), null, 'a carrier leg has no owner');
    assert.equal(previewOf({ ...CREATE, call_id: `${CREATE.call_id}-quickcall` }), null, 'click-to-dial');
    assert.equal(previewOf({ ...CREATE, event_name: 'CHANNEL_ANSWER' }), null, 'only the CREATE');
  });
});

describe('DialingLegs', () => {
  const interactionOf = (calls: Record<string, string>) => (leg: string) => calls[leg] ?? null;

  it("gives a leg to the owner's first record of its call, once", () => {
    const legs = new DialingLegs();
    legs.add('leg-1', 'alice', 0);
    assert.equal(legs.claim('bob', 'i1', interactionOf({ 'leg-1': 'i1' })), null, 'another agent');
    assert.equal(legs.claim('alice', 'i2', interactionOf({ 'leg-1': 'i1' })), null, 'another call');
    assert.equal(legs.claim('alice', 'i1', interactionOf({ 'leg-1': 'i1' })), 'leg-1');
    assert.equal(legs.claim('alice', 'i1', interactionOf({ 'leg-1': 'i1' })), null, 'claimed once');
  });

  it('lets go of legs gone without a record, after the grace, or too old', () => {
    const legs = new DialingLegs();
    legs.add('gone', 'alice', 0);
    legs.add('old', 'alice', 0);
    legs.destroyed('gone', 1_000);
    assert.deepEqual(legs.takeExpired(2_000, 3_000, 120_000), []);
    assert.deepEqual(legs.takeExpired(4_000, 3_000, 120_000), [{ legCallId: 'gone', ownerPbxUserId: 'alice' }]);
    assert.deepEqual(legs.takeExpired(120_000, 3_000, 120_000), [{ legCallId: 'old', ownerPbxUserId: 'alice' }]);
    assert.equal(legs.size, 0);
  });

  it('keeps at most its limit, the oldest dropped', () => {
    const legs = new DialingLegs(2);
    for (const leg of ['a', 'b', 'c']) legs.add(leg, 'alice', 0);
    assert.equal(legs.size, 2);
    assert.equal(legs.claim('alice', 'i', interactionOf({ a: 'i' })), null, 'the oldest is gone');
  });
});
