/**
 * What queuing a record state needs to know of each record, mirrored in memory from the outbox
 * and delivered tables: with it an enqueue is one INSERT or UPDATE instead of two SELECTs before
 * it (22k states in the pipeline bench). SQLite stays the truth; this is only a copy of it:
 * loaded at open, updated by the outbox store after each of its writes succeeded, and loaded
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

export class OutboxFacts {
  readonly pending = new Map<string, PendingFacts>();
  readonly delivered = new Map<string, DeliveredFacts>();
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly pendingRows: Database.Statement<
    [],
    { call_id: string; seq: number; first_write: number; attempts: number; due_at: number }
  >;
  private readonly deliveredRows: Database.Statement<[], { call_id: string; seq: number; match_pending: number }>;
  /** The data version the mirror was loaded at; null: to be loaded before it is read. */
  private loadedAt: number | null = null;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.pendingRows = db.prepare('SELECT call_id, seq, first_write, attempts, due_at FROM outbox');
    this.deliveredRows = db.prepare('SELECT call_id, seq, match_pending FROM delivered');
  }

  /** Makes the mirror current: loads it when it is not, or when another connection wrote since. */
  current(): this {
    // Read before the tables: a commit by another connection in between is then seen next time.
    const version = this.dataVersion.get() as number;
    if (version === this.loadedAt) return this;
    this.pending.clear();
    this.delivered.clear();
    for (const row of this.pendingRows.iterate())
      this.pending.set(row.call_id, {
        seq: row.seq,
        firstWrite: row.first_write === 1,
        retrying: row.attempts > 0,
        dueAt: row.due_at
      });
    for (const row of this.deliveredRows.iterate())
      this.delivered.set(row.call_id, { seq: row.seq, matchPending: row.match_pending === 1 });
    this.loadedAt = version;
    return this;
  }

  /** What the mirror holds may differ from the tables (a write failed): read them again before the next use. */
  invalidate(): void {
    this.loadedAt = null;
  }
}
