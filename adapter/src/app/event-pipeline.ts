/**
 * Raw PBX events → CallData__c states, durably: an accepted event is in the inbox before the
 * caller hears "accepted"; processing folds the inbox into the correlator in order and queues the
 * resulting states in the outbox. The correlator state is snapshotted at most once per
 * `snapshotEveryMs` together with the id of the last event it contains; those events then leave
 * the inbox. After a crash the snapshot is restored and the newer events replayed: the correlator
 * is deterministic and the outbox ignores states it already holds, so nothing is lost or doubled.
 *
 * Events that arrive in the same tick of the event loop are committed together (group commit: one
 * SQLite transaction for all of them) and only then acknowledged; the committed batch is folded
 * straight from memory, so the inbox is read back only after a restart or a rebuild. The inbox
 * holds each event as it was normalized (store/inbox-event.ts), not the frame it came in.
 *
 * An event whose processing throws (a poison event) never blocks the inbox: it goes to the
 * store's quarantine with the error, counted and logged; the correlator state it may have half
 * changed is rebuilt from the snapshot and the good events since; and processing goes on. A
 * restart skips the events already quarantined.
 */
import type { Logger } from 'pino';
import { normalizeEvent } from '../core/normalize-event.ts';
import {
  createCorrelatorState,
  expireCalls,
  knowsLeg,
  foldEvent,
  openInteractionIds,
  projectCalls,
  restoreCorrelatorState,
  streamShowed,
  type CorrelatorOptions,
  type CorrelatorState
} from '../core/correlate-call.ts';
import type { CallDataProjection } from '../core/call-data.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { KazooCallEvent } from '../core/kazoo-call-event.ts';
import type { InboxEntry, TenantStore } from '../store/tenant-store.ts';
import type { Clock } from '../delivery/clock.ts';
import { SnapshotChanges } from './snapshot-changes.ts';
import { decodeInboxEvent, encodeInboxEvent, isInboxEventForm } from '../store/inbox-event.ts';

export type Transport = 'websocket' | 'webhook' | 'recovery';

export interface EventPipelineOptions {
  tenantId: string;
  store: TenantStore;
  correlator: CorrelatorOptions;
  coalesceWindowMs: number;
  /** How long a record's first ringing state may wait for others to share its request. */
  ringingDelayMs?: number;
  clock: Clock;
  metrics: AdapterMetrics;
  logger: Logger;
  /** Called with each event as it is folded (live and replayed alike), before its projections are queued. */
  onEvent?: (event: KazooCallEvent, receivedAt: number) => void;
  /** Called after projections were committed to the outbox. */
  onQueued: (projections: readonly CallDataProjection[]) => void;
  snapshotEveryMs?: number;
  /** The fold of one event; tests replace it to make one event throw. */
  fold?: typeof foldEvent;
}

/** How long processing waits before trying again when the store itself failed (disk full, locked). */
const STORE_RETRY_MS = 1_000;

export interface IngestOutcome {
  accepted: boolean;
  reason?: string;
}

/** A validated event waiting for the next group commit. */
interface PendingEvent {
  transport: Transport;
  now: number;
  event: KazooCallEvent;
}

/** The outcome every event of one group commit shares, and how the commit tells it. */
interface GroupOutcome {
  promise: Promise<IngestOutcome>;
  settle: (outcome: IngestOutcome) => void;
}

function groupOutcome(): GroupOutcome {
  let settle: (outcome: IngestOutcome) => void = () => undefined;
  const promise = new Promise<IngestOutcome>((resolve) => (settle = resolve));
  return { promise, settle };
}

/** A committed event already normalized: what processing folds without reading the inbox back. */
interface CommittedEvent {
  id: number;
  receivedAt: number;
  event: KazooCallEvent;
}

const STORE_REFUSED = 'the adapter could not store the event';
const ACCEPTED: IngestOutcome = Object.freeze({ accepted: true });
const REFUSED: IngestOutcome = Object.freeze({ accepted: false, reason: STORE_REFUSED });

