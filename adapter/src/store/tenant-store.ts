/**
 * A tenant's durable state in one SQLite file (better-sqlite3, WAL): the inbox of accepted raw
 * events not yet covered by a correlator snapshot, the outbox of record states waiting for Salesforce, dead letters, the correlator
 * snapshot and the encrypted OAuth refresh token. Every method is one transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CallDataProjection } from '../core/call-data.ts';
import { STORE_SCHEMA, STORE_SCHEMA_VERSION } from './store-schema.ts';

export interface InboxEntry {
  id: number;
  receivedAt: number;
  transport: string;
  raw: unknown;
}

export interface OutboxEntry {
  callId: string;
  seq: number;
  record: CallDataProjection;
  /** True until Salesforce has confirmed any state of this record (caller matching happens then). */
  firstWrite: boolean;
  attempts: number;
  enqueuedAt: number;
  dueAt: number;
  lastError: string | null;
}

export interface DeadLetter {
  id: number;
  callId: string;
  seq: number;
  reason: string;
  failedAt: number;
}

interface OutboxRow {
  call_id: string;
  seq: number;
  record: string;
  first_write: number;
  attempts: number;
  enqueued_at: number;
  due_at: number;
  last_error: string | null;
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    callId: row.call_id,
    seq: row.seq,
    record: JSON.parse(row.record) as CallDataProjection,
    firstWrite: row.first_write === 1,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    dueAt: row.due_at,
    lastError: row.last_error
  };
}

