/**
 * Correlator snapshots: a big state is saved less often than a small one, finished calls are
 * saved apart and come back after a restart, and an unreadable snapshot is set aside at start
 * (the tenant still starts, from the events left in the inbox).
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TenantStore } from '../../src/store/tenant-store.ts';

const newPath = () => join(mkdtempSync(join(tmpdir(), 'cti-snapshot-')), 'tenant.sqlite');

test('a 5 MB state waits five seconds for its next save at 1 MB/s; a small one waits the minimum', () => {
  const store = new TenantStore(newPath(), { snapshotPolicy: { minIntervalMs: 1_000, bytesPerSecond: 1_000_000 } });
  assert.equal(store.snapshots.isDue(0), true, 'the first snapshot is due at once');
  store.snapshots.save('x'.repeat(5_000_000), 0, 0);
  assert.equal(store.snapshots.isDue(4_999), false);
  assert.equal(store.snapshots.isDue(5_000), true);
  store.snapshots.save('{}', 0, 5_000);
  assert.equal(store.snapshots.isDue(5_999), false);
  assert.equal(store.snapshots.isDue(6_000), true);
  store.close();
});

test('under a heavy stream a snapshot waits until the inbox took the given multiple of its size', () => {
  const policy = { minIntervalMs: 1_000, bytesPerSecond: 1_000_000, inboxBytesPerSnapshotByte: 4 };
  const store = new TenantStore(newPath(), { snapshotPolicy: policy });
  store.snapshots.save('x'.repeat(1_000), 0, 0);
  assert.equal(store.snapshots.isDue(60_000, 3_999), false, 'less than 4 kB of events since a 1 kB snapshot');
  assert.equal(store.snapshots.isDue(60_000, 4_000), true);
  store.close();
});

test('a corrupt snapshot is set aside with the reason and the inbox after its cursor is kept', () => {
  const path = newPath();
  const store = new TenantStore(path);
  const first = store.inbox.append({ name: 'CHANNEL_CREATE' }, 'websocket', 1);
  store.inbox.append({ name: 'CHANNEL_ANSWER' }, 'websocket', 2);
  store.snapshots.save('{"version":1,"legs":', first, 3);
  const reasons: string[] = [];
  const restored = store.snapshots.restore(
    (text) => JSON.parse(text) as unknown,
    4,
    (r) => reasons.push(r)
  );
  assert.equal(restored.state, null);
  assert.equal(restored.inboxCursor, first, 'the events after the snapshot are replayed');
  assert.equal(reasons.length, 1);
  assert.equal(store.snapshots.latest(), null, 'the next start does not trip over it again');
  assert.equal(store.inbox.after(restored.inboxCursor).length, 1);
  store.close();
  const db = new Database(path, { readonly: true });
  const kept = db.prepare('SELECT state, reason FROM rejected_snapshots').all() as { state: string; reason: string }[];
  db.close();
  assert.equal(kept.length, 1);
  assert.equal(kept[0]?.state, '{"version":1,"legs":', 'the bad snapshot is kept for inspection');
  assert.equal(kept[0]?.reason, reasons[0]);
});

test('a readable snapshot comes back with its cursor', () => {
  const store = new TenantStore(newPath());
  store.snapshots.save('{"version":1}', 7, 1);
  const restored = store.snapshots.restore(
    (text) => JSON.parse(text) as unknown,
    2,
    () => assert.fail('not rejected')
  );
  assert.deepEqual(restored, { state: { version: 1 }, inboxCursor: 7 });
  store.close();
});

test('finished calls and live entries saved apart come back after a restart: what left is gone, a changed one is new', () => {
  const path = newPath();
  let store = new TenantStore(path);
  const early = { call: { key: 'i-1' }, legs: [] };
  const kept = { call: { key: 'i-2' }, legs: [] };
  store.snapshots.save('{"version":1}', 0, 1, { finishedCalls: { 'i-1': early, 'i-2': kept } });
  const legs: Record<string, unknown> = { a: { n: 1 }, b: { n: 2 } };
  store.snapshots.save('{"version":2}', 0, 2, {
    finishedCalls: { 'i-2': kept, 'i-3': { call: { key: 'i-3' }, legs: [] } },
    keyed: { legs: { entries: legs, changed: ['a', 'b'] } }
  });
  store.close();
  store = new TenantStore(path);
  // After a restart every finished call is written again once; one that re-opened and finished anew replaces the old row.
  // Leg a left the state, b is unchanged (not even listed as changed), c is new.
  store.snapshots.save('{"version":3}', 0, 3, {
    finishedCalls: { 'i-2': kept, 'i-3': { call: { key: 'i-3', finalizations: 2 } } },
    keyed: { legs: { entries: { b: { n: 2 }, c: { n: 3 } }, changed: ['c'] } }
  });
  store.close();
  store = new TenantStore(path);
  const saved = store.snapshots.latest();
  assert.equal(saved?.state, '{"version":3}');
  assert.deepEqual(
    saved?.chunks.map((chunk) => JSON.parse(chunk) as unknown),
    [{ legs: { b: { n: 2 }, c: { n: 3 } } }],
    'the live entries as they are now'
  );
  assert.deepEqual(
    Object.entries(saved?.finishedCalls ?? {}).map(([key, call]) => [key, JSON.parse(call) as unknown]),
    [
      ['i-2', { call: { key: 'i-2' }, legs: [] }],
      ['i-3', { call: { key: 'i-3', finalizations: 2 } }]
    ]
  );
  store.close();
});

test('a snapshot of schema version 3 (live entries in chunks) restores, and the next save stores rows instead', () => {
  const path = newPath();
  let store = new TenantStore(path);
  store.snapshots.save('{"version":1}', 0, 1);
  store.close();
  const db = new Database(path);
  db.prepare('INSERT INTO snapshot_chunks (seq, json) VALUES (?, ?)').run(0, '{"legs":{"a":{"n":1}}}');
  db.prepare('INSERT INTO snapshot_chunks (seq, json) VALUES (?, ?)').run(1, '{"calls":{"x":{"n":9}}}');
  db.close();
  store = new TenantStore(path);
  assert.deepEqual(store.snapshots.latest()?.chunks, ['{"legs":{"a":{"n":1}}}', '{"calls":{"x":{"n":9}}}']);
  assert.equal(store.snapshots.entries.has('legs', 'a'), false, 'an entry of a chunk has no row yet');
  store.snapshots.save('{"version":1}', 0, 2, {
    keyed: { legs: { entries: { a: { n: 1 } }, changed: ['a'] }, calls: { entries: { x: { n: 9 } }, changed: ['x'] } }
  });
  assert.deepEqual(
    store.snapshots.latest()?.chunks.map((chunk) => JSON.parse(chunk) as unknown),
    [{ calls: { x: { n: 9 } } }, { legs: { a: { n: 1 } } }]
  );
  store.close();
});

test('a store file written by schema version 1 opens and keeps its queued records', () => {
  const path = newPath();
  const db = new Database(path);
  db.exec(
    'CREATE TABLE outbox (call_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, record TEXT NOT NULL, ' +
      'first_write INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, enqueued_at INTEGER NOT NULL, ' +
      'due_at INTEGER NOT NULL, last_error TEXT);' +
      'CREATE TABLE delivered (call_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, delivered_at INTEGER NOT NULL);'
  );
  db.prepare('INSERT INTO outbox VALUES (?, 3, ?, 1, 0, 0, 0, NULL)').run(
    'old:u1',
    JSON.stringify({ CallId__c: 'old:u1' })
  );
  db.close();
  const store = new TenantStore(path);
  const [entry] = store.outbox.all(10);
  assert.equal(entry?.callId, 'old:u1');
  assert.equal(entry?.matchPending, true, 'a first write of version 1 still needs its caller match');
  assert.equal(entry?.callerMatch, null);
  store.close();
});
