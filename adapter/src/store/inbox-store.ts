/**
 * Accepted PBX events not yet covered by a correlator snapshot, each a JSON text (the pipeline
 * stores an event's normalized form, store/inbox-event.ts; a store written before that holds the
 * frames as they arrived), and the quarantine of events that made processing throw (kept with the
 * error so an operator can see and replay them; they never block the events behind them).
 * Statements are prepared once.
 */
import type Database from 'better-sqlite3';

export interface InboxEntry {
  id: number;
  receivedAt: number;
  transport: string;
  raw: unknown;
}

export interface QuarantinedEvent {
  id: number;
  inboxId: number;
  receivedAt: number;
  transport: string;
  /** The stored event text (it may be what made processing throw, so it is not parsed). */
  raw: string;
  error: string;
  quarantinedAt: number;
}

interface InboxRow {
  id: number;
  received_at: number;
  transport: string;
  raw: string;
}

interface QuarantineRow {
  id: number;
  inbox_id: number;
  received_at: number;
  transport: string;
  raw: string;
  error: string;
  quarantined_at: number;
}

/** An event to store: its JSON text, how it came and when. */
export interface EventToStore {
  text: string;
  transport: string;
  now: number;
}

/** An error text is bounded so a pathological message cannot bloat the store. */
const MAX_ERROR_CHARS = 2_000;

/** The inbox and quarantine tables of one tenant store. */
export class InboxStore {
  private readonly insert: Database.Statement<[number, string, string]>;
  private readonly pending: Database.Statement<[number, number], InboxRow>;
  private readonly byId: Database.Statement<[number], InboxRow>;
  private readonly anyAfter: Database.Statement<[number], number>;
  private readonly dropUpTo: Database.Statement<[number]>;
  private readonly countAll: Database.Statement<[], { n: number }>;
  private readonly newestReceived: Database.Statement<[], { at: number | null }>;
  private readonly insertQuarantine: Database.Statement<[number, number, string, string, string, number]>;
  private readonly listQuarantine: Database.Statement<[number], QuarantineRow>;
  private readonly countQuarantine: Database.Statement<[], { n: number }>;
  private readonly appendBatch: (events: readonly EventToStore[]) => number[];
  /** Characters of events this process stored (what a snapshot's size is weighed against). */
  bytesWritten = 0;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO inbox (received_at, transport, raw) VALUES (?, ?, ?)');
    this.pending = db.prepare('SELECT id, received_at, transport, raw FROM inbox WHERE id > ? ORDER BY id LIMIT ?');
    this.byId = db.prepare('SELECT id, received_at, transport, raw FROM inbox WHERE id = ?');
    this.anyAfter = db.prepare<[number], number>('SELECT 1 FROM inbox WHERE id > ? LIMIT 1').pluck();
    this.dropUpTo = db.prepare('DELETE FROM inbox WHERE id <= ?');
    this.countAll = db.prepare('SELECT COUNT(*) AS n FROM inbox');
    this.newestReceived = db.prepare('SELECT MAX(received_at) AS at FROM inbox');
    this.insertQuarantine = db.prepare(
      'INSERT INTO quarantine (inbox_id, received_at, transport, raw, error, quarantined_at) VALUES (?, ?, ?, ?, ?, ?)'
    );
    this.listQuarantine = db.prepare('SELECT * FROM quarantine ORDER BY id DESC LIMIT ?');
    this.countQuarantine = db.prepare('SELECT COUNT(*) AS n FROM quarantine');
    this.appendBatch = db.transaction((events: readonly EventToStore[]) =>
      events.map((e) => this.store(e.text, e.transport, e.now))
    );
  }

  /** Stores an event as JSON; once this returns the event survives a crash. Returns its row id. */
  append(raw: unknown, transport: string, now: number): number {
    return this.store(JSON.stringify(raw), transport, now);
  }

  private store(text: string, transport: string, now: number): number {
    const id = Number(this.insert.run(now, transport, text).lastInsertRowid);
    this.bytesWritten += text.length;
    return id;
  }

  /** Stores many raw events in one transaction (one commit instead of one per event). */
  appendMany(events: readonly EventToStore[]): number[] {
    return events.length === 0 ? [] : this.appendBatch(events);
  }

  /** Stored events after `cursor` (the id of the last event already folded in), oldest first. */
  after(cursor: number, limit = 1000): InboxEntry[] {
    return this.pending.all(cursor, limit).map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      transport: r.transport,
      raw: JSON.parse(r.raw) as unknown
    }));
  }

  /** Whether any event is stored after `cursor`. */
  hasAfter(cursor: number): boolean {
    return this.anyAfter.get(cursor) !== undefined;
  }

  /** Drops the events up to `cursor` (a snapshot now covers them). */
  dropThrough(cursor: number): void {
    this.dropUpTo.run(cursor);
  }

  count(): number {
    return this.countAll.get()?.n ?? 0;
  }

  /** When the newest stored event arrived (null: the inbox is empty). */
  lastReceivedAt(): number | null {
    return this.newestReceived.get()?.at ?? null;
  }

  /**
   * Sets aside the inbox event `eventRowId` because processing it threw `error`. The inbox row
   * itself stays until a snapshot covers it; the pipeline moves its cursor past it. Returns false
   * when no such event is stored (already covered by a snapshot).
   */
  quarantine(eventRowId: number, error: unknown, now = Date.now()): boolean {
    const row = this.byId.get(eventRowId);
    if (!row) return false;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.insertQuarantine.run(row.id, row.received_at, row.transport, row.raw, text.slice(0, MAX_ERROR_CHARS), now);
    return true;
  }

  /** The most recently quarantined events, newest first. */
  quarantined(limit = 100): QuarantinedEvent[] {
    return this.listQuarantine.all(limit).map((r) => ({
      id: r.id,
      inboxId: r.inbox_id,
      receivedAt: r.received_at,
      transport: r.transport,
      raw: r.raw,
      error: r.error,
      quarantinedAt: r.quarantined_at
    }));
  }

  quarantineCount(): number {
    return this.countQuarantine.get()?.n ?? 0;
  }
}
