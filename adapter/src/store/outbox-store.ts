/**
 * The outbox of record states waiting for Salesforce (one row per record: a newer state replaces
 * a pending one), the record states Salesforce already confirmed (so a replay never queues them
 * again), and dead letters (states Salesforce refused for their content). Statements are
 * prepared once; every method that touches several rows is one transaction. What an enqueue reads
 * of a record is kept in memory too (outbox-facts.ts), so queuing a state only writes.
 *
 * Queued states are written behind: an enqueue decides and updates the mirror at once, but its
 * row is written by the next {@link OutboxStore.flush}, which every other method of the outbox
 * runs first, so whatever reads or changes a row sees the newest state queued. Between two such
 * calls a record's many states become one INSERT or UPDATE (the pipeline bench: 20,260 row writes
 * become 9,432). The event pipeline flushes before it saves a snapshot: every state not yet
 * written comes from events after the saved snapshot, which a restart folds again and queues
 * again, so a crash loses none.
 */
import type Database from 'better-sqlite3';
import type { CallDataProjection } from '../core/call-data.ts';
import {
  toOutboxEntry,
  type Confirmation,
  type DeadLetter,
  type OutboxEntry,
  type OutboxRow,
  type StoredCallerMatch
} from './outbox-entry.ts';
import { OutboxFacts } from './outbox-facts.ts';

export interface EnqueueTiming {
  /** How long a state may wait so later states of the same window share its request. */
  coalesceWindowMs: number;
  /** How long a record's first ringing state may wait (it drives the screen pop). */
  ringingDelayMs?: number;
}

/** The state's own sequence when it is a ringing state (see {@link OutboxStore.enqueue}). */
function ringingSeqOf(projection: CallDataProjection): number {
  return projection.Status__c === 'Ringing' ? projection.LastEventSeq__c : Number.NEGATIVE_INFINITY;
}

type Statement<P extends unknown[] = unknown[], R = unknown> = Database.Statement<P, R>;

/** A record's newest queued state, not written yet: an insert for a new row, else an update. */
interface QueuedWrite {
  projection: CallDataProjection;
  dueAt: number;
  /** For a new row (no pending one when it was queued): what the INSERT sets besides the state. */
  row?: { firstWrite: boolean; matchPending: boolean; enqueuedAt: number };
  /** For an update: whether the due time differs from the stored row's (else the due-time index is left alone). */
  dueChanged: boolean;
}

/** The outbox, delivered and dead-letter tables of one tenant store. */
export class OutboxStore {
  private readonly s: {
    update: Statement<[number, string, number, string]>;
    updateRecord: Statement<[number, string, string]>;
    insert: Statement<[string, number, string, number, number, number, number]>;
    dueBy: Statement<[number, number], OutboxRow>;
    all: Statement<[number], OutboxRow>;
    earliest: Statement<[number], { call_id: string; due_at: number }>;
    remove: Statement<[string, number]>;
    afterConfirm: Statement<[number, number, string]>;
    markDelivered: Statement<[string, number, number, number]>;
    retry: Statement<[number, string, string]>;
    saveMatch: Statement<[string, string]>;
    insertDead: Statement<[string, number, string, number, string, number]>;
    allDead: Statement<[], OutboxRow & { id: number }>;
    dueNow: Statement<[number, string]>;
    clearDead: Statement;
    listDead: Statement<[number], { id: number; call_id: string; seq: number; reason: string; failed_at: number }>;
    counts: Statement<[], { n: number; oldest: number | null }>;
    countDead: Statement<[], { n: number }>;
    prune: Statement<[number], { call_id: string }>;
  };
  private readonly facts: OutboxFacts;
  /** States queued since the last flush, by CallId__c (the mirror already counts them). */
  private readonly queued = new Map<string, QueuedWrite>();

