/**
 * A tenant's durable state in one SQLite file (better-sqlite3, WAL), split by concern: the inbox
 * of accepted raw events (and the quarantine of events processing could not handle), the outbox
 * of record states waiting for Salesforce (with dead letters), the correlator snapshot and the
 * encrypted OAuth token. Each part prepares its statements once.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrateStore } from './store-schema.ts';
import { InboxStore } from './inbox-store.ts';
import { OutboxStore } from './outbox-store.ts';
import { SnapshotStore, type SnapshotPolicy } from './snapshot-store.ts';
import { TokenStore } from './token-store.ts';

export type { InboxEntry, QuarantinedEvent } from './inbox-store.ts';
export type { OutboxEntry, DeadLetter, Confirmation, StoredCallerMatch } from './outbox-entry.ts';

export interface StoreCounts {
  outboxDepth: number;
  deadLetters: number;
  inbox: number;
  quarantined: number;
  oldestPendingAt: number | null;
}

const EVENTS_COMPLETE_THROUGH = 'events_complete_through';

/** The page size of a new store file. */
const STORE_PAGE_BYTES = 16_384;
/** How big the WAL grows before it is checkpointed into the file. */
const WAL_CHECKPOINT_BYTES = 16 * 1024 * 1024;

/** The durable store of one tenant. */
export class TenantStore {
  private readonly db: Database.Database;
  readonly inbox: InboxStore;
  readonly outbox: OutboxStore;
  readonly snapshots: SnapshotStore;
  readonly tokens: TokenStore;

  constructor(
    readonly path: string,
    options: { snapshotPolicy?: SnapshotPolicy } = {}
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // 16 KiB pages for a new file (an existing one keeps its own: WAL mode fixes it): the store
    // is mostly raw events of ~1.7 kB and rows of that size, and a commit writes each page as a
    // WAL frame of its own (two writes), so 4 KiB pages cost 4 frames where one will do. The
    // pipeline bench's SQLite time went down ~5% and its CPU time ~7% (four and three interleaved
    // runs against 4, 8 and 32 KiB). The page cache is sized in KiB, so it holds the same bytes.
    this.db.pragma(`page_size = ${STORE_PAGE_BYTES}`);
    this.db.pragma('journal_mode = WAL');
    // NORMAL survives a killed process (the WAL is in the OS cache); FULL would add an fsync per commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A checkpoint once the WAL holds 16 MB (4,000 pages of 4 KiB) instead of SQLite's 1,000
    // pages: each one copies the WAL into the file and syncs it, and a page rewritten between two
    // is copied once. The pipeline bench's inbox and outbox writes replayed alone (4 KiB pages):
    // 685 ms at 4 MB, 550 at 16 MB, 516 at 40 MB (not worth a WAL 2.5 times as big).
    const pageBytes = Number(this.db.pragma('page_size', { simple: true }));
    this.db.pragma(`wal_autocheckpoint = ${Math.round(WAL_CHECKPOINT_BYTES / pageBytes)}`);
    migrateStore(this.db);
    this.inbox = new InboxStore(this.db);
    this.outbox = new OutboxStore(this.db);
    this.snapshots = new SnapshotStore(this.db, options.snapshotPolicy);
    this.tokens = new TokenStore(this.db);
  }

  get open(): boolean {
    return this.db.open;
  }

  /** Closes the file after writing the outbox's queued states (a restart would queue them again if this fails). */
  close(): void {
    if (!this.db.open) return;
    try {
      this.outbox.flush();
    } finally {
      this.db.close();
    }
  }

  /** Runs `work` in one transaction (several parts' writes commit together or not at all). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /**
   * Up to when (Unix ms) every PBX event is known to be in this store: a start recovers what the
   * PBX did after it, exactly as a reconnect gap (issue 11 item 1). Null: never known (a new store).
   * A store written before this mark existed falls back to its newest inbox event.
   */
  eventsCompleteThrough(): number | null {
    const saved = Number(this.tokens.getSetting(EVENTS_COMPLETE_THROUGH));
    return saved > 0 ? saved : this.inbox.lastReceivedAt();
  }

  markEventsCompleteThrough(ms: number): void {
    this.tokens.setSetting(EVENTS_COMPLETE_THROUGH, String(Math.round(ms)));
  }

  counts(): StoreCounts {
    return { ...this.outbox.counts(), inbox: this.inbox.count(), quarantined: this.inbox.quarantineCount() };
  }
}