/** The inbox → correlator → outbox path of one tenant. */
export class EventPipeline {
  private state: CorrelatorState;
  private cursor: number;
  private snapshotCursor: number;
  private lastSnapshotAt: number;
  private dirty = false;
  private scheduled = false;
  private readonly loggedReasons = new Set<string>();
  /** Inbox ids after the snapshot cursor that are quarantined (processing and rebuilds skip them). */
  private readonly quarantined = new Set<number>();
  lastEventAt: number | null = null;
  /** Validated events of this tick, committed together at its end. */
  private pending: PendingEvent[] = [];
  /** What the callers of this tick's events wait for: one promise for all of them, not one each. */
  private pendingOutcome: GroupOutcome | null = null;
  /**
   * Events committed by this process and not folded yet, in inbox order. Only used while it is
   * known to mirror the inbox after the cursor exactly (`mirrored`); otherwise the inbox is read.
   */
  private committed: CommittedEvent[] = [];
  private mirrored = false;
  /** The inbox's `bytesWritten` at the last snapshot. */
  private inboxBytesAtSnapshot = 0;
  /** The live legs and calls changed since the last snapshot (only those are written). */
  private readonly changes: SnapshotChanges;
  /** The bytes of the rest of the state (all but its legs and calls) at the last snapshot. */
  private restBytes = 0;

  constructor(private readonly options: EventPipelineOptions) {
    const restore = (state: string, finishedCalls: Record<string, string>, chunks: string[]) =>
      restoreCorrelatorState(state, finishedCalls, chunks);
    const snapshot = options.store.snapshots.restore(restore, options.clock.now(), (reason) =>
      options.logger.error(
        { tenant: options.tenantId, reason },
        'correlator snapshot set aside (unreadable); starting from the events still in the inbox'
      )
    );
    this.state = snapshot.state ?? createCorrelatorState();
    const entries = options.store.snapshots.entries;
    this.changes = new SnapshotChanges((part, key) => entries.weigh(part, key));
    // A snapshot of an older layout kept its legs and calls elsewhere: the next save writes them as rows.
    this.changes.markUnstored(this.state, (part, key) => entries.has(part, key));
    this.cursor = snapshot.inboxCursor;
    // Nothing stored after the snapshot: every event to fold is one this process commits, so the
    // first batch too is folded as it was normalized, not read back and normalized again.
    this.mirrored = !options.store.inbox.hasAfter(this.cursor);
    this.snapshotCursor = this.cursor;
    this.lastSnapshotAt = options.clock.now();
    for (const event of options.store.inbox.quarantined(10_000))
      if (event.inboxId > this.cursor) this.quarantined.add(event.inboxId);
  }

  /** Call ids of the legs of calls still in progress (a routine check gives the others in full). */
  openLegIds(): string[] {
    return Object.keys(this.state.legs);
  }

  /** The interaction id of the call a leg belongs to now, or null (unknown leg, or no id yet). */
  interactionOfLeg(callId: string): string | null {
    const leg = this.state.legs[callId];
    return (leg && this.state.calls[leg.callKey]?.interactionId) ?? null;
  }

  /** Interaction ids of calls still in progress (gap reconciliation asks the PBX about them). */
  openInteractionIds(): string[] {
    return [...openInteractionIds(this.state)];
  }

  /**
   * Whether a recovered raw event is one the live stream never delivered (a lost frame, unless it
   * is still on the wire). Folds the inbox first, so events that did arrive are counted in.
   */
  missedByStream(raw: unknown): boolean {
    this.processInbox();
    const normalized = normalizeEvent(raw);
    return normalized.ok && !streamShowed(this.state, normalized.event);
  }

  /** Call ids of the given ones that no event processed so far names (folds the inbox first). */
  unknownLegs(callIds: Iterable<string>): Set<string> {
    this.processInbox();
    return new Set([...callIds].filter((callId) => !knowsLeg(this.state, callId)));
  }

  /** The leg and PBX time (Unix ms) of a raw event, or null when it is not a valid event. */
  peek(raw: unknown): { callId: string; timeMs: number } | null {
    const normalized = normalizeEvent(raw);
    return normalized.ok ? { callId: normalized.event.callId, timeMs: normalized.event.timeMs } : null;
  }

  /** Validates one raw event: the normalized event, or the reason it is refused (counted, logged once per reason). */
  private validate(
    raw: unknown,
    transport: Transport
  ): { ok: true; event: KazooCallEvent } | { ok: false; reason: string } {
    const { tenantId, metrics, logger } = this.options;
    const normalized = normalizeEvent(raw);
    if (normalized.ok) return normalized;
    metrics.eventsRejected.inc({
      tenant: tenantId,
      reason: normalized.reason.split(':')[0]?.slice(0, 60) ?? 'invalid'
    });
    if (!this.loggedReasons.has(normalized.reason) && this.loggedReasons.size < 100) {
      this.loggedReasons.add(normalized.reason);
      logger.warn({ tenant: tenantId, reason: normalized.reason, transport }, 'PBX event rejected');
    }
    return normalized;
  }

