/**
 * The stand-in org's storage: records as JSON rows in SQLite (better-sqlite3), so a demo survives
 * a restart when a data directory is given; sessions and stored streaming events live beside them.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { recordId } from './ids.ts';

export type SObjectRecord = Record<string, unknown> & { Id: string };

export interface Session {
  token: string;
  userId: string;
  kind: 'access' | 'refresh';
  clientId: string;
  expiresAt: number;
}

export interface StoredEvent {
  replayId: number;
  topic: string;
  createdAt: number;
  ownerId: string | null;
  recordId: string;
  payload: { event: { type: string; createdDate: string; replayId: number }; sobject: Record<string, unknown> };
}

export interface NewEvent {
  topic: string;
  type: 'created' | 'updated';
  createdAt: number;
  ownerId: string | null;
  recordId: string;
  sobject: Record<string, unknown>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, sobject TEXT NOT NULL, ext_key TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_sobject ON records (sobject);
CREATE UNIQUE INDEX IF NOT EXISTS records_ext_key ON records (sobject, ext_key) WHERE ext_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS sequences (sobject TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, user_id TEXT NOT NULL, kind TEXT NOT NULL,
  client_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (replay_id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL,
  created_at INTEGER NOT NULL, owner_id TEXT, record_id TEXT NOT NULL, payload TEXT NOT NULL);
`;

/** The external id kept in an indexed column per object, so upserts by it stay fast. */
const INDEXED_EXTERNAL_ID: Readonly<Record<string, string>> = { CallData__c: 'CallId__c' };

