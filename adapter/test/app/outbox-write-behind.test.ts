/**
 * The outbox writes queued states behind (store/outbox-store.ts): a state is in the outbox table
 * only by the next outbox read, write or snapshot. A process killed before that loses nothing: the
 * events behind those states are still in the inbox, after the last snapshot, and the restart
 * folds them again. The expected record is the fixture's hand-checked one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { parseEventLines } from '../delivery/support/fake-provider.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { testPipeline } from './support/test-pipeline.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const frames = parseEventLines(readFileSync(join(FIXTURES, 'outbound-busy.jsonl'), 'utf8'));
const [expected] = parseEventLines(readFileSync(join(FIXTURES, 'outbound-busy.expected.jsonl'), 'utf8'));

function pipelineOn(store: TenantStore, clock: ManualClock): EventPipeline {
  return testPipeline(store, clock, { snapshotEveryMs: 1_000 });
}

/** What another connection (a later process) finds in the file: outbox rows and inbox events. */
function onDisk(path: string): { outbox: unknown[]; inbox: number } {
  const db = new Database(path, { readonly: true });
  const outbox = db
    .prepare<[], { record: string }>('SELECT record FROM outbox ORDER BY call_id')
    .all()
    .map((row) => JSON.parse(row.record) as unknown);
  const inbox = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM inbox').get()?.n ?? 0;
  db.close();
  return { outbox, inbox };
}

const newPath = () => join(mkdtempSync(join(tmpdir(), 'cti-write-behind-')), 'acme.sqlite');

test('a process killed while the final state is only queued: the restart queues it again from the inbox', () => {
  const path = newPath();
  const clock = new ManualClock(1_800_000_000_000);
  const store = new TenantStore(path);
  const pipeline = pipelineOn(store, clock);
  for (const frame of frames) assert.equal(pipeline.accept(frame, 'websocket').accepted, true);
  pipeline.processInbox();
  pipeline.expire();
  assert.deepEqual(onDisk(path), { outbox: [], inbox: frames.length }, 'queued, not written; no snapshot yet');
  // Killed: the store is never closed, its queued state never written.

  const restarted = new TenantStore(path);
  const again = pipelineOn(restarted, clock);
  again.processInbox();
  again.expire();
  assert.deepEqual(
    restarted.outbox.all(10).map((entry) => entry.record),
    [expected]
  );
  assert.deepEqual(onDisk(path).outbox, [expected], 'the read wrote the queued state first');
  restarted.close();
});

test('a snapshot writes the queued states before the events it covers leave the inbox', () => {
  const path = newPath();
  const clock = new ManualClock(1_800_000_000_000);
  const store = new TenantStore(path);
  const pipeline = pipelineOn(store, clock);
  for (const frame of frames) pipeline.accept(frame, 'websocket');
  pipeline.processInbox();
  clock.advance(1_000);
  pipeline.expire();
  assert.deepEqual(onDisk(path), { outbox: [expected], inbox: 0 });
  // Killed after the snapshot: the restart has no event to fold again and the record once.
  const restarted = new TenantStore(path);
  const again = pipelineOn(restarted, clock);
  assert.equal(again.processInbox(), 0);
  again.expire();
  assert.deepEqual(
    restarted.outbox.all(10).map((entry) => entry.record),
    [expected]
  );
  restarted.close();
});
