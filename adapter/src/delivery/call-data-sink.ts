/**
 * Sends queued CallData__c states to Salesforce, one request per window rather than per record.
 * Requests are single-flight per tenant: while one is in flight, new states join the next one.
 * Two exceptions run concurrently (never with overlapping records): a record's first ringing
 * state, which waits at most the ringing delay so calls ringing together share a request but
 * never queues behind a slow one; and a backlog of more than one full batch, which drains in
 * parallel. A per-tenant circuit breaker stops requests to an org that keeps failing and probes
 * it with one small request; on success the whole backlog is due at once. Outside a backlog, request
 * starts are at least `requestSpacingMs` apart: at 20 calls/s ringing states arrive ~50 ms apart, and
 * a request each would cost ~1.8 requests per 250 ms window instead of one (issue 10's burst bench).
 * A ringing state is spaced only behind the last request that carried one: a request of later states
 * (which have their whole coalescing window to wait) never adds the spacing to a screen pop.
 */
import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { CountryCode } from 'libphonenumber-js';
import type { DeliveryConfig } from '../config/adapter-config.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { OwnerDirectory } from '../salesforce/owner-directory.ts';
import { matchCallers } from '../salesforce/caller-matcher.ts';
import type { OutboxEntry, TenantStore } from '../store/tenant-store.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { CallerMatches } from './caller-matches.ts';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.ts';
import { BatchWriter } from './batch-writer.ts';
import type { PackageNames } from '../salesforce/package-names.ts';

export interface CallDataSinkOptions {
  tenantId: string;
  store: TenantStore;
  connection: () => Promise<Connection>;
  owners: OwnerDirectory;
  defaultOwnerId: string;
  region: string;
  coalesceWindowMs: number;
  /** The least time between two request starts outside a backlog (0: none); see the tenant setting. */
  requestSpacingMs?: number;
  delivery: DeliveryConfig;
  clock: Clock;
  metrics: AdapterMetrics;
  logger: Logger;
  random?: () => number;
  /** The org's names for CallData__c and its fields (namespaced in a managed install). */
  names?: PackageNames;
}

/** The writer of one tenant's outbox. */
export class CallDataSink {
  private timer: TimerHandle | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly flights = new Set<Promise<void>>();
  private readonly inFlight = new Set<string>();
  /** Records whose first ringing state is queued: they may go concurrently with a request in flight. */
  private readonly ringing = new Set<string>();
  private backlog = false;
  private stopped = false;
  /** When the last request started from the timer: the next waits `requestSpacingMs` after it. */
  private lastStartAt = Number.NEGATIVE_INFINITY;
  /** When the last request with a first ringing state started: a ringing state is spaced only behind those. */
  private lastRingingStartAt = Number.NEGATIVE_INFINITY;
  private readonly breaker: CircuitBreaker;
  private readonly writer: BatchWriter;
  readonly matches: CallerMatches;
  lastProblem: string | null = null;

  constructor(private readonly options: CallDataSinkOptions) {
    const { delivery, clock, metrics, tenantId, logger } = options;
    this.breaker = new CircuitBreaker({
      failureThreshold: delivery.breakerFailureThreshold,
      openMs: delivery.breakerOpenMs,
      maxOpenMs: delivery.breakerMaxOpenMs
    });
    this.matches = new CallerMatches({
      clock,
      ttlMs: delivery.callerMatchTtlMs,
      search: async (numbers) => matchCallers(await options.connection(), numbers, options.region as CountryCode),
      onSearch: (outcome, error) => {
        metrics.apiRequests.inc({ tenant: tenantId, kind: 'search', outcome });
        if (error)
          logger.warn({ tenant: tenantId, err: error }, 'caller lookup failed; writing records without a match');
      }
    });
    this.writer = new BatchWriter({ ...options, matches: this.matches, breaker: this.breaker });
  }

  get lastWriteAt(): number | null {
    return this.writer.lastWriteAt;
  }