  constructor(private readonly db: Database.Database) {
    this.s = {
      update: db.prepare('UPDATE outbox SET seq = ?, record = ?, due_at = ? WHERE call_id = ?'),
      // Without due_at the index on it is left alone (SQLite rewrites an index whose column is SET).
      updateRecord: db.prepare('UPDATE outbox SET seq = ?, record = ? WHERE call_id = ?'),
      // A row another connection inserted meanwhile (`cti-adapter outbox --retry`) takes the newer state.
      insert: db.prepare(
        'INSERT INTO outbox (call_id, seq, record, first_write, match_pending, attempts, enqueued_at, due_at) ' +
          'VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (call_id) DO UPDATE SET seq = excluded.seq, ' +
          'record = excluded.record, due_at = MIN(due_at, excluded.due_at) WHERE excluded.seq > outbox.seq'
      ),
      dueBy: db.prepare('SELECT * FROM outbox WHERE due_at <= ? ORDER BY due_at, call_id LIMIT ?'),
      all: db.prepare('SELECT * FROM outbox ORDER BY due_at, call_id LIMIT ?'),
      earliest: db.prepare('SELECT call_id, due_at FROM outbox ORDER BY due_at LIMIT ?'),
      remove: db.prepare('DELETE FROM outbox WHERE call_id = ? AND seq = ?'),
      afterConfirm: db.prepare(
        'UPDATE outbox SET first_write = 0, match_pending = match_pending * ?, attempts = 0, ' +
          'due_at = MAX(due_at, ?) WHERE call_id = ?'
      ),
      markDelivered: db.prepare(
        'INSERT INTO delivered (call_id, seq, delivered_at, match_pending) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (call_id) DO UPDATE SET seq = MAX(seq, excluded.seq), delivered_at = excluded.delivered_at, ' +
          'match_pending = MIN(match_pending, excluded.match_pending)'
      ),
      retry: db.prepare('UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE call_id = ?'),
      saveMatch: db.prepare('UPDATE outbox SET caller_match = ? WHERE call_id = ?'),
      insertDead: db.prepare(
        'INSERT INTO dead_letters (call_id, seq, record, first_write, reason, failed_at) VALUES (?, ?, ?, ?, ?, ?)'
      ),
      allDead: db.prepare('SELECT * FROM dead_letters ORDER BY id'),
      dueNow: db.prepare('UPDATE outbox SET due_at = ? WHERE call_id = ?'),
      clearDead: db.prepare('DELETE FROM dead_letters'),
      listDead: db.prepare('SELECT id, call_id, seq, reason, failed_at FROM dead_letters ORDER BY id LIMIT ?'),
      counts: db.prepare('SELECT COUNT(*) AS n, MIN(enqueued_at) AS oldest FROM outbox'),
      countDead: db.prepare('SELECT COUNT(*) AS n FROM dead_letters'),
      prune: db.prepare('DELETE FROM delivered WHERE delivered_at < ? RETURNING call_id')
    };
    this.facts = new OutboxFacts(db);
    this.facts.current();
  }

  /**
   * Runs `work` in one transaction with the mirror current. When it throws, the rollback undid
   * writes the mirror already took in: it is read again from the tables before its next use.
   */
  private write<T>(work: (facts: OutboxFacts) => T): T {
    this.flush();
    const facts = this.facts.current();
    try {
      return this.db.transaction(() => work(facts))();
    } catch (error) {
      this.facts.invalidate();
      throw error;
    }
  }

  /**
   * Writes the states queued since the last flush, in one transaction. When it fails they stay
   * queued (the mirror still counts them) and the error is thrown; the next flush tries again.
   */
  flush(): void {
    if (this.queued.size === 0) return;
    this.db.transaction(() => this.writeQueued())();
    this.queued.clear();
  }

  /** The queued states' rows, inside the caller's transaction. */
  private writeQueued(): void {
    for (const [callId, write] of this.queued) {
      const { projection, dueAt, row } = write;
      const record = JSON.stringify(projection);
      const seq = projection.LastEventSeq__c;
      if (row)
        this.s.insert.run(callId, seq, record, row.firstWrite ? 1 : 0, row.matchPending ? 1 : 0, row.enqueuedAt, dueAt);
      else if (write.dueChanged) this.s.update.run(seq, record, dueAt, callId);
      else this.s.updateRecord.run(seq, record, callId);
    }
  }

  /** The mirror, current: queued states are written before it is loaded again (another connection wrote). */
  private currentFacts(): OutboxFacts {
    if (!this.facts.isCurrent()) this.flush();
    return this.facts.current();
  }

