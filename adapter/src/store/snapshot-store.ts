/**
 * The correlator snapshot: the state that includes every inbox event up to its cursor. Saving it
 * drops those events from the inbox. A large state is saved less often (the interval grows with
 * its size, so a 30 MB state is not rewritten every second), and a snapshot that cannot be read
 * at start is set aside with the reason instead of stopping the tenant.
 *
 * Finished calls (the bounded memory of recent calls) are stored one row each and written once:
 * a save writes only the ones that are new since the last save and deletes the ones that left.
 * The live legs and calls are stored one row each too, and a save writes only those that may
 * have changed (see snapshot-entries.ts). All of it is one transaction. Schema version 3 stored
 * the live legs and calls in chunks of a whole state: such a snapshot still restores, and the
 * next save replaces its chunks with rows.
 */
import type Database from 'better-sqlite3';
import { SnapshotEntries, type KeyedPart } from './snapshot-entries.ts';

export type { KeyedPart } from './snapshot-entries.ts';

export interface SnapshotPolicy {
  /** The shortest time between two snapshots. */
  minIntervalMs: number;
  /** Snapshot bytes the store may write per second on average; a bigger state waits longer. */
  bytesPerSecond: number;
  /**
   * Bytes of events the inbox must take after a snapshot before the next one (per byte that
   * snapshot writes): under a heavy stream the snapshots then cost a fraction of the inbox
   * writes, and a restart replays at most that many snapshots' worth of events. Default 3: a save
   * writes only the entries changed since the last one, and an event rewrites its whole leg
   * (~1.9 kB for a 1.7 kB event in the bench's day), so at 1 the saves followed every second of
   * events (94 saves, 67 MB in the pipeline bench); at 2 they wait until legs changed several
   * times (11 saves, 26 MB); at 3, 8 saves and 19 MB, and the bench's pipeline runs ~6% faster
   * (three interleaved pairs: 14.8/15.2/15.4k against 15.3/16.3/16.8k events/s) while a restart
   * replays at most ~3 s of events for a 10,000-call state (27 MB: 81 MB of events at ~20k
   * events/s of 1.7 kB). With whole-state snapshots 4 made a quiet adapter wait too long (the
   * mid-snapshot kill test's 20 s feed did not always reach it). Since the inbox stores events as
   * normalized (~700 B, store/inbox-event.ts), 3 lets ~2.4 times as many events wait for a save
   * (the bench's pipeline ~7% faster than at 1.25, which would keep the count as it was: three
   * interleaved runs, 22.3k against 20.8k events/s); a restart folds them without reading frames
   * or normalizing, so it replays those 81 MB (~117,000 events) in about the same ~3 s.
   */
  inboxBytesPerSnapshotByte?: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  minIntervalMs: 1_000,
  bytesPerSecond: 1_000_000,
  inboxBytesPerSnapshotByte: 3
};

/**
 * A saved snapshot: the state without its finished calls and live entries, those calls by key,
 * and the live entries as chunks `{"<part>": {…}}` in order (JSON each).
 */
export interface SavedSnapshot {
  state: string;
  finishedCalls: Record<string, string>;
  chunks: string[];
  inboxCursor: number;
}

/** What a save writes besides the state's own JSON. */
export interface SnapshotParts {
  /** The finished calls by key (see {@link SnapshotStore.finishedOnDisk}). */
  finishedCalls?: Readonly<Record<string, object>>;
  /** Maps of the state saved one row per entry (`legs`, `calls`), with the keys that may have changed. */
  keyed?: Readonly<Record<string, KeyedPart>>;
}

/** Finished calls to write (key, JSON) and to delete (key) in a save, and the keyed parts. */
interface FinishedChanges {
  written: [string, string][];
  removed: string[];
  keyed: Readonly<Record<string, KeyedPart>>;
}

/** Stands for a finished call found on disk at start: never the same object as one to save. */
const STORED_BEFORE_START = Object.freeze({});