  /**
   * Validates and durably stores one raw event right now (its own commit), then schedules
   * processing. A malformed event is refused with the reason and never stored. Throws when the
   * store refuses the write. {@link submit} is the cheaper way for a stream of events.
   */
  accept(raw: unknown, transport: Transport): IngestOutcome {
    const validated = this.validate(raw, transport);
    if (!validated.ok) return { accepted: false, reason: validated.reason };
    this.commitPending();
    this.commit([{ transport, now: this.options.clock.now(), event: validated.event }]);
    this.schedule();
    return ACCEPTED;
  }

  /**
   * Validates one raw event and stores it with every other event of this tick in one commit.
   * Resolves once the event is committed (accepted: it survives a crash from then on) or refused:
   * malformed (with the reason) or because the store could not write it.
   */
  submit(raw: unknown, transport: Transport): Promise<IngestOutcome> {
    const validated = this.validate(raw, transport);
    if (!validated.ok) return Promise.resolve({ accepted: false, reason: validated.reason });
    this.pending.push({ transport, now: this.options.clock.now(), event: validated.event });
    this.pendingOutcome ??= groupOutcome();
    this.schedule();
    return this.pendingOutcome.promise;
  }

  /** Commits the events submitted since the last commit and tells their callers. */
  private commitPending(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const outcome = this.pendingOutcome;
    this.pending = [];
    this.pendingOutcome = null;
    try {
      this.commit(batch);
    } catch (error) {
      this.options.logger.error({ tenant: this.options.tenantId, err: error }, 'could not store PBX events');
      outcome?.settle(REFUSED);
      return;
    }
    outcome?.settle(ACCEPTED);
  }

  /** One transaction for the batch; its events are then folded from memory. */
  private commit(batch: readonly PendingEvent[]): void {
    const { store, metrics, tenantId } = this.options;
    const ids = store.inbox.appendMany(
      batch.map((item) => ({ text: encodeInboxEvent(item.event), transport: item.transport, now: item.now }))
    );
    // Counted once per transport and batch: a labelled increment per event costs more than the count.
    const perTransport = new Map<Transport, number>();
    batch.forEach((item, index) => {
      perTransport.set(item.transport, (perTransport.get(item.transport) ?? 0) + 1);
      this.committed.push({ id: ids[index] as number, receivedAt: item.now, event: item.event });
    });
    for (const [transport, count] of perTransport) metrics.eventsIn.inc({ tenant: tenantId, transport }, count);
    this.lastEventAt = batch.at(-1)?.now ?? this.lastEventAt;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Events that arrive in the same tick are processed, committed and sent together.
    setImmediate(() => {
      this.scheduled = false;
      this.commitPending();
      this.processSafely();
    });
  }

  /**
   * Processing from a timer: a store failure (disk full, locked) is logged and handled like a
   * restart — the state goes back to the last snapshot, whose later events are still in the inbox
   * — and retried later, never an uncaught exception.
   */
  private processSafely(): void {
    try {
      this.processInbox();
    } catch (error) {
      const { tenantId, logger, clock } = this.options;
      logger.error({ tenant: tenantId, err: error }, 'processing the inbox failed; retrying from the last snapshot');
      try {
        this.rebuild(this.snapshotCursor);
      } catch (reload) {
        logger.error({ tenant: tenantId, err: reload }, 'reading the last snapshot failed');
      }
      clock.setTimer(() => this.schedule(), STORE_RETRY_MS);
    }
  }

  /**
   * Folds every stored event into the correlator and queues the resulting states. The events of
   * a batch are folded first and each call they named is projected once after them: its records
   * read as after the last of its events, and a ring group's simultaneous legs cost one
   * projection, not one per leg (the pipeline bench: 17,911 projections of calls instead of
   * 30,851). When an event of the batch throws, the batch is folded again one event at a time
   * (see {@link foldOneByOne}), so the poison event is found and what came before it still goes out.
   */
  processInbox(): number {
    this.commitPending();
    let total = 0;
    for (;;) {
      const entries = this.nextEntries();
      if (entries.length === 0) break;
      this.queue(this.foldBatch(entries));
      this.cursor = Math.max(this.cursor, entries[entries.length - 1]?.id ?? this.cursor);
      total += entries.length;
    }
    this.snapshotIfDue(false);
    return total;
  }

