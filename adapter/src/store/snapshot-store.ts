/**
 * The correlator snapshot: the state that includes every inbox event up to its cursor. Saving it
 * drops those events from the inbox. A large state is saved less often (the interval grows with
 * its size, so a 30 MB state is not rewritten every second), and a snapshot that cannot be read
 * at start is set aside with the reason instead of stopping the tenant.
 */
import type Database from 'better-sqlite3';

export interface SnapshotPolicy {
  /** The shortest time between two snapshots. */
  minIntervalMs: number;
  /** Snapshot bytes the store may write per second on average; a bigger state waits longer. */
  bytesPerSecond: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minIntervalMs: 1_000, bytesPerSecond: 1_000_000 };

/** The correlator snapshot table of one tenant store. */
export class SnapshotStore {
  private readonly load: Database.Statement<[], { state: string; inbox_cursor: number }>;
  private readonly upsert: Database.Statement<[string, number, number]>;
  private readonly dropInbox: Database.Statement<[number]>;
  private readonly reject: Database.Statement<[string, number]>;
  private readonly remove: Database.Statement;
  private readonly saveTx: (state: string, inboxCursor: number, now: number) => void;
  private lastSavedAt = Number.NEGATIVE_INFINITY;
  private lastBytes = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly policy: SnapshotPolicy = DEFAULT_SNAPSHOT_POLICY
  ) {
    this.load = db.prepare('SELECT state, inbox_cursor FROM correlator_snapshot WHERE id = 1');
    this.upsert = db.prepare(
      'INSERT INTO correlator_snapshot (id, state, inbox_cursor, saved_at) VALUES (1, ?, ?, ?) ' +
        'ON CONFLICT (id) DO UPDATE SET state = excluded.state, inbox_cursor = excluded.inbox_cursor, ' +
        'saved_at = excluded.saved_at'
    );
    this.dropInbox = db.prepare('DELETE FROM inbox WHERE id <= ?');
    this.reject = db.prepare(
      'INSERT INTO rejected_snapshots (state, inbox_cursor, reason, rejected_at) ' +
        'SELECT state, inbox_cursor, ?, ? FROM correlator_snapshot WHERE id = 1'
    );
    this.remove = db.prepare('DELETE FROM correlator_snapshot WHERE id = 1');
    this.saveTx = db.transaction((state: string, inboxCursor: number, now: number) => {
      this.upsert.run(state, inboxCursor, now);
      this.dropInbox.run(inboxCursor);
    });
  }

  /** The last snapshot and the id of the last inbox event folded into it. */
  latest(): { state: string; inboxCursor: number } | null {
    const row = this.load.get();
    return row ? { state: row.state, inboxCursor: row.inbox_cursor } : null;
  }

  /**
   * Opens the last snapshot with `restore`. When that throws (a corrupt or foreign snapshot) the
   * snapshot is moved to `rejected_snapshots` with the reason and `onRejected` is told; the caller
   * then starts from an empty state at the same inbox cursor (the events after it are still there).
   */
  restore<T>(
    restore: (state: string) => T,
    now: number,
    onRejected: (reason: string) => void
  ): { state: T | null; inboxCursor: number } {
    const snapshot = this.latest();
    if (!snapshot) return { state: null, inboxCursor: 0 };
    try {
      return { state: restore(snapshot.state), inboxCursor: snapshot.inboxCursor };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.db.transaction(() => {
        this.reject.run(reason.slice(0, 2_000), now);
        this.remove.run();
      })();
      onRejected(reason);
      return { state: null, inboxCursor: snapshot.inboxCursor };
    }
  }

  /**
   * Whether a snapshot is due at `now`: the interval grows with the size of the last one. With
   * `inboxBytesSince` (the bytes of events stored since the last snapshot) it is also not due
   * before those events outweigh the last snapshot, so under a heavy stream snapshots never write
   * more than the inbox itself does, and a restart never replays more than one snapshot's worth.
   */
  isDue(now: number, inboxBytesSince = Number.POSITIVE_INFINITY): boolean {
    const interval = Math.max(this.policy.minIntervalMs, (this.lastBytes / this.policy.bytesPerSecond) * 1_000);
    return now - this.lastSavedAt >= interval && inboxBytesSince >= this.lastBytes;
  }

  /**
   * Saves the correlator state that includes every inbox event up to `inboxCursor` and drops
   * those events: from now on a restart starts from this state.
   */
  save(state: string, inboxCursor: number, now: number): void {
    this.saveTx(state, inboxCursor, now);
    this.lastSavedAt = now;
    this.lastBytes = state.length;
  }
}
