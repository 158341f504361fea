/**
 * The tenant store keeps what a restart needs: inbox events after the snapshot cursor, queued
 * record states (coalesced per record, newest wins), dead letters, and the correlator snapshot.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { projection } from '../delivery/support/delivery-harness.ts';

const newPath = () => join(mkdtempSync(join(tmpdir(), 'cti-store-')), 'tenant.sqlite');

test('accepted events survive a reopen until a snapshot covers them', () => {
  const path = newPath();
  let store = new TenantStore(path);
  const first = store.inbox.append({ name: 'CHANNEL_CREATE' }, 'websocket', 1);
  store.inbox.append({ name: 'CHANNEL_ANSWER' }, 'webhook', 2);
  store.close();
  store = new TenantStore(path);
  assert.deepEqual(
    store.inbox.after(0).map((e) => e.raw),
    [{ name: 'CHANNEL_CREATE' }, { name: 'CHANNEL_ANSWER' }]
  );
  store.snapshots.save('{"version":1}', first, 3);
  const saved = store.snapshots.latest();
  assert.equal(saved?.state, '{"version":1}');
  assert.equal(saved?.inboxCursor, first);
  assert.equal(store.counts().inbox, 1);
  assert.equal(store.inbox.after(first)[0]?.transport, 'webhook');
  store.close();
});

test('a first ringing state is due at once; later states wait for the window of the first', () => {
  const store = new TenantStore(newPath());
  store.outbox.enqueue(projection({ CallId__c: 'a', Status__c: 'Ringing', LastEventSeq__c: 1 }), 1000, {
    coalesceWindowMs: 250
  });
  assert.equal(store.outbox.dueBy(1000, 10).length, 1);
  store.outbox.confirmAll([{ callId: 'a', seq: 1, matchWritten: true }], 1000);
  store.outbox.enqueue(projection({ CallId__c: 'a', Status__c: 'Connected', LastEventSeq__c: 2 }), 2000, {
    coalesceWindowMs: 250
  });
  store.outbox.enqueue(projection({ CallId__c: 'a', Status__c: 'Ended', LastEventSeq__c: 3 }), 2200, {
    coalesceWindowMs: 250
  });
  assert.equal(store.outbox.dueBy(2249, 10).length, 0);
  const [due] = store.outbox.dueBy(2250, 10);
  assert.equal(due?.record.Status__c, 'Ended');
  assert.equal(due?.firstWrite, false);
  store.close();
});

test('a state already confirmed is not queued again (replay after a restart)', () => {
  const store = new TenantStore(newPath());
  store.outbox.enqueue(projection({ CallId__c: 'b', LastEventSeq__c: 4 }), 0, { coalesceWindowMs: 0 });
  store.outbox.confirmAll([{ callId: 'b', seq: 4, matchWritten: true }], 0);
  store.outbox.enqueue(projection({ CallId__c: 'b', LastEventSeq__c: 4 }), 10, { coalesceWindowMs: 0 });
  store.outbox.enqueue(projection({ CallId__c: 'b', LastEventSeq__c: 3 }), 10, { coalesceWindowMs: 0 });
  assert.equal(store.counts().outboxDepth, 0);
  store.close();
});

test('confirming an older state keeps the newer one queued', () => {
  const store = new TenantStore(newPath());
  store.outbox.enqueue(projection({ CallId__c: 'c', LastEventSeq__c: 1 }), 0, { coalesceWindowMs: 0 });
  store.outbox.enqueue(projection({ CallId__c: 'c', Status__c: 'Connected', LastEventSeq__c: 2 }), 5, {
    coalesceWindowMs: 0
  });
  store.outbox.confirmAll([{ callId: 'c', seq: 1, matchWritten: true }], 10, 260);
  const [left] = store.outbox.all(10);
  assert.equal(left?.seq, 2);
  assert.equal(left?.dueAt, 260);
  store.close();
});

test('dead letters keep their reason and go back to the outbox on retry', () => {
  const store = new TenantStore(newPath());
  store.outbox.enqueue(projection({ CallId__c: 'd', LastEventSeq__c: 1 }), 0, { coalesceWindowMs: 0 });
  const [entry] = store.outbox.all(1);
  assert.ok(entry);
  store.outbox.deadLetter(entry, 'INVALID_FIELD: no such field', 5);
  assert.deepEqual(store.counts().deadLetters, 1);
  assert.equal(store.outbox.listDeadLetters()[0]?.reason, 'INVALID_FIELD: no such field');
  assert.equal(store.outbox.retryDeadLetters(9), 1);
  assert.equal(store.outbox.dueBy(9, 10)[0]?.callId, 'd');
  assert.equal(store.counts().deadLetters, 0);
  store.close();
});

test('the mark of complete events survives a reopen; an older store falls back to its newest inbox event', () => {
  const path = newPath();
  let store = new TenantStore(path);
  assert.equal(store.eventsCompleteThrough(), null, 'a new store knows nothing');
  store.inbox.append({ name: 'CHANNEL_CREATE' }, 'websocket', 5_000);
  store.inbox.append({ name: 'CHANNEL_ANSWER' }, 'websocket', 7_000);
  assert.equal(store.eventsCompleteThrough(), 7_000, 'no mark yet: the newest stored event');
  store.markEventsCompleteThrough(9_500);
  store.close();
  store = new TenantStore(path);
  assert.equal(store.eventsCompleteThrough(), 9_500);
  store.close();
});

test('dead letters requeued by another process (cti-adapter outbox --retry) take newer states of their record', () => {
  const path = newPath();
  const running = new TenantStore(path);
  running.outbox.enqueue(projection({ CallId__c: 'e', Status__c: 'Connected', LastEventSeq__c: 1 }), 0, {
    coalesceWindowMs: 0
  });
  const [entry] = running.outbox.all(1);
  assert.ok(entry);
  running.outbox.deadLetter(entry, 'INVALID_FIELD: no such field', 5);
  const operator = new TenantStore(path);
  assert.equal(operator.outbox.retryDeadLetters(10), 1);
  operator.close();
  // The running adapter's next state of the record replaces the requeued one (one row, not a conflict).
  running.outbox.enqueue(projection({ CallId__c: 'e', Status__c: 'Ended', LastEventSeq__c: 2 }), 20, {
    coalesceWindowMs: 250
  });
  const rows = running.outbox.all(10);
  assert.deepEqual(
    rows.map((row) => [row.callId, row.seq, row.record.Status__c, row.dueAt]),
    [['e', 2, 'Ended', 10]],
    'due when the retry made it due, the earlier of its time and the new window'
  );
  running.close();
});

test('states the store could not write stay queued, and are all written once it can again', () => {
  const path = newPath();
  const store = new TenantStore(path);
  // Record 'g' cannot be written while the trigger exists, as a full disk would fail the write.
  const other = new Database(path);
  other.exec(
    'CREATE TRIGGER refuse_g BEFORE INSERT ON outbox ' +
      "WHEN NEW.call_id = 'g' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
  );
  const batch = [
    projection({ CallId__c: 'f', Status__c: 'Connected', LastEventSeq__c: 1 }),
    projection({ CallId__c: 'g', Status__c: 'Connected', LastEventSeq__c: 1 })
  ];
  store.outbox.enqueueAll(batch, 0, { coalesceWindowMs: 0 });
  assert.throws(() => store.outbox.flush(), /disk full/);
  const rows = () => other.prepare('SELECT call_id, seq FROM outbox ORDER BY call_id').raw().all();
  assert.deepEqual(rows(), [], 'the failed write left nothing half written');
  other.exec('DROP TRIGGER refuse_g');
  assert.deepEqual(
    store.outbox.all(10).map((row) => [row.callId, row.seq]),
    [
      ['f', 1],
      ['g', 1]
    ]
  );
  assert.deepEqual(rows(), [
    ['f', 1],
    ['g', 1]
  ]);
  other.close();
  store.close();
});

test('a record confirmed before 20,000 others is still known as delivered: an older state is not sent, a newer one updates it', () => {
  const path = newPath();
  const store = new TenantStore(path);
  store.outbox.confirmAll([{ callId: 'old', seq: 5, matchWritten: true }], 1_000);
  const others = Array.from({ length: 20_000 }, (_, i) => ({ callId: `r${i}`, seq: 1, matchWritten: true }));
  store.outbox.confirmAll(others, 2_000);
  const timing = { coalesceWindowMs: 250 };
  // Salesforce holds seq 5 of "old": seq 4 is behind it.
  store.outbox.enqueue(projection({ CallId__c: 'old', Status__c: 'Connected', LastEventSeq__c: 4 }), 3_000, timing);
  assert.equal(store.counts().outboxDepth, 0);
  store.outbox.enqueue(projection({ CallId__c: 'old', Status__c: 'Ended', LastEventSeq__c: 6 }), 3_000, timing);
  const [queued] = store.outbox.all(10);
  assert.equal(queued?.callId, 'old');
  assert.equal(queued?.firstWrite, false, 'an update of a record the org has, not a first write');
  assert.equal(queued?.matchPending, false, 'its caller match was written with seq 5');
  store.close();
  // The same after a restart, which remembers only the newest confirmations.
  const reopened = new TenantStore(path);
  reopened.outbox.enqueue(projection({ CallId__c: 'r0', Status__c: 'Ended', LastEventSeq__c: 1 }), 4_000, timing);
  assert.deepEqual(
    reopened.outbox.all(10).map((e) => e.callId),
    ['old'],
    'seq 1 of r0 is delivered already'
  );
  reopened.close();
});