/** The durable store of one tenant. */
export class TenantStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL survives a killed process (the WAL is in the OS cache); FULL would add an fsync per commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(STORE_SCHEMA);
    this.db
      .prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)')
      .run('schema', `${STORE_SCHEMA_VERSION}`);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Stores a raw event; once this returns the event survives a crash. */
  appendInbox(raw: unknown, transport: string, now: number): number {
    const info = this.db
      .prepare('INSERT INTO inbox (received_at, transport, raw) VALUES (?, ?, ?)')
      .run(now, transport, JSON.stringify(raw));
    return Number(info.lastInsertRowid);
  }

  /** Stored events after `cursor` (the id of the last event already folded in), oldest first. */
  pendingInbox(cursor: number, limit = 1000): InboxEntry[] {
    const rows = this.db
      .prepare('SELECT id, received_at, transport, raw FROM inbox WHERE id > ? ORDER BY id LIMIT ?')
      .all(cursor, limit) as { id: number; received_at: number; transport: string; raw: string }[];
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      transport: r.transport,
      raw: JSON.parse(r.raw) as unknown
    }));
  }

  /** Queues the record states one batch of events produced, in one transaction. */
  enqueueAll(projections: readonly CallDataProjection[], now: number, coalesceWindowMs: number): void {
    this.db.transaction(() => {
      for (const projection of projections) this.enqueue(projection, now, coalesceWindowMs);
    })();
  }

  /**
   * Queues a record state. A newer state replaces a pending one (coalescing); a first ringing
   * state is due at once, anything else when the coalescing window of its first pending state ends.
   */
  enqueue(projection: CallDataProjection, now: number, coalesceWindowMs: number): void {
    const callId = projection.CallId__c;
    const seq = projection.LastEventSeq__c;
    const pending = this.db.prepare('SELECT * FROM outbox WHERE call_id = ?').get(callId) as OutboxRow | undefined;
    if (pending && pending.seq >= seq) return;
    const delivered = this.db.prepare('SELECT seq FROM delivered WHERE call_id = ?').get(callId) as
      { seq: number } | undefined;
    if (!pending && delivered && delivered.seq >= seq) return;
    const firstWrite = pending ? pending.first_write === 1 : !delivered;
    const wanted = firstWrite && projection.Status__c === 'Ringing' ? now : now + coalesceWindowMs;
    if (pending) {
      // A row waiting out a retry backoff keeps its time; otherwise the earliest due time wins.
      const dueAt = pending.attempts > 0 ? pending.due_at : Math.min(pending.due_at, wanted);
      this.db
        .prepare('UPDATE outbox SET seq = ?, record = ?, due_at = ? WHERE call_id = ?')
        .run(seq, JSON.stringify(projection), dueAt, callId);
      return;
    }
    this.db
      .prepare(
        'INSERT INTO outbox (call_id, seq, record, first_write, attempts, enqueued_at, due_at) VALUES (?, ?, ?, ?, 0, ?, ?)'
      )
      .run(callId, seq, JSON.stringify(projection), firstWrite ? 1 : 0, now, wanted);
  }

  /** Entries due at `now`, earliest first. */
  dueEntries(now: number, limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE due_at <= ? ORDER BY due_at, call_id LIMIT ?')
      .all(now, limit) as OutboxRow[];
    return rows.map(toEntry);
  }

  /** Every pending entry regardless of due time (shutdown flush). */
  allEntries(limit: number): OutboxEntry[] {
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY due_at, call_id LIMIT ?').all(limit) as OutboxRow[];
    return rows.map(toEntry);
  }

  nextDueAt(): number | null {
    const row = this.db.prepare('SELECT MIN(due_at) AS due FROM outbox').get() as { due: number | null };
    return row.due;
  }

  /**
   * Salesforce confirmed state `seq`: release it unless a newer state was queued meanwhile; that
   * one waits until `coalesceUntil` so it can still absorb further states.
   */
  confirm(callId: string, seq: number, now: number, coalesceUntil = now): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM outbox WHERE call_id = ? AND seq = ?').run(callId, seq);
      this.db
        .prepare('UPDATE outbox SET first_write = 0, attempts = 0, due_at = MAX(due_at, ?) WHERE call_id = ?')
        .run(coalesceUntil, callId);
      this.db
        .prepare(
          'INSERT INTO delivered (call_id, seq, delivered_at) VALUES (?, ?, ?) ' +
            'ON CONFLICT (call_id) DO UPDATE SET seq = MAX(seq, excluded.seq), delivered_at = excluded.delivered_at'
        )
        .run(callId, seq, now);
    })();
  }

  /** A transient failure: try again at `dueAt`. Returns the attempts made so far. */
  reschedule(callId: string, dueAt: number, error: string): number {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE call_id = ?')
      .run(dueAt, error, callId);
    const row = this.db.prepare('SELECT attempts FROM outbox WHERE call_id = ?').get(callId) as
      { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }

  /** A permanent failure of state `seq`: park it with the reason (a newer queued state stays queued). */
  deadLetter(entry: OutboxEntry, reason: string, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO dead_letters (call_id, seq, record, first_write, reason, failed_at) VALUES (?, ?, ?, ?, ?, ?)'
        )
        .run(entry.callId, entry.seq, JSON.stringify(entry.record), entry.firstWrite ? 1 : 0, reason, now);
      this.db.prepare('DELETE FROM outbox WHERE call_id = ? AND seq = ?').run(entry.callId, entry.seq);
    })();
  }

  /** Moves dead letters back into the outbox, due now. Returns how many were requeued. */
  retryDeadLetters(now: number): number {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT * FROM dead_letters ORDER BY id').all() as (OutboxRow & { id: number })[];
      for (const row of rows) {
        this.enqueue(JSON.parse(row.record) as CallDataProjection, now, 0);
        this.db.prepare('UPDATE outbox SET due_at = ? WHERE call_id = ?').run(now, row.call_id);
      }
      this.db.prepare('DELETE FROM dead_letters').run();
      return rows.length;
    })();
  }

  listDeadLetters(limit = 100): DeadLetter[] {
    const rows = this.db
      .prepare('SELECT id, call_id, seq, reason, failed_at FROM dead_letters ORDER BY id LIMIT ?')
      .all(limit) as { id: number; call_id: string; seq: number; reason: string; failed_at: number }[];
    return rows.map((r) => ({ id: r.id, callId: r.call_id, seq: r.seq, reason: r.reason, failedAt: r.failed_at }));
  }

  counts(): { outboxDepth: number; deadLetters: number; inbox: number; oldestPendingAt: number | null } {
    const outbox = this.db.prepare('SELECT COUNT(*) AS n, MIN(enqueued_at) AS oldest FROM outbox').get() as {
      n: number;
      oldest: number | null;
    };
    const dead = this.db.prepare('SELECT COUNT(*) AS n FROM dead_letters').get() as { n: number };
    const inbox = this.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number };
    return { outboxDepth: outbox.n, deadLetters: dead.n, inbox: inbox.n, oldestPendingAt: outbox.oldest };
  }

  /** The last correlator snapshot and the id of the last inbox event folded into it. */
  loadSnapshot(): { state: string; inboxCursor: number } | null {
    const row = this.db.prepare('SELECT state, inbox_cursor FROM correlator_snapshot WHERE id = 1').get() as
      { state: string; inbox_cursor: number } | undefined;
    return row ? { state: row.state, inboxCursor: row.inbox_cursor } : null;
  }

  /**
   * Saves the correlator state that includes every inbox event up to `inboxCursor` and drops
   * those events: from now on a restart starts from this state.
   */
  saveSnapshot(state: string, inboxCursor: number, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO correlator_snapshot (id, state, inbox_cursor, saved_at) VALUES (1, ?, ?, ?) ' +
            'ON CONFLICT (id) DO UPDATE SET state = excluded.state, inbox_cursor = excluded.inbox_cursor, ' +
            'saved_at = excluded.saved_at'
        )
        .run(state, inboxCursor, now);
      this.db.prepare('DELETE FROM inbox WHERE id <= ?').run(inboxCursor);
    })();
  }

  /** Forgets which records were delivered before `before` (they can no longer be "first writes"). */
  pruneDelivered(before: number): void {
    this.db.prepare('DELETE FROM delivered WHERE delivered_at < ?').run(before);
  }

  loadOAuthToken(): { refreshToken: string; instanceUrl: string } | null {
    const row = this.db.prepare('SELECT refresh_token, instance_url FROM oauth_tokens WHERE id = 1').get() as
      { refresh_token: string; instance_url: string } | undefined;
    return row ? { refreshToken: row.refresh_token, instanceUrl: row.instance_url } : null;
  }

  /** Stores the (already encrypted) refresh token. */
  saveOAuthToken(refreshToken: string, instanceUrl: string, now: number): void {
    this.db
      .prepare(
        'INSERT INTO oauth_tokens (id, refresh_token, instance_url, updated_at) VALUES (1, ?, ?, ?) ' +
          'ON CONFLICT (id) DO UPDATE SET refresh_token = excluded.refresh_token, ' +
          'instance_url = excluded.instance_url, updated_at = excluded.updated_at'
      )
      .run(refreshToken, instanceUrl, now);
  }

  getSetting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
