/**
 * Snapshots write only the legs and calls that changed: a day of calls snapshotted every few
 * events and restarted at any point ends every call exactly as a run that never restarted, a
 * call that ended leaves no row behind, and a store whose snapshot holds its calls in chunks (as
 * schema version 3 wrote them) restarts the same way.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { buildScriptedCalls } from './support/scripted-day.ts';
import { testPipeline } from './support/test-pipeline.ts';

const GRACE_MS = 5_000;

function pipelineOn(store: TenantStore, clock: ManualClock): EventPipeline {
  return testPipeline(store, clock, { correlator: { defaultRegion: 'US', graceMs: GRACE_MS } });
}

// 4 copies of the 16 scenarios (transfers, pickups, ring groups, consultations…), calls overlapping:
// call i starts with event i, so dozens are in flight at once and calls end all along the day.
const calls = buildScriptedCalls(4).map((lines) => lines.map((line) => JSON.parse(line) as unknown));
const day = calls
  .flatMap((events, call) => events.map((raw, index) => ({ raw, at: call + index * 5 })))
  .sort((a, b) => a.at - b.at)
  .map((event) => event.raw);

const countRows = (path: string, sql: string) => {
  const db = new Database(path, { readonly: true });
  const n = (db.prepare(sql).get() as { n: number }).n;
  db.close();
  return n;
};

/**
 * Plays the day, a snapshot every 7 events and a second of the clock every 5 (calls end as their
 * grace passes), with a restart after event `restartAt` (a snapshot first, so the restart starts
 * from it alone) and `beforeRestart` run on the closed store. Returns every queued record.
 */
function play(restartAt: number | null, beforeRestart: (path: string) => void = () => undefined) {
  const path = join(mkdtempSync(join(tmpdir(), 'cti-incremental-')), 'acme.sqlite');
  const clock = new ManualClock(1_800_000_000_000);
  let store = new TenantStore(path);
  let pipeline = pipelineOn(store, clock);
  day.forEach((raw, index) => {
    pipeline.accept(raw, 'websocket');
    pipeline.processInbox();
    if (index % 5 === 4) {
      clock.advance(1_000);
      pipeline.expire();
    }
    if (index % 7 === 6 || index === restartAt) pipeline.snapshotIfDue(true);
    if (index === restartAt) {
      assert.equal(store.counts().inbox, 0, 'the restart starts from the snapshot alone');
      store.close();
      beforeRestart(path);
      store = new TenantStore(path);
      pipeline = pipelineOn(store, clock);
    }
  });
  clock.advance(GRACE_MS);
  pipeline.expire();
  pipeline.snapshotIfDue(true);
  const records = new Map(store.outbox.all(100_000).map((entry) => [entry.callId, JSON.stringify(entry.record)]));
  store.close();
  return { records, path };
}

test('a restart after any of several incremental snapshots ends every call as without the restart', () => {
  const { records: uninterrupted, path } = play(null);
  assert.ok(uninterrupted.size > 100, `every call queued its records (${uninterrupted.size})`);
  assert.equal(countRows(path, 'SELECT COUNT(*) AS n FROM snapshot_entries'), 0, 'ended calls leave no live rows');
  assert.ok(countRows(path, 'SELECT COUNT(*) AS n FROM snapshot_finished_calls') > 0, 'they are kept as finished');
  for (const restartAt of [40, 111, 230, 347, day.length - 60]) {
    const { records } = play(restartAt);
    assert.deepEqual([...records.keys()].sort(), [...uninterrupted.keys()].sort(), `restart at ${restartAt}`);
    for (const [callId, record] of uninterrupted)
      assert.equal(records.get(callId), record, `${callId}, restart at ${restartAt}`);
  }
});

test('mid-day, the snapshot rows are the calls in flight; a store from schema version 3 restarts as well', () => {
  const restartAt = 230;
  let inFlight = 0;
  /** Rewrites the snapshot's rows as the chunks of version 3: `{"legs": {…}}` of up to 500 entries. */
  const asVersion3 = (path: string) => {
    const db = new Database(path);
    const rows = db.prepare('SELECT part, key, json FROM snapshot_entries ORDER BY part, key').all() as {
      part: string;
      key: string;
      json: string;
    }[];
    inFlight = rows.filter((row) => row.part === 'calls').length;
    rows.forEach((row, seq) =>
      db
        .prepare('INSERT INTO snapshot_chunks (seq, json) VALUES (?, ?)')
        .run(seq, JSON.stringify({ [row.part]: { [row.key]: JSON.parse(row.json) as unknown } }))
    );
    db.exec('DELETE FROM snapshot_entries');
    db.close();
  };
  const { records: uninterrupted } = play(null);
  const { records, path } = play(restartAt, asVersion3);
  assert.ok(inFlight > 10, `calls were in flight at the restart (${inFlight})`);
  assert.deepEqual([...records.keys()].sort(), [...uninterrupted.keys()].sort());
  for (const [callId, record] of uninterrupted) assert.equal(records.get(callId), record, callId);
  assert.equal(countRows(path, 'SELECT COUNT(*) AS n FROM snapshot_chunks'), 0, 'the next save replaced the chunks');
});

test('under a stream of new calls the snapshots keep up: the inbox holds only the events since the last one', () => {
  const store = new TenantStore(join(mkdtempSync(join(tmpdir(), 'cti-incremental-')), 'acme.sqlite'));
  const clock = new ManualClock(1_800_000_000_000);
  const pipeline = pipelineOn(store, clock);
  let mostInInbox = 0;
  let inInbox = 0;
  let emptied = 0;
  day.forEach((raw, index) => {
    pipeline.accept(raw, 'websocket');
    pipeline.processInbox();
    if (index % 5 === 4) {
      clock.advance(1_000);
      pipeline.expire();
    }
    const now = store.counts().inbox;
    if (now < inInbox) emptied += 1;
    inInbox = now;
    mostInInbox = Math.max(mostInInbox, now);
  });
  // Each call's legs are new and weigh about what their frames do, the inbox's stored events ~40%
  // of that, and a snapshot waits for 3 inbox bytes per byte it writes; the calls that ended are
  // not written again, so the changes never outweigh the inbox for good: snapshots are taken
  // along the day and never leave two thirds of it waiting.
  assert.ok(emptied >= 2, `snapshots emptied the inbox ${emptied} time(s) during the day`);
  assert.ok(mostInInbox < (day.length * 2) / 3, `at most ${mostInInbox} of ${day.length} events waited for a snapshot`);
  store.close();
});