  /** Queues the record states one batch of events produced (written by the next {@link flush}). */
  enqueueAll(projections: readonly CallDataProjection[], now: number, timing: EnqueueTiming): void {
    if (projections.length === 0) return;
    // Several states of one record in the batch: only the newest is stored, but a ringing state
    // among them still makes the row due as soon as that ringing state alone would have.
    const newest = new Map<string, { projection: CallDataProjection; ringingSeq: number }>();
    for (const projection of projections) {
      const known = newest.get(projection.CallId__c);
      const ringingSeq = Math.max(
        projection.Status__c === 'Ringing' ? projection.LastEventSeq__c : Number.NEGATIVE_INFINITY,
        known?.ringingSeq ?? Number.NEGATIVE_INFINITY
      );
      const latest =
        known && known.projection.LastEventSeq__c >= projection.LastEventSeq__c ? known.projection : projection;
      newest.set(projection.CallId__c, { projection: latest, ringingSeq });
    }
    const facts = this.currentFacts();
    for (const { projection, ringingSeq } of newest.values())
      this.enqueueWith(facts, projection, now, timing, ringingSeq);
  }

  /**
   * Queues a record state. A newer state replaces a pending one (coalescing); a first ringing
   * state is due after the ringing delay, anything else when the coalescing window of its first
   * pending state ends. A state Salesforce already confirmed (a replay) is ignored. `ringingSeq`
   * is the newest ringing state this one replaces in the same batch.
   */
  enqueue(
    projection: CallDataProjection,
    now: number,
    timing: EnqueueTiming,
    ringingSeq = ringingSeqOf(projection)
  ): void {
    this.enqueueWith(this.currentFacts(), projection, now, timing, ringingSeq);
  }

  /** {@link enqueue} decided from the mirror: the mirror is updated now, the row at the next flush. */
  private enqueueWith(
    facts: OutboxFacts,
    projection: CallDataProjection,
    now: number,
    timing: EnqueueTiming,
    ringingSeq: number
  ): void {
    const callId = projection.CallId__c;
    const seq = projection.LastEventSeq__c;
    const pending = facts.pending.get(callId);
    if (pending && pending.seq >= seq) return;
    const delivered = pending ? undefined : facts.delivered.get(callId);
    if (delivered && delivered.seq >= seq) return;
    const firstWrite = pending ? pending.firstWrite : !delivered;
    // A ringing state counts when it is newer than what is stored (a replayed one is ignored).
    const ringing = firstWrite && ringingSeq > (pending?.seq ?? delivered?.seq ?? Number.NEGATIVE_INFINITY);
    const wanted = now + (ringing ? (timing.ringingDelayMs ?? 0) : timing.coalesceWindowMs);
    const queued = this.queued.get(callId);
    if (pending) {
      // A row waiting out a retry backoff keeps its time; otherwise the earliest due time wins.
      const dueAt = pending.retrying ? pending.dueAt : Math.min(pending.dueAt, wanted);
      if (queued) {
        queued.projection = projection;
        queued.dueChanged ||= dueAt !== queued.dueAt;
        queued.dueAt = dueAt;
      } else this.queued.set(callId, { projection, dueAt, dueChanged: dueAt !== pending.dueAt });
      pending.seq = seq;
      pending.dueAt = dueAt;
      return;
    }
    const matchPending = !delivered || delivered.matchPending;
    this.queued.set(callId, {
      projection,
      dueAt: wanted,
      row: { firstWrite, matchPending, enqueuedAt: now },
      dueChanged: true
    });
    facts.pending.set(callId, { seq, firstWrite, retrying: false, dueAt: wanted });
  }

  /** Entries due by `time`, earliest first. */
  dueBy(time: number, limit: number): OutboxEntry[] {
    this.flush();
    return this.s.dueBy.all(time, limit).map(toOutboxEntry);
  }

  /** Every pending entry regardless of due time (shutdown flush). */
  all(limit: number): OutboxEntry[] {
    this.flush();
    return this.s.all.all(limit).map(toOutboxEntry);
  }

  /** The `limit` earliest due times with their records (the sink skips records in flight). */
  earliest(limit: number): { callId: string; dueAt: number }[] {
    this.flush();
    return this.s.earliest.all(limit).map((r) => ({ callId: r.call_id, dueAt: r.due_at }));
  }