  /** The org's API usage from the last response's Sforce-Limit-Info header. */
  get apiUsage(): { used: number; limit: number } | null {
    return this.writer.apiUsage;
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** New states were queued: (re)plan the next request. Ringing states may go concurrently. */
  notify(projections: readonly { CallId__c: string; Status__c: string }[] = []): void {
    for (const p of projections) if (p.Status__c === 'Ringing') this.ringing.add(p.CallId__c);
    this.plan();
  }

  /** Sends everything that is due now and waits for it (tests and operators use it). */
  async run(): Promise<void> {
    await this.sendUntilNothingLeft(false);
    this.plan();
  }

  /** Shutdown: send every queued state now, ignoring coalescing windows (not an open breaker). */
  async flush(): Promise<void> {
    await this.sendUntilNothingLeft(true);
  }

  /** Sends batch after batch (each entry tried once) until nothing is left to pick. */
  private async sendUntilNothingLeft(all: boolean): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      await this.idle();
      const batch = this.pick(all, tried);
      if (batch.entries.length === 0) return;
      this.launch(batch.entries, batch.probe);
    }
  }

  /** Ends a pause at once (the org was just connected, or an operator says so) and sends what is due. */
  resume(): void {
    this.breaker.reset();
    this.lastProblem = null;
    this.plan();
  }

  /** Resolves once no request is in flight. */
  async idle(): Promise<void> {
    while (this.flights.size > 0) await Promise.all([...this.flights]);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Sets a timer for the earliest moment a request may start, or starts it now. */
  private plan(): void {
    if (this.stopped) return;
    const { clock, store, delivery } = this.options;
    const reopensAt = this.breaker.reopensAt;
    if (reopensAt !== null && (this.breaker.state === 'half-open' || clock.now() < reopensAt)) {
      // Open: nothing goes until the probe time (a probe in flight re-plans when it answers).
      if (this.breaker.state === 'open') this.arm(reopensAt);
      return;
    }
    if (this.flights.size >= delivery.maxConcurrentRequests) return;
    const next = store.outbox.earliest(this.inFlight.size + 1).find((e) => !this.inFlight.has(e.callId));
    if (!next) return;
    const ringing = this.ringingWaiting();
    if (this.flights.size > 0 && !this.backlog && !ringing) return;
    this.arm(Math.max(next.dueAt, this.spacedStart(ringing)));
  }

  /** Whether a first ringing state is queued and not in flight. */
  private ringingWaiting(): boolean {
    for (const id of this.ringing) if (!this.inFlight.has(id)) return true;
    return false;
  }

  /**
   * The earliest start the spacing allows: now during a backlog; for a ringing state,
   * `requestSpacingMs` after the last request that carried one (it never waits behind a request
   * of later states, which would add up to the whole spacing to its pop); else after the last start.
   */
  private spacedStart(ringing: boolean): number {
    if (this.backlog) return Number.NEGATIVE_INFINITY;
    return (ringing ? this.lastRingingStartAt : this.lastStartAt) + (this.options.requestSpacingMs ?? 0);
  }

  private arm(at: number): void {
    const { clock } = this.options;
    if (this.timer && this.timerAt <= at) return;
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = clock.setTimer(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.fire();
    }, at - clock.now());
  }

  private fire(): void {
    if (this.stopped) return;
    try {
      const { clock } = this.options;
      const ringing = this.ringingWaiting();
      if (clock.now() < this.spacedStart(ringing)) {
        this.arm(this.spacedStart(ringing));
        return;
      }
      const batch = this.pick(false, new Set());
      if (batch.entries.length > 0) {
        this.lastStartAt = clock.now();
        if (batch.entries.some((e) => this.ringing.has(e.callId))) this.lastRingingStartAt = clock.now();
        this.launch(batch.entries, batch.probe);
      } else this.plan();
    } catch (error) {
      // A store failure (disk full, closed at shutdown) must not crash the process: the entries
      // are still in the outbox and go out on the next run or the next start.
      this.options.logger.error({ tenant: this.options.tenantId, err: error }, 'reading the outbox failed');
    }
  }

  /**
   * The next batch: every queued state not in flight that is due now or within the coalescing
   * window (it would otherwise need a request of its own moments later), at most one batch.
   */
  private pick(all: boolean, tried: Set<string>): { entries: OutboxEntry[]; probe: boolean } {
    const { store, clock, delivery, coalesceWindowMs } = this.options;
    const admit = this.breaker.admit(clock.now());
    if (admit === 'none') return { entries: [], probe: false };
    const size = admit === 'probe' ? 1 : delivery.maxBatchSize;
    // One row more than a batch: whether more than one batch is waiting (a backlog) is then known.
    const limit = size + this.inFlight.size + tried.size + 1;
    const rows = all ? store.outbox.all(limit) : store.outbox.dueBy(clock.now() + coalesceWindowMs, limit);
    if (!all && !rows.some((e) => e.dueAt <= clock.now() && !this.inFlight.has(e.callId))) {
      if (admit === 'probe') this.breaker.releaseProbe();
      return { entries: [], probe: false };
    }
    const free = rows.filter((e) => !this.inFlight.has(e.callId) && !tried.has(`${e.callId}#${e.seq}`));
    const entries = free.slice(0, size);
    if (admit === 'probe' && entries.length === 0) this.breaker.releaseProbe();
    for (const e of entries) tried.add(`${e.callId}#${e.seq}`);
    this.backlog = admit === 'full' && free.length > size;
    return { entries, probe: admit === 'probe' };
  }

  private launch(entries: OutboxEntry[], probe: boolean): void {
    for (const e of entries) {
      this.inFlight.add(e.callId);
      this.ringing.delete(e.callId);
    }
    const flight = this.writer
      .write(entries, probe)
      .then((outcome) => {
        this.lastProblem = outcome.problem;
      })
      .catch((error: unknown) => {
        this.options.logger.error({ tenant: this.options.tenantId, err: error }, 'sending the outbox failed');
      })
      .finally(() => {
        for (const e of entries) this.inFlight.delete(e.callId);
        this.flights.delete(flight);
        this.plan();
      });
    this.flights.add(flight);
    // More may start at once: ringing states, or a backlog beyond this batch.
    this.plan();
  }
}
