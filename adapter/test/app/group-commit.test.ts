/**
 * Events submitted in the same tick are stored in one commit and acknowledged together: every
 * caller hears "accepted" only once its event is in the inbox, and when the store cannot write,
 * every caller of that tick hears it was not stored (none is acknowledged by mistake).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { decodeInboxEvent } from '../../src/store/inbox-event.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { parseEventLines } from '../delivery/support/fake-provider.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { testPipeline } from './support/test-pipeline.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const frames = parseEventLines(readFileSync(join(FIXTURES, 'outbound-busy.jsonl'), 'utf8'));

function pipelineOn(store: TenantStore): EventPipeline {
  return testPipeline(store, new ManualClock());
}

const newStore = () => new TenantStore(join(mkdtempSync(join(tmpdir(), 'cti-group-')), 'acme.sqlite'));

test('every event of a tick is in the inbox, as it was normalized, when its caller hears accepted', async () => {
  const store = newStore();
  const pipeline = pipelineOn(store);
  const outcomes = frames.map((frame) => pipeline.submit(frame, 'websocket'));
  const inboxAtFirstAck = await outcomes[0]?.then(() =>
    store.inbox.after(0).map((entry) => decodeInboxEvent(entry.raw))
  );
  assert.deepEqual(
    inboxAtFirstAck,
    frames.map((frame) => (normalizeEvent(frame) as { event: unknown }).event),
    'the whole tick was committed before the first ack'
  );
  assert.deepEqual(
    await Promise.all(outcomes),
    frames.map(() => ({ accepted: true }))
  );
  store.close();
});

test('when the store cannot write, every caller of that tick hears the event was not stored', async () => {
  const store = newStore();
  const pipeline = pipelineOn(store);
  store.inbox.appendMany = () => {
    throw new Error('SQLITE_FULL: database or disk is full');
  };
  const outcomes = await Promise.all(frames.slice(0, 3).map((frame) => pipeline.submit(frame, 'webhook')));
  assert.deepEqual(
    outcomes,
    [1, 2, 3].map(() => ({ accepted: false, reason: 'the adapter could not store the event' }))
  );
  store.close();
});