  nextDueAt(): number | null {
    this.flush();
    return this.s.earliest.get(1)?.due_at ?? null;
  }

  /**
   * Salesforce confirmed these states: each leaves the outbox unless a newer state was queued
   * meanwhile; that one waits until `coalesceUntil` so it can still absorb further states.
   */
  confirmAll(confirmations: readonly Confirmation[], now: number, coalesceUntil = now): void {
    this.write((facts) => {
      for (const c of confirmations) {
        if (this.s.remove.run(c.callId, c.seq).changes > 0) facts.pending.delete(c.callId);
        this.s.afterConfirm.run(c.matchWritten ? 0 : 1, coalesceUntil, c.callId);
        const newer = facts.pending.get(c.callId);
        if (newer) {
          newer.firstWrite = false;
          newer.retrying = false;
          newer.dueAt = Math.max(newer.dueAt, coalesceUntil);
        }
        this.s.markDelivered.run(c.callId, c.seq, now, c.matchWritten ? 0 : 1);
        const before = facts.delivered.get(c.callId);
        facts.delivered.set(c.callId, {
          seq: Math.max(before?.seq ?? c.seq, c.seq),
          matchPending: (before?.matchPending ?? true) && !c.matchWritten
        });
      }
    });
  }

  /** A transient failure of these records: try again at `dueAt` (attempts are counted, never a dead letter). */
  retryAll(callIds: readonly string[], dueAt: number, error: string): void {
    this.write((facts) => {
      for (const callId of callIds) {
        this.s.retry.run(dueAt, error.slice(0, 2_000), callId);
        const pending = facts.pending.get(callId);
        if (pending) {
          pending.retrying = true;
          pending.dueAt = dueAt;
        }
      }
    });
  }

  /** Keeps the caller match found for pending records, so no retry or later write searches again. */
  saveMatches(matches: readonly { callId: string; match: StoredCallerMatch }[]): void {
    this.flush();
    this.db.transaction(() => {
      for (const m of matches) this.s.saveMatch.run(JSON.stringify(m.match), m.callId);
    })();
  }

  /** A state Salesforce refused for its content: park it with the reason (a newer queued state stays queued). */
  deadLetter(entry: OutboxEntry, reason: string, now: number): void {
    this.write((facts) => {
      this.s.insertDead.run(
        entry.callId,
        entry.seq,
        JSON.stringify(entry.record),
        entry.firstWrite ? 1 : 0,
        reason,
        now
      );
      if (this.s.remove.run(entry.callId, entry.seq).changes > 0) facts.pending.delete(entry.callId);
    });
  }

  /** Moves dead letters back into the outbox, due now. Returns how many were requeued. */
  retryDeadLetters(now: number): number {
    return this.write((facts) => {
      const rows = this.s.allDead.all();
      for (const row of rows) {
        const projection = JSON.parse(row.record) as CallDataProjection;
        this.enqueueWith(facts, projection, now, { coalesceWindowMs: 0 }, ringingSeqOf(projection));
      }
      // Written in this transaction (a rollback takes them back with the requeue), then made due now.
      this.writeQueued();
      this.queued.clear();
      for (const row of rows) {
        this.s.dueNow.run(now, row.call_id);
        const pending = facts.pending.get(row.call_id);
        if (pending) pending.dueAt = now;
      }
      this.s.clearDead.run();
      return rows.length;
    });
  }

  listDeadLetters(limit = 100): DeadLetter[] {
    return this.s.listDead
      .all(limit)
      .map((r) => ({ id: r.id, callId: r.call_id, seq: r.seq, reason: r.reason, failedAt: r.failed_at }));
  }

  counts(): { outboxDepth: number; deadLetters: number; oldestPendingAt: number | null } {
    this.flush();
    const outbox = this.s.counts.get();
    return {
      outboxDepth: outbox?.n ?? 0,
      deadLetters: this.s.countDead.get()?.n ?? 0,
      oldestPendingAt: outbox?.oldest ?? null
    };
  }

  /** Forgets which records were delivered before `before` (they can no longer be "first writes"). */
  pruneDelivered(before: number): void {
    this.write((facts) => {
      for (const { call_id } of this.s.prune.all(before)) facts.delivered.delete(call_id);
    });
  }
}
