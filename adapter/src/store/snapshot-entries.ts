/**
 * The live legs and calls of a correlator snapshot, one row per entry (part `legs` or `calls`,
 * key): a save writes only the entries that may have changed since the last one and deletes the
 * ones that left the state, so its cost follows what changed, not how many calls are in flight
 * (a whole 10,000-call state is 27 MB of JSON). Each entry is serialised while it is written, so
 * even a save of every entry never holds the state as strings at once.
 */
import type Database from 'better-sqlite3';

/** One map of the state saved as keyed rows, and the keys that may have changed since the last save. */
export interface KeyedPart {
  /** The map of the state by key; each entry is saved as its JSON. */
  entries: Readonly<Record<string, unknown>>;
  /** Keys that may have changed (a key no longer in `entries` is deleted); every other stored row is current. */
  changed: Iterable<string>;
}

/** A row written (its bytes) or deleted (null), applied to the sizes in memory once the save committed. */
type SizeChange = [part: string, key: string, bytes: number | null];

/** Entries per restored chunk (`{"<part>": {…}}`), as the snapshot chunks of schema version 3 held. */
const ENTRIES_PER_CHUNK = 500;

/** What an entry is guessed to weigh before any of its part is stored. */
const UNKNOWN_ENTRY_BYTES = 1_000;

/** The snapshot_entries table of one tenant store. */
export class SnapshotEntries {
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string, string]>;
  private readonly loadAll: Database.Statement<[], { part: string; key: string; json: string }>;
  private readonly clearAll: Database.Statement;
  /** The bytes of every stored row, by part and key: which rows exist, and what the next save may weigh. */
  private readonly stored = new Map<string, Map<string, number>>();
  /** The bytes of all stored rows per part. */
  private readonly totals = new Map<string, number>();

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      'INSERT INTO snapshot_entries (part, key, json) VALUES (?, ?, ?) ' +
        'ON CONFLICT (part, key) DO UPDATE SET json = excluded.json'
    );
    this.remove = db.prepare('DELETE FROM snapshot_entries WHERE part = ? AND key = ?');
    this.loadAll = db.prepare('SELECT part, key, json FROM snapshot_entries ORDER BY part, key');
    this.clearAll = db.prepare('DELETE FROM snapshot_entries');
    const sizes = db.prepare<[], { part: string; key: string; bytes: number }>(
      'SELECT part, key, length(json) AS bytes FROM snapshot_entries'
    );
    for (const row of sizes.iterate()) this.resize(row.part, row.key, row.bytes);
  }

  private sizesOf(part: string): Map<string, number> {
    let sizes = this.stored.get(part);
    if (!sizes) {
      sizes = new Map();
      this.stored.set(part, sizes);
    }
    return sizes;
  }

  /** Whether the row `part`/`key` is stored (an entry restored from an older layout is not). */
  has(part: string, key: string): boolean {
    return this.stored.get(part)?.has(key) ?? false;
  }

  /** The bytes of every stored row: what a save of every entry would write again. */
  totalBytes(): number {
    let bytes = 0;
    for (const total of this.totals.values()) bytes += total;
    return bytes;
  }

  /** Roughly what saving the entry `part`/`key` writes: its stored size, or the part's average when it is new. */
  weigh(part: string, key: string): number {
    const sizes = this.stored.get(part);
    const known = sizes?.get(key);
    if (known !== undefined) return known;
    return sizes && sizes.size > 0 ? (this.totals.get(part) ?? 0) / sizes.size : UNKNOWN_ENTRY_BYTES;
  }

  /**
   * Writes the changed entries of each part and deletes the stored rows whose key left the state;
   * runs inside the save's transaction. Returns the bytes written and the size changes to apply
   * with {@link applied} once the transaction committed.
   */
  write(parts: Readonly<Record<string, KeyedPart>>): { bytes: number; changes: SizeChange[] } {
    const changes: SizeChange[] = [];
    let bytes = 0;
    for (const [part, { entries, changed }] of Object.entries(parts)) {
      const sizes = this.stored.get(part);
      for (const key of changed) {
        const entry = entries[key];
        if (entry === undefined) continue;
        const json = JSON.stringify(entry);
        this.upsert.run(part, key, json);
        changes.push([part, key, json.length]);
        bytes += json.length;
      }
      // Entries that left (a call finished, two calls merged) are found among the stored rows.
      for (const key of sizes?.keys() ?? []) {
        if (entries[key] !== undefined) continue;
        this.remove.run(part, key);
        changes.push([part, key, null]);
      }
    }
    return { bytes, changes };
  }

  /** The committed save's rows, now also known in memory. */
  applied(changes: readonly SizeChange[]): void {
    for (const [part, key, bytes] of changes) this.resize(part, key, bytes);
  }

  private resize(part: string, key: string, bytes: number | null): void {
    const sizes = this.sizesOf(part);
    const total = (this.totals.get(part) ?? 0) - (sizes.get(key) ?? 0) + (bytes ?? 0);
    this.totals.set(part, total);
    if (bytes === null) sizes.delete(key);
    else sizes.set(key, bytes);
  }

  /** Every stored entry as chunks `{"<part>": {"<key>": …}}` for the correlator's restore. */
  chunks(): string[] {
    const chunks: string[] = [];
    let part = '';
    let members: string[] = [];
    const flush = () => {
      if (members.length > 0) chunks.push(`{${JSON.stringify(part)}:{${members.join(',')}}}`);
      members = [];
    };
    for (const row of this.loadAll.iterate()) {
      if (row.part !== part || members.length === ENTRIES_PER_CHUNK) flush();
      part = row.part;
      members.push(`${JSON.stringify(row.key)}:${row.json}`);
    }
    flush();
    return chunks;
  }

  /** Drops every row (the snapshot was set aside). */
  clear(): void {
    this.clearAll.run();
    this.stored.clear();
    this.totals.clear();
  }
}