  /** The records a batch of events changed, each call projected once after all of them. */
  private foldBatch(entries: readonly CommittedEvent[]): CallDataProjection[] {
    const calls = new Set<string>();
    let projections: CallDataProjection[];
    try {
      for (const entry of entries) {
        if (this.quarantined.has(entry.id)) continue;
        for (const key of this.fold(entry)) calls.add(key);
      }
      projections = projectCalls(this.state, calls, this.options.correlator);
    } catch {
      return this.foldOneByOne(entries);
    }
    this.logStates(projections);
    return projections;
  }

  /**
   * The batch again from the state before it, each event projected as it is folded: a poison
   * event goes to the quarantine, and the records before it are queued first, exactly as if it
   * had not arrived.
   */
  private foldOneByOne(entries: readonly CommittedEvent[]): CallDataProjection[] {
    this.rebuild((entries[0]?.id ?? 1) - 1);
    let projections: CallDataProjection[] = [];
    for (const entry of entries) {
      if (this.quarantined.has(entry.id)) continue;
      try {
        projections.push(...this.foldAndProject(entry));
      } catch (error) {
        this.queue(projections);
        projections = [];
        this.setAside(entry, error);
      }
    }
    this.logStates(projections);
    return projections;
  }

  private logStates(projections: readonly CallDataProjection[]): void {
    const { logger } = this.options;
    if (logger.isLevelEnabled('debug'))
      for (const p of projections)
        logger.debug({ callId: p.CallId__c, status: p.Status__c, seq: p.LastEventSeq__c }, 'record state');
  }

  /**
   * The next events after the cursor: from memory while it mirrors the inbox, else read back
   * (after a start or a rebuild). Once a read finds nothing more, every later event is one this
   * process commits, so memory mirrors the inbox again.
   */
  private nextEntries(): CommittedEvent[] {
    if (this.mirrored) {
      const entries = this.committed.filter((entry) => entry.id > this.cursor);
      this.committed = [];
      return entries;
    }
    const stored = this.options.store.inbox.after(this.cursor, 500);
    if (stored.length === 0) {
      this.mirrored = true;
      return this.nextEntries();
    }
    const last = stored[stored.length - 1]?.id ?? 0;
    this.committed = this.committed.filter((entry) => entry.id > last);
    return stored.flatMap((entry) => {
      const event = this.readStored(entry);
      return event ? [{ id: entry.id, receivedAt: entry.receivedAt, event }] : [];
    });
  }

  /**
   * The event an inbox row holds: its stored form, or, in a store written before that form, the
   * Kazoo frame normalized again. Null (logged, and the row skipped) when this version cannot
   * read it: a form a later version wrote, after a downgrade.
   */
  private readStored(entry: InboxEntry): KazooCallEvent | null {
    let event: KazooCallEvent | null;
    if (isInboxEventForm(entry.raw)) event = decodeInboxEvent(entry.raw);
    else {
      const normalized = normalizeEvent(entry.raw);
      event = normalized.ok ? normalized.event : null;
    }
    if (!event)
      this.options.logger.error(
        { tenant: this.options.tenantId, inboxId: entry.id },
        'stored PBX event unreadable by this version; skipped'
      );
    return event;
  }

  /** Folds one committed event into the correlator state and returns the calls it may have changed. */
  private fold(entry: CommittedEvent): string[] {
    const { tenantId, metrics } = this.options;
    const fold = this.options.fold ?? foldEvent;
    this.options.onEvent?.(entry.event, entry.receivedAt);
    this.changes.beforeFold(this.state, entry.event);
    const result = fold(this.state, entry.event, entry.receivedAt);
    this.state = result.state;
    this.changes.afterFold(this.state, entry.event);
    if (result.duplicate) metrics.duplicates.inc({ tenant: tenantId });
    return result.calls;
  }

  /** Folds one committed event and returns the records it changed. */
  private foldAndProject(entry: CommittedEvent): CallDataProjection[] {
    return projectCalls(this.state, this.fold(entry), this.options.correlator);
  }