/** SQLite-backed record, session and event storage. */
export class OrgStore {
  private readonly db: Database.Database;

  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? join(dataDir, 'salesforce-standin.sqlite') : ':memory:');
    this.db.pragma('journal_mode = WAL');
    // No fsync per commit (WAL still survives a crash of the process, not of the machine): the
    // stand-in shares its event loop with the adapter and the simulator in the e2e stack and the
    // benches, where a synchronous fsync per PushTopic event stalled all three under load.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A statement prepared once per SQL text (preparing one per call costs more than running it). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` atomically: everything it wrote is rolled back if it throws. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private nextId(sobject: string): string {
    const row = this.sql('SELECT next FROM sequences WHERE sobject = ?').get(sobject) as { next: number } | undefined;
    const next = row?.next ?? 1;
    this.sql('INSERT OR REPLACE INTO sequences (sobject, next) VALUES (?, ?)').run(sobject, next + 1);
    return recordId(sobject, next);
  }

  /**
   * The next value of an Auto Number field: "a system-generated sequence number … automatically
   * incremented for each new record" (Salesforce Help, Custom Field Types); numbers are never
   * reused, even after a record is deleted, so it is a counter, not a count of the records.
   */
  nextAutoNumber(sobject: string, field: string): number {
    const key = `${sobject}.${field}`;
    const row = this.sql('SELECT next FROM sequences WHERE sobject = ?').get(key) as { next: number } | undefined;
    const next = row?.next ?? 1;
    this.sql('INSERT OR REPLACE INTO sequences (sobject, next) VALUES (?, ?)').run(key, next + 1);
    return next;
  }

  private extKey(sobject: string, record: Record<string, unknown>): string | null {
    const field = INDEXED_EXTERNAL_ID[sobject];
    const value = field ? record[field] : undefined;
    return typeof value === 'string' ? value : null;
  }

  /** Stores a new record; the Id is assigned unless the caller gives one (seed data). */
  insert(sobject: string, fields: Record<string, unknown>, now = new Date()): SObjectRecord {
    const stamp = now.toISOString();
    const id = typeof fields.Id === 'string' ? fields.Id : this.nextId(sobject);
    const record: SObjectRecord = {
      ...fields,
      Id: id,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp
    };
    this.sql('INSERT INTO records (id, sobject, ext_key, data) VALUES (?, ?, ?, ?)').run(
      id,
      sobject,
      this.extKey(sobject, record),
      JSON.stringify(record)
    );
    return record;
  }

  /** Applies `changes` to a stored record and returns the new version. */
  update(id: string, changes: Record<string, unknown>, now = new Date()): SObjectRecord {
    const current = this.get(id);
    if (!current) throw new Error(`No record ${id}`);
    const stamp = now.toISOString();
    const record: SObjectRecord = { ...current, ...changes, Id: id, LastModifiedDate: stamp, SystemModstamp: stamp };
    const sobject = this.sobjectOf(id) ?? '';
    this.sql('UPDATE records SET data = ?, ext_key = ? WHERE id = ?').run(
      JSON.stringify(record),
      this.extKey(sobject, record),
      id
    );
    return record;
  }

  get(id: string): SObjectRecord | undefined {
    const row = this.sql('SELECT data FROM records WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as SObjectRecord) : undefined;
  }

  sobjectOf(id: string): string | undefined {
    const row = this.sql('SELECT sobject FROM records WHERE id = ?').get(id) as { sobject: string } | undefined;
    return row?.sobject;
  }

  all(sobject: string): SObjectRecord[] {
    const rows = this.sql('SELECT data FROM records WHERE sobject = ? ORDER BY rowid').all(sobject) as {
      data: string;
    }[];
    return rows.map((r) => JSON.parse(r.data) as SObjectRecord);
  }

  count(sobject: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM records WHERE sobject = ?').get(sobject) as { n: number }).n;
  }

  /** Records whose `field` equals `value` (case-sensitive), using the index where there is one. */
  findBy(sobject: string, field: string, value: unknown): SObjectRecord[] {
    if (INDEXED_EXTERNAL_ID[sobject] === field && typeof value === 'string') {
      const row = this.sql('SELECT data FROM records WHERE sobject = ? AND ext_key = ?').get(sobject, value) as
        { data: string } | undefined;
      return row ? [JSON.parse(row.data) as SObjectRecord] : [];
    }
    return this.all(sobject).filter((r) => r[field] === value);
  }

  saveSession(session: Session): void {
    this.sql(
      'INSERT OR REPLACE INTO sessions (token, user_id, kind, client_id, expires_at) VALUES (?, ?, ?, ?, ?)'
    ).run(session.token, session.userId, session.kind, session.clientId, session.expiresAt);
  }

  session(token: string): Session | undefined {
    const row = this.sql('SELECT token, user_id, kind, client_id, expires_at FROM sessions WHERE token = ?').get(
      token
    ) as { token: string; user_id: string; kind: string; client_id: string; expires_at: number } | undefined;
    if (!row) return undefined;
    return {
      token: row.token,
      userId: row.user_id,
      kind: row.kind === 'refresh' ? 'refresh' : 'access',
      clientId: row.client_id,
      expiresAt: row.expires_at
    };
  }

  /** Drops sessions of one kind (every access token, as when an admin kills sessions). */
  deleteSessions(kind: Session['kind']): number {
    return this.sql('DELETE FROM sessions WHERE kind = ?').run(kind).changes;
  }

  /** Stores a streaming event and gives it the next replay id. */
  appendEvent(event: NewEvent): StoredEvent {
    const payloadFor = (replayId: number): StoredEvent['payload'] => ({
      event: { type: event.type, createdDate: new Date(event.createdAt).toISOString(), replayId },
      sobject: event.sobject
    });
    return this.transaction(() => {
      const info = this.sql(
        'INSERT INTO events (topic, created_at, owner_id, record_id, payload) VALUES (?, ?, ?, ?, ?)'
      ).run(event.topic, event.createdAt, event.ownerId, event.recordId, '{}');
      const replayId = Number(info.lastInsertRowid);
      const payload = payloadFor(replayId);
      this.sql('UPDATE events SET payload = ? WHERE replay_id = ?').run(JSON.stringify(payload), replayId);
      return {
        topic: event.topic,
        createdAt: event.createdAt,
        ownerId: event.ownerId,
        recordId: event.recordId,
        replayId,
        payload
      };
    });
  }

  /** Stored events of a topic after `afterReplayId` (all when null), created since `sinceMs`. */
  events(topic: string, afterReplayId: number | null, sinceMs: number): StoredEvent[] {
    const rows = this.sql(
      'SELECT replay_id, topic, created_at, owner_id, record_id, payload FROM events WHERE topic = ? AND replay_id > ? AND created_at >= ? ORDER BY replay_id'
    ).all(topic, afterReplayId ?? 0, sinceMs) as {
      replay_id: number;
      topic: string;
      created_at: number;
      owner_id: string | null;
      record_id: string;
      payload: string;
    }[];
    return rows.map((r) => ({
      replayId: r.replay_id,
      topic: r.topic,
      createdAt: r.created_at,
      ownerId: r.owner_id,
      recordId: r.record_id,
      payload: JSON.parse(r.payload) as StoredEvent['payload']
    }));
  }

  eventCountSince(sinceMs: number): number {
    return (this.sql('SELECT COUNT(*) AS n FROM events WHERE created_at >= ?').get(sinceMs) as { n: number }).n;
  }

  /** Drops events older than the retention window (they can no longer be replayed). */
  pruneEvents(beforeMs: number): number {
    return this.sql('DELETE FROM events WHERE created_at < ?').run(beforeMs).changes;
  }

  allEvents(): StoredEvent[] {
    const topics = this.sql('SELECT DISTINCT topic FROM events').all() as { topic: string }[];
    return topics.flatMap((t) => this.events(t.topic, null, 0)).sort((a, b) => a.replayId - b.replayId);
  }
}
