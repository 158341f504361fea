import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/normalize-event.ts';

const ANSWER = {
  event_name: 'CHANNEL_ANSWER',
  call_id: 'b7c1d2e3-0f4a-4b5c-9d6e-7f8091a2b3c4',
  msg_id: '1795251606000000',
  custom_channel_vars: { owner_id: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1' }
};

function reasonFor(raw: unknown): string {
  const result = normalizeEvent(raw);
  assert.equal(result.ok, false, 'expected the event to be rejected');
  return result.ok ? '' : result.reason;
}

describe('normalizeEvent bounds what it accepts, and says why', () => {
  it('takes the 5.x top-level interaction_id when the channel vars have none, the CCV when both do', () => {
    const topLevel = normalizeEvent({ ...ANSWER, interaction_id: '63962470800-1a2b3c4d' });
    assert.ok(topLevel.ok);
    assert.equal(topLevel.event.interactionId, '63962470800-1a2b3c4d');
    const both = normalizeEvent({
      ...ANSWER,
      interaction_id: '63962470800-ffffffff',
      custom_channel_vars: { ...ANSWER.custom_channel_vars, call_interaction_id: '63962470800-1a2b3c4d' }
    });
    assert.ok(both.ok);
    assert.equal(both.event.interactionId, '63962470800-1a2b3c4d');
  });

  it('rejects ids longer than the CallData__c field they become part of', () => {
    const long = { ...ANSWER.custom_channel_vars, call_interaction_id: `63962470800-${'a'.repeat(80)}` };
    assert.equal(
      reasonFor({ ...ANSWER, custom_channel_vars: long }),
      'custom_channel_vars.call_interaction_id: longer than InteractionId__c holds (80)'
    );
    assert.equal(
      reasonFor({ ...ANSWER, custom_channel_vars: { owner_id: 'f'.repeat(65) } }),
      'custom_channel_vars.owner_id: longer than PbxUserId__c holds (64)'
    );
    assert.match(reasonFor({ ...ANSWER, interaction_id: 'x'.repeat(81) }), /^interaction_id: longer than/);
  });

  it('rejects oversized custom application vars instead of holding them', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`var${i}`, 'x']));
    assert.equal(reasonFor({ ...ANSWER, custom_application_vars: many }), 'custom_application_vars: more than 64 vars');
    assert.equal(
      reasonFor({ ...ANSWER, custom_application_vars: { note: 'x'.repeat(1025) } }),
      'custom_application_vars.note: longer than 1024'
    );
    assert.equal(
      reasonFor({ ...ANSWER, custom_application_vars: { ['k'.repeat(129)]: 'x' } }),
      'custom_application_vars: a name longer than 128'
    );
    assert.equal(reasonFor({ ...ANSWER, custom_application_vars: 'text' }), 'custom_application_vars: not an object');
  });

  it('rejects more recordings than a call makes, and recording ids longer than RecordingId__c', () => {
    const ids = Array.from({ length: 33 }, (_, i) => `202611-${i}`);
    const vars = (media_recordings: unknown) => ({ ...ANSWER.custom_channel_vars, media_recordings });
    assert.equal(
      reasonFor({ ...ANSWER, custom_channel_vars: vars(ids) }),
      'custom_channel_vars.media_recordings: more than 32 recordings'
    );
    assert.match(reasonFor({ ...ANSWER, custom_channel_vars: vars(['r'.repeat(256)]) }), /recording id too long/);
  });

  it('reads the call-forward flag of a forwarded phone', () => {
    const forward = normalizeEvent({
      ...ANSWER,
      channel_is_loopback: true,
      custom_channel_vars: { ...ANSWER.custom_channel_vars, call_forward: 'true' }
    });
    assert.ok(forward.ok);
    assert.equal(forward.event.callForward, true);
    const plain = normalizeEvent(ANSWER);
    assert.ok(plain.ok);
    assert.equal(plain.event.callForward, false);
  });
});