  /** A stored event read back from the inbox (it was valid when it was accepted). */
  private foldStored(entry: InboxEntry): void {
    const event = this.readStored(entry);
    if (event) this.foldAndProject({ id: entry.id, receivedAt: entry.receivedAt, event });
  }

  /**
   * Moves a poison event to the quarantine, then rebuilds the correlator state it may have half
   * changed (the correlator updates in place) from the events before it.
   */
  private setAside(entry: CommittedEvent, error: unknown): void {
    const { store, tenantId, logger, clock } = this.options;
    store.inbox.quarantine(entry.id, error, clock.now());
    this.quarantined.add(entry.id);
    logger.error(
      { tenant: tenantId, inboxId: entry.id, err: error },
      'PBX event quarantined: processing it failed (see cti-adapter outbox)'
    );
    this.rebuild(entry.id - 1);
  }

  /**
   * The state as it was after inbox event `through`: the last snapshot plus the good events after
   * it, folded again (their records were already queued, so they are not queued twice).
   */
  private rebuild(through: number): void {
    const { store, tenantId, logger } = this.options;
    const saved = store.snapshots.latest();
    this.state = saved
      ? restoreCorrelatorState(saved.state, saved.finishedCalls, saved.chunks)
      : createCorrelatorState();
    for (const earlier of store.inbox.after(this.snapshotCursor, Number.MAX_SAFE_INTEGER)) {
      if (earlier.id > through) break;
      if (this.quarantined.has(earlier.id)) continue;
      try {
        this.foldStored(earlier);
      } catch (again) {
        // It folded once without error, so this is unexpected; it must not stop the rebuild.
        logger.error({ tenant: tenantId, inboxId: earlier.id, err: again }, 'event failed again while rebuilding');
      }
    }
    this.cursor = through;
    this.dirty = true;
    // Events after `through` may be in memory or only in the inbox: read them back from there.
    this.mirrored = false;
  }

  /** Ends calls whose grace period has passed (their final states go out). */
  expire(): void {
    const result = expireCalls(this.state, this.options.clock.now(), this.options.correlator);
    this.state = result.state;
    if (result.projections.length > 0) this.queue(result.projections);
    this.snapshotIfDue(false);
  }

  /** Saves the correlator state now if anything changed (shutdown) or when one is due. */
  snapshotIfDue(force: boolean): void {
    const { store, clock } = this.options;
    if (!this.dirty && this.cursor === this.snapshotCursor) return;
    if (!force && clock.now() - this.lastSnapshotAt < (this.options.snapshotEveryMs ?? 1_000)) return;
    // A big save waits longer (its interval grows with what it would write).
    // Entries marked but gone since (a call that ended) are not written: never weigh more than all of them.
    const expected = this.restBytes + Math.min(this.changes.bytes, store.snapshots.entries.totalBytes());
    const inboxBytesSince = store.inbox.bytesWritten - this.inboxBytesAtSnapshot;
    if (!force && !store.snapshots.isDue(clock.now(), inboxBytesSince, expected)) return;
    // Finished calls are saved apart, each once; of the live legs and calls only those that changed.
    const rest = JSON.stringify({ ...this.state, legs: {}, calls: {}, finished: {} });
    const keyed = this.changes.parts(this.state);
    // The states of the events this snapshot covers must be stored before those events leave the inbox.
    store.outbox.flush();
    store.snapshots.save(rest, this.cursor, clock.now(), { finishedCalls: this.state.finished, keyed });
    this.changes.saved(this.state);
    this.restBytes = rest.length;
    this.inboxBytesAtSnapshot = store.inbox.bytesWritten;
    this.snapshotCursor = this.cursor;
    this.lastSnapshotAt = clock.now();
    this.dirty = false;
    for (const id of this.quarantined) if (id <= this.cursor) this.quarantined.delete(id);
  }

  private queue(projections: CallDataProjection[]): void {
    const { store, clock, coalesceWindowMs, ringingDelayMs, metrics, tenantId } = this.options;
    this.dirty = true;
    if (projections.length === 0) return;
    store.outbox.enqueueAll(projections, clock.now(), { coalesceWindowMs, ringingDelayMs });
    metrics.projections.inc({ tenant: tenantId }, projections.length);
    this.options.onQueued(projections);
  }
}
