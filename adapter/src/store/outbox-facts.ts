/**
 * What queuing a record state needs to know of each record, mirrored in memory from the outbox
 * and delivered tables: with it an enqueue is one INSERT or UPDATE instead of two SELECTs before
 * it (22k states in the pipeline bench). SQLite stays the truth; this is only a copy of it and of
 * the states queued but not written yet: loaded at open, updated by the outbox store as it queues
 * a state and after each of its other writes succeeded, and loaded
 * again when a transaction of the store failed (its rollback undid an unknown part of what was
 * mirrored) or when another connection committed to the file (`cti-adapter outbox --retry`
 * requeues dead letters from its own process while the adapter runs; `PRAGMA data_version`
 * changes exactly then, https://sqlite.org/pragma.html#pragma_data_version).
 */
import type Database from 'better-sqlite3';

/** A pending outbox row, as an enqueue reads it. */
export interface PendingFacts {
  seq: number;
  firstWrite: boolean;
  /** The row waits out a retry backoff (attempts > 0): its due time is kept. */
  retrying: boolean;
  dueAt: number;
}

/** A record Salesforce confirmed: the newest confirmed state, and whether its caller match is still to write. */
export interface DeliveredFacts {
  seq: number;
  matchPending: boolean;
}

/**
 * Records confirmed most recently are remembered; others are looked up in the delivered table.
 * The table keeps three days of confirmations (pruned daily), hundreds of thousands of records at
 * a busy tenant, while a state is queued for a confirmed record only when its call changes after
 * a write (nearly always within minutes). The first state of a new record finds nothing here and,
 * once something was forgotten, asks the table: one indexed SELECT per record, not two per state.
 */
export const DELIVERED_REMEMBERED = 20_000;

/** The delivered table's facts: the newest confirmations in memory (insertion order is age), the rest read on demand. */
export class DeliveredMirror {
  private readonly recent = new Map<string, DeliveredFacts>();
  /** Whether every row of the table is in `recent`: then a miss means the record was never delivered. */
  private complete = true;

  constructor(
    private readonly byCallId: Database.Statement<[string], { seq: number; match_pending: number }>,
    private readonly capacity = DELIVERED_REMEMBERED
  ) {}

  get(callId: string): DeliveredFacts | undefined {
    const known = this.recent.get(callId);
    if (known || this.complete) return known;
    const row = this.byCallId.get(callId);
    return row ? { seq: row.seq, matchPending: row.match_pending === 1 } : undefined;
  }

  /** Remembers a confirmation as the newest one, forgetting the oldest past the capacity. */
  set(callId: string, facts: DeliveredFacts): void {
    this.recent.delete(callId);
    this.recent.set(callId, facts);
    if (this.recent.size <= this.capacity) return;
    const oldest = this.recent.keys().next().value as string;
    this.recent.delete(oldest);
    this.complete = false;
  }

  delete(callId: string): void {
    this.recent.delete(callId);
  }

  /** Forgets everything; `complete` says whether the table is empty (nothing left to look up). */
  clear(complete: boolean): void {
    this.recent.clear();
    this.complete = complete;
  }

  get size(): number {
    return this.recent.size;
  }
}

export class OutboxFacts {
  readonly pending = new Map<string, PendingFacts>();
  readonly delivered: DeliveredMirror;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly pendingRows: Database.Statement<
    [],
    { call_id: string; seq: number; first_write: number; attempts: number; due_at: number }
  >;
  private readonly deliveredRows: Database.Statement<[number], { call_id: string; seq: number; match_pending: number }>;
  private readonly deliveredCount: Database.Statement<[], number>;
  private readonly deliveredRemembered: number;
  /** The data version the mirror was loaded at; null: to be loaded before it is read. */
  private loadedAt: number | null = null;

  constructor(db: Database.Database, deliveredRemembered = DELIVERED_REMEMBERED) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.pendingRows = db.prepare('SELECT call_id, seq, first_write, attempts, due_at FROM outbox');
    // The newest confirmations, oldest first, so that loading them leaves the newest remembered last.
    this.deliveredRows = db.prepare(
      'SELECT call_id, seq, match_pending FROM ' +
        '(SELECT call_id, seq, match_pending, delivered_at FROM delivered ORDER BY delivered_at DESC LIMIT ?) ' +
        'ORDER BY delivered_at'
    );
    this.deliveredCount = db.prepare<[], number>('SELECT COUNT(*) FROM delivered').pluck();
    this.deliveredRemembered = deliveredRemembered;
    this.delivered = new DeliveredMirror(
      db.prepare('SELECT seq, match_pending FROM delivered WHERE call_id = ?'),
      deliveredRemembered
    );
  }

  /** Whether the mirror is loaded and no other connection wrote since (then {@link current} reads nothing). */
  isCurrent(): boolean {
    return this.loadedAt !== null && this.dataVersion.get() === this.loadedAt;
  }

  /** Makes the mirror current: loads it when it is not, or when another connection wrote since. */
  current(): this {
    // Read before the tables: a commit by another connection in between is then seen next time.
    const version = this.dataVersion.get() as number;
    if (version === this.loadedAt) return this;
    this.pending.clear();
    this.delivered.clear((this.deliveredCount.get() as number) <= this.deliveredRemembered);
    for (const row of this.pendingRows.iterate())
      this.pending.set(row.call_id, {
        seq: row.seq,
        firstWrite: row.first_write === 1,
        retrying: row.attempts > 0,
        dueAt: row.due_at
      });
    for (const row of this.deliveredRows.iterate(this.deliveredRemembered))
      this.delivered.set(row.call_id, { seq: row.seq, matchPending: row.match_pending === 1 });
    this.loadedAt = version;
    return this;
  }

  /** What the mirror holds may differ from the tables (a write failed): read them again before the next use. */
  invalidate(): void {
    this.loadedAt = null;
  }
}