/** The correlator snapshot table of one tenant store. */
export class SnapshotStore {
  private readonly load: Database.Statement<[], { state: string; inbox_cursor: number }>;
  private readonly upsert: Database.Statement<[string, number, number]>;
  private readonly dropInbox: Database.Statement<[number]>;
  private readonly anyInboxAfter: Database.Statement<[number], number>;
  private readonly clearInbox: Database.Statement;
  private readonly reject: Database.Statement<[string, number]>;
  private readonly remove: Database.Statement;
  private readonly loadFinished: Database.Statement<[], { key: string; call: string }>;
  private readonly upsertFinished: Database.Statement<[string, string]>;
  private readonly deleteFinished: Database.Statement<[string]>;
  private readonly clearFinished: Database.Statement;
  private readonly loadChunks: Database.Statement<[], { json: string }>;
  private readonly clearChunks: Database.Statement;
  /** The live legs and calls, one row each. */
  readonly entries: SnapshotEntries;
  private readonly saveTx: (
    state: string,
    inboxCursor: number,
    now: number,
    parts: FinishedChanges
  ) => ReturnType<SnapshotEntries['write']>;
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
    this.anyInboxAfter = db.prepare<[number], number>('SELECT 1 FROM inbox WHERE id > ? LIMIT 1').pluck();
    // Without a WHERE clause SQLite empties the table by freeing its pages ("truncate
    // optimization", sqlite.org/lang_delete.html); a WHERE deletes row by row, so every page of
    // events is written to the WAL once more as it empties, and then copied into the file.
    this.clearInbox = db.prepare('DELETE FROM inbox');
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
    this.loadChunks = db.prepare('SELECT json FROM snapshot_chunks ORDER BY seq');
    this.clearChunks = db.prepare('DELETE FROM snapshot_chunks');
    this.entries = new SnapshotEntries(db);
    this.saveTx = db.transaction((state: string, inboxCursor: number, now: number, parts: FinishedChanges) => {
      this.upsert.run(state, inboxCursor, now);
      for (const [key, call] of parts.written) this.upsertFinished.run(key, call);
      for (const key of parts.removed) this.deleteFinished.run(key);
      // A snapshot of schema version 3 kept its live entries in chunks; the caller writes them as rows now.
      this.clearChunks.run();
      const entries = this.entries.write(parts.keyed);
      // Nearly always the snapshot covers every stored event (processing folds all it committed).
      if (this.anyInboxAfter.get(inboxCursor) === undefined) this.clearInbox.run();
      else this.dropInbox.run(inboxCursor);
      return entries;
    });
    for (const { key } of this.loadFinished.iterate()) this.finishedOnDisk.set(key, STORED_BEFORE_START);
  }

  /** The last snapshot and the id of the last inbox event folded into it. */
  latest(): SavedSnapshot | null {
    const row = this.load.get();
    if (!row) return null;
    const finishedCalls = Object.create(null) as Record<string, string>;
    for (const { key, call } of this.loadFinished.iterate()) finishedCalls[key] = call;
    // Chunks of an older layout first: a row of the same entry is newer.
    const chunks = [...this.loadChunks.all().map((chunk) => chunk.json), ...this.entries.chunks()];
    return { state: row.state, finishedCalls, chunks, inboxCursor: row.inbox_cursor };
  }

  /**
   * Opens the last snapshot with `restore`. When that throws (a corrupt or foreign snapshot) the
   * snapshot is moved to `rejected_snapshots` with the reason and `onRejected` is told; the caller
   * then starts from an empty state at the same inbox cursor (the events after it are still there).
   */
  restore<T>(
    restore: (state: string, finishedCalls: Record<string, string>, chunks: string[]) => T,
    now: number,
    onRejected: (reason: string) => void
  ): { state: T | null; inboxCursor: number } {
    const snapshot = this.latest();
    if (!snapshot) return { state: null, inboxCursor: 0 };
    try {
      const state = restore(snapshot.state, snapshot.finishedCalls, snapshot.chunks);
      return { state, inboxCursor: snapshot.inboxCursor };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.db.transaction(() => {
        this.reject.run(reason.slice(0, 2_000), now);
        this.remove.run();
        this.clearFinished.run();
        this.clearChunks.run();
        this.entries.clear();
      })();
      this.finishedOnDisk.clear();
      onRejected(reason);
      return { state: null, inboxCursor: snapshot.inboxCursor };
    }
  }

  /**
   * Whether a snapshot is due at `now`: the interval grows with the size of the save
   * (`expectedBytes`, by default the last save's). With `inboxBytesSince` (the bytes of events
   * stored since the last snapshot) it is also not due before those events outweigh the save
   * `inboxBytesPerSnapshotByte` times, so under a heavy stream snapshots write a fraction of what
   * the inbox does, and a restart replays a bounded number of snapshots' worth of events.
   */
  isDue(now: number, inboxBytesSince = Number.POSITIVE_INFINITY, expectedBytes = this.lastBytes): boolean {
    const interval = Math.max(this.policy.minIntervalMs, (expectedBytes / this.policy.bytesPerSecond) * 1_000);
    const inboxBytesDue =
      expectedBytes * (this.policy.inboxBytesPerSnapshotByte ?? DEFAULT_SNAPSHOT_POLICY.inboxBytesPerSnapshotByte ?? 1);
    return now - this.lastSavedAt >= interval && inboxBytesSince >= inboxBytesDue;
  }

  /**
   * Saves the correlator state that includes every inbox event up to `inboxCursor` and drops
   * those events: from now on a restart starts from this state. `state` is the JSON of the state
   * without what `parts` holds.
   */
  save(state: string, inboxCursor: number, now: number, parts: SnapshotParts = {}): void {
    const finishedCalls = parts.finishedCalls ?? {};
    const written: [string, string][] = [];
    const removed: string[] = [];
    const onDisk = new Map<string, object>();
    for (const key in finishedCalls) {
      const call = finishedCalls[key] as object;
      if (this.finishedOnDisk.get(key) !== call) written.push([key, JSON.stringify(call)]);
      onDisk.set(key, call);
    }
    for (const key of this.finishedOnDisk.keys()) if (!onDisk.has(key)) removed.push(key);
    const entries = this.saveTx(state, inboxCursor, now, { written, removed, keyed: parts.keyed ?? {} });
    this.entries.applied(entries.changes);
    this.finishedOnDisk = onDisk;
    this.lastSavedAt = now;
    this.lastBytes = written.reduce((bytes, [, call]) => bytes + call.length, state.length + entries.bytes);
  }
}
