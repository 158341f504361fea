/**
 * The tenant store's tables. One SQLite file per tenant, WAL mode; every table a restart needs
 * lives here so a crash at any point loses nothing that was acknowledged.
 */
import type Database from 'better-sqlite3';

export const STORE_SCHEMA_VERSION = 4;

export const STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at INTEGER NOT NULL,
  transport TEXT NOT NULL,
  raw TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  inbox_id INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  transport TEXT NOT NULL,
  raw TEXT NOT NULL,
  error TEXT NOT NULL,
  quarantined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  call_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  first_write INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  enqueued_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  last_error TEXT,
  match_pending INTEGER NOT NULL DEFAULT 1,
  caller_match TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  first_write INTEGER NOT NULL,
  reason TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS delivered (
  call_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  delivered_at INTEGER NOT NULL,
  match_pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS delivered_at ON delivered (delivered_at);
CREATE TABLE IF NOT EXISTS correlator_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  inbox_cursor INTEGER NOT NULL,
  saved_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_finished_calls (
  key TEXT PRIMARY KEY,
  call TEXT NOT NULL
);
-- Live legs and calls in chunks of a whole state, as schema version 3 saved them (read, no longer written).
CREATE TABLE IF NOT EXISTS snapshot_chunks (
  seq INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);
-- Live legs and calls of the snapshot, one row each (part 'legs' or 'calls'), written when they change.
CREATE TABLE IF NOT EXISTS snapshot_entries (
  part TEXT NOT NULL,
  key TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (part, key)
);
CREATE TABLE IF NOT EXISTS rejected_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  state TEXT NOT NULL,
  inbox_cursor INTEGER NOT NULL,
  reason TEXT NOT NULL,
  rejected_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth_tokens (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  refresh_token TEXT NOT NULL,
  instance_url TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Columns added after version 1; a store file written by version 1 gets them on open. */
const ADDED_COLUMNS: [table: string, column: string, definition: string, backfill?: string][] = [
  ['outbox', 'match_pending', 'INTEGER NOT NULL DEFAULT 1', 'UPDATE outbox SET match_pending = first_write'],
  ['outbox', 'caller_match', 'TEXT'],
  ['delivered', 'match_pending', 'INTEGER NOT NULL DEFAULT 0']
];

/** Creates missing tables and columns and records the schema version. */
export function migrateStore(db: Database.Database): void {
  db.exec(STORE_SCHEMA);
  for (const [table, column, definition, backfill] of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (columns.some((c) => c.name === column)) continue;
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    if (backfill) db.exec(backfill);
  }
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
  ).run('schema', `${STORE_SCHEMA_VERSION}`);
}
