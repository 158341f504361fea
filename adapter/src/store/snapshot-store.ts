/**
 * The correlator snapshot: the state that includes every inbox event up to its cursor. Saving it
 * drops those events from the inbox. A large state is saved less often (the interval grows with
 * its size, so a 30 MB state is not rewritten every second), and a snapshot that cannot be read
 * at start is set aside with the reason instead of stopping the tenant.
 *
 * Finished calls (the bounded memory of recent calls, most of a busy state) are stored one row
 * each and written once: a save writes only the ones that are new since the last save and
 * deletes the ones that left, in the same transaction as the rest of the state.
 */
import type Database from 'better-sqlite3';

export interface SnapshotPolicy {
  /** The shortest time between two snapshots. */
  minIntervalMs: number;
  /** Snapshot bytes the store may write per second on average; a bigger state waits longer. */
  bytesPerSecond: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minIntervalMs: 1_000, bytesPerSecond: 1_000_000 };

/** A saved snapshot: the state without its finished calls, and those calls by key (JSON each). */
export interface SavedSnapshot {
  state: string;
  finishedCalls: Record<string, string>;
  inboxCursor: number;
}

/** Finished calls to write (key, JSON) and to delete (key) in a save. */
interface FinishedChanges {
  written: [string, string][];
  removed: string[];
}

/** Stands for a finished call found on disk at start: never the same object as one to save. */
const STORED_BEFORE_START = Object.freeze({});

/** The correlator snapshot table of one tenant store. */
export class SnapshotStore {
  private readonly load: Database.Statement<[], { state: string; inbox_cursor: number }>;
  private readonly upsert: Database.Statement<[string, number, number]>;
  private readonly dropInbox: Database.Statement<[number]>;
  private readonly reject: Database.Statement<[string, number]>;
  private readonly remove: Database.Statement;
  private readonly loadFinished: Database.Statement<[], { key: string; call: string }>;
  private readonly upsertFinished: Database.Statement<[string, string]>;
  private readonly deleteFinished: Database.Statement<[string]>;
  private readonly clearFinished: Database.Statement;
  private readonly saveTx: (state: string, inboxCursor: number, now: number, finished: FinishedChanges) => void;
  /**
   * The finished call object last written per key. A finished call is never changed while it is
   * finished (a late leg moves it back to the live calls, and it finishes again as a new object),
   * so the same object under the same key is already on disk.
   */
  private finishedOnDisk = new Map<string, object>();
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
    this.loadFinished = db.prepare('SELECT key, call FROM snapshot_finished_calls ORDER BY key');
    this.upsertFinished = db.prepare(
      'INSERT INTO snapshot_finished_calls (key, call) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET call = excluded.call'
    );
    this.deleteFinished = db.prepare('DELETE FROM snapshot_finished_calls WHERE key = ?');
    this.clearFinished = db.prepare('DELETE FROM snapshot_finished_calls');
    this.saveTx = db.transaction((state: string, inboxCursor: number, now: number, finished: FinishedChanges) => {
      this.upsert.run(state, inboxCursor, now);
      for (const [key, call] of finished.written) this.upsertFinished.run(key, call);
      for (const key of finished.removed) this.deleteFinished.run(key);
      this.dropInbox.run(inboxCursor);
    });
    for (const { key } of this.loadFinished.iterate()) this.finishedOnDisk.set(key, STORED_BEFORE_START);
  }

  /** The last snapshot and the id of the last inbox event folded into it. */
  latest(): SavedSnapshot | null {
    const row = this.load.get();
    if (!row) return null;
    const finishedCalls = Object.create(null) as Record<string, string>;
    for (const { key, call } of this.loadFinished.iterate()) finishedCalls[key] = call;
    return { state: row.state, finishedCalls, inboxCursor: row.inbox_cursor };
  }

  /**
   * Opens the last snapshot with `restore`. When that throws (a corrupt or foreign snapshot) the
   * snapshot is moved to `rejected_snapshots` with the reason and `onRejected` is told; the caller
   * then starts from an empty state at the same inbox cursor (the events after it are still there).
   */
  restore<T>(
    restore: (state: string, finishedCalls: Record<string, string>) => T,
    now: number,
    onRejected: (reason: string) => void
  ): { state: T | null; inboxCursor: number } {
    const snapshot = this.latest();
    if (!snapshot) return { state: null, inboxCursor: 0 };
    try {
      return { state: restore(snapshot.state, snapshot.finishedCalls), inboxCursor: snapshot.inboxCursor };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.db.transaction(() => {
        this.reject.run(reason.slice(0, 2_000), now);
        this.remove.run();
        this.clearFinished.run();
      })();
      this.finishedOnDisk.clear();
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
   * those events: from now on a restart starts from this state. `state` is the JSON of the state
   * without its finished calls, `finishedCalls` those calls by key (see {@link finishedOnDisk}).
   */
  save(
    state: string,
    inboxCursor: number,
    now: number,
    finishedCalls: Readonly<Record<string, object>> = Object.create(null) as Record<string, object>
  ): void {
    const written: [string, string][] = [];
    const removed: string[] = [];
    const onDisk = new Map<string, object>();
    for (const key in finishedCalls) {
      const call = finishedCalls[key] as object;
      if (this.finishedOnDisk.get(key) !== call) written.push([key, JSON.stringify(call)]);
      onDisk.set(key, call);
    }
    for (const key of this.finishedOnDisk.keys()) if (!onDisk.has(key)) removed.push(key);
    this.saveTx(state, inboxCursor, now, { written, removed });
    this.finishedOnDisk = onDisk;
    this.lastSavedAt = now;
    this.lastBytes = written.reduce((bytes, [, call]) => bytes + call.length, state.length);
  }
}
