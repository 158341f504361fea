/**
 * The fast path of event validation accepts exactly what the schema accepts, with the same event,
 * and leaves every refusal (and its reason) to the schema: the recorded frames and the same frames
 * with one read field set to an awkward value come out of normalizeEvent as from the schema alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeEvent, normalizeEventBySchema } from '../../src/core/normalize-event.ts';
import { readPlainFrame } from '../../src/core/plain-event-frame.ts';
import { fixtureNames, loadFixture } from '../fixtures/kazoo/load-fixtures.ts';

const frames = fixtureNames().flatMap((name) => loadFixture(name).raw);

const TOP_FIELDS = [
  'event_name',
  'call_id',
  'interaction_id',
  'msg_id',
  'timestamp',
  'channel_created_time',
  'call_direction',
  'caller_id_number',
  'callee_id_name',
  'other_leg_call_id',
  'channel_name',
  'channel_is_loopback',
  'hangup_cause',
  'billing_seconds',
  'ringing_seconds',
  'custom_channel_vars',
  'custom_application_vars',
  'Call-ID',
  'Event-Name'
];
const CHANNEL_VAR_FIELDS = [
  'account_id',
  'owner_id',
  'bridge_id',
  'call_interaction_id',
  'global_resource',
  'call_forward',
  'media_recordings',
  'Owner-ID'
];

/** Values at and around every bound and conversion the schema has. */
const awkward = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  ' ',
  0,
  -1,
  1.5,
  12,
  '12',
  ' 12 ',
  '12.5',
  '1e3',
  1e21,
  '9'.repeat(400),
  true,
  false,
  'true',
  'false',
  'inbound',
  'outbound',
  'CHANNEL_ANSWER',
  'CHANNEL_PARK',
  1795266600000000,
  '1795266600000000',
  '999999999999999',
  '4000000000000000',
  '63962485800',
  'x'.repeat(18),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(80),
  'x'.repeat(81),
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(1024),
  'x'.repeat(1025),
  [],
  ['rec-1'],
  [''],
  ['x'.repeat(256)],
  Array.from({ length: 33 }, (_, i) => `rec-${i}`),
  [1],
  {},
  { 'Sf-Related-Record-Id': '001000000000001AAA' },
  { sf_related_record_id: '001000000000001AAA', n: 1 },
  { long: 'x'.repeat(1025) }
);

/** The frame's event data (a blackhole frame's `data`, a legacy frame's `args`, or the frame itself when bare). */
function eventData(frame: Record<string, unknown>): Record<string, unknown> {
  if (frame.action === 'event') return frame.data as Record<string, unknown>;
  if ('args' in frame && typeof frame.name === 'string') return frame.args as Record<string, unknown>;
  return frame;
}

describe('the fast path of event validation agrees with the schema', () => {
  it('takes the recorded 4.x frames and makes the same events of them', () => {
    const plain = frames.filter((frame) => readPlainFrame(frame) !== null);
    assert.ok(plain.length > frames.length / 2, 'most recorded frames are plain');
    for (const frame of frames) assert.deepEqual(normalizeEvent(frame), normalizeEventBySchema(frame));
  });

  it('gives the same event or the same reason when one field holds an awkward value', () => {
    const inChannelVars = fc.record({ field: fc.constantFrom(...CHANNEL_VAR_FIELDS), value: awkward });
    const atTop = fc.record({ field: fc.constantFrom(...TOP_FIELDS), value: awkward });
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.oneof(
          atTop,
          inChannelVars.map((change) => ({ ...change, nested: true }))
        ),
        fc.boolean(),
        (frame, change, bare) => {
          const copy = structuredClone(frame) as Record<string, unknown>;
          const data = eventData(copy);
          // A legacy frame's channel vars are under their Title-Case name.
          const channelVars = (data.custom_channel_vars ?? data['Custom-Channel-Vars']) as
            Record<string, unknown> | undefined;
          const target: Record<string, unknown> =
            'nested' in change ? (channelVars ?? (data.custom_channel_vars = {})) : data;
          target[change.field] = change.value;
          const raw = bare ? data : copy;
          assert.deepEqual(normalizeEvent(raw), normalizeEventBySchema(raw));
        }
      ),
      { numRuns: 3_000 }
    );
  });
});
