/**
 * Sends queued CallData__c states to Salesforce: due outbox entries go out in sObject
 * Collections upserts on CallId__c (≤200 per request, allOrNone false) with the owner and, on a
 * record's first write, the matched caller. Confirmed states leave the outbox; failures are
 * retried with backoff, pause the tenant (API allocation used up) or become dead letters.
 */
import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { CountryCode } from 'libphonenumber-js';
import type { CallDataRecord } from '../core/call-data.ts';
import type { DeliveryConfig } from '../config/adapter-config.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { OwnerDirectory } from '../salesforce/owner-directory.ts';
import type { OutboxEntry, TenantStore } from '../store/tenant-store.ts';
import { enrichRecords } from './enrich-records.ts';
import { withTimeout, type Clock, type TimerHandle } from './clock.ts';
import { backoffDelay, describeRecordFailure, describeRequestFailure } from './retry-policy.ts';

export interface CallDataSinkOptions {
  tenantId: string;
  store: TenantStore;
  connection: () => Promise<Connection>;
  owners: OwnerDirectory;
  defaultOwnerId: string;
  region: string;
  coalesceWindowMs: number;
  delivery: DeliveryConfig;
  clock: Clock;
  metrics: AdapterMetrics;
  logger: Logger;
  random?: () => number;
}

interface UpsertResult {
  success: boolean;
  errors?: { statusCode?: string; message?: string }[];
}

/** The writer of one tenant's outbox. */
export class CallDataSink {
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = false;
  private pausedUntil = 0;
  private limitStrikes = 0;
  private authStrikes = 0;
  lastWriteAt: number | null = null;
  /** The org's API usage from the last response's Sforce-Limit-Info header. */
  apiUsage: { used: number; limit: number } | null = null;
  lastProblem: string | null = null;

  constructor(private readonly options: CallDataSinkOptions) {}

  /** New entries were queued: (re)plan the next send. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.timer?.cancel();
    const due = this.options.store.outbox.nextDueAt();
    if (due === null) return;
    const at = Math.max(due, this.pausedUntil);
    this.timer = this.options.clock.setTimer(() => void this.run(), at - this.options.clock.now());
  }

  /** Sends everything that is due now; resolves when done (tests and the timer use it). */
  run(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.timer?.cancel();
    this.running = this.sendDue(false)
      .catch((error: unknown) => {
        // A store failure (disk full, closed at shutdown) must not crash the process: the
        // entries are still in the outbox and go out on the next run or the next start.
        this.options.logger.error({ tenant: this.options.tenantId, err: error }, 'sending the outbox failed');
      })
      .finally(() => {
        this.running = null;
        const again = this.rerun;
        this.rerun = false;
        if (this.stopped) return;
        if (again && this.options.store.outbox.nextDueAt() !== null && this.options.clock.now() >= this.pausedUntil) {
          void this.run();
        } else this.notify();
      });
    return this.running;
  }

  /** Shutdown: send every queued state now, ignoring coalescing windows (not retry pauses). */
  async flush(): Promise<void> {
    await this.running;
    this.timer?.cancel();
    await this.sendDue(true);
  }

  /** Ends a pause at once (the org was just connected, or an operator says so) and sends what is due. */
  resume(): void {
    this.pausedUntil = 0;
    this.authStrikes = 0;
    this.lastProblem = null;
    this.notify();
  }

  /** Resolves once no send is in progress (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private async sendDue(all: boolean): Promise<void> {
    const { store, clock, delivery } = this.options;
    const attempted = new Set<string>();
    for (;;) {
      if (clock.now() < this.pausedUntil) return;
      const candidates = all
        ? store.outbox.all(delivery.maxBatchSize * 4)
        : store.outbox.dueBy(clock.now(), delivery.maxBatchSize * 4);
      // Within one run an entry is tried once, so a failing record cannot spin the loop.
      const batch = candidates.filter((e) => !attempted.has(`${e.callId}#${e.seq}`)).slice(0, delivery.maxBatchSize);
      if (batch.length === 0) return;
      for (const e of batch) attempted.add(`${e.callId}#${e.seq}`);
      await this.sendBatch(batch);
    }
  }

  private async sendBatch(batch: OutboxEntry[]): Promise<void> {
    const { tenantId, metrics, clock, logger } = this.options;
    let conn: Connection | undefined;
    let records: CallDataRecord[];
    try {
      conn = await this.options.connection();
      records = await this.buildRecords(conn, batch);
    } catch (error) {
      // Not the records' fault (login refused, org unreachable): pause the tenant, keep them all.
      const failure = describeRequestFailure(error);
      if (failure.kind === 'limit') this.limitPause(conn);
      else this.pause(backoffDelay(this.authStrikes++, this.backoff(), this.options.random), failure.message);
      return;
    }
    this.authStrikes = 0;
    const startedAt = clock.now();
    let results: UpsertResult[];
    try {
      const upsert = conn.sobject('CallData__c').upsert(records, 'CallId__c', { allOrNone: false }) as Promise<
        UpsertResult[]
      >;
      results = await withTimeout(upsert, this.options.delivery.requestTimeoutMs, clock, 'CallData__c upsert');
      if (!Array.isArray(results) || results.length !== batch.length) throw new Error('unexpected upsert response');
      metrics.apiRequests.inc({ tenant: tenantId, kind: 'upsert', outcome: 'ok' });
    } catch (error) {
      metrics.apiRequests.inc({ tenant: tenantId, kind: 'upsert', outcome: 'error' });
      await this.requestFailed(batch, error, conn);
      return;
    }
    this.limitStrikes = 0;
    this.lastProblem = null;
    this.lastWriteAt = clock.now();
    this.noteUsage(conn);
    results.forEach((result, index) => {
      const entry = batch[index];
      if (entry) this.recordSettled(entry, result, startedAt);
    });
    logger.debug({ tenant: tenantId, records: batch.length, ms: clock.now() - startedAt }, 'CallData__c batch written');
  }

  private buildRecords(conn: Connection, batch: OutboxEntry[]): Promise<CallDataRecord[]> {
    const { tenantId, metrics, logger, owners, defaultOwnerId, region } = this.options;
    return enrichRecords(conn, batch, {
      owners,
      defaultOwnerId,
      region: region as CountryCode,
      onSearch: (outcome, error) => {
        metrics.apiRequests.inc({ tenant: tenantId, kind: 'search', outcome });
        if (error)
          logger.warn({ tenant: tenantId, err: error }, 'caller lookup failed; writing records without a match');
      }
    });
  }

  private recordSettled(entry: OutboxEntry, result: UpsertResult, startedAt: number): void {
    const { store, clock, tenantId, metrics, logger } = this.options;
    if (result.success) {
      store.outbox.confirmAll(
        [{ callId: entry.callId, seq: entry.seq, matchWritten: true }],
        clock.now(),
        clock.now() + this.options.coalesceWindowMs
      );
      metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'confirmed' });
      metrics.writeLatency.observe({ tenant: tenantId }, Math.max(0, clock.now() - entry.enqueuedAt) / 1000);
      return;
    }
    const failure = describeRecordFailure(result.errors ?? []);
    if (failure.kind === 'permanent') {
      store.outbox.deadLetter(entry, failure.message, clock.now());
      metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'dead_letter' });
      logger.error({ tenant: tenantId, callId: entry.callId, reason: failure.message }, 'record refused by Salesforce');
      return;
    }
    this.retryLater(entry, failure.message);
    logger.warn(
      { tenant: tenantId, callId: entry.callId, reason: failure.message, ms: clock.now() - startedAt },
      'record write will be retried'
    );
  }

  private async requestFailed(batch: OutboxEntry[], error: unknown, conn: Connection): Promise<void> {
    const { store, clock, tenantId, metrics, logger } = this.options;
    const failure = describeRequestFailure(error);
    if (failure.kind === 'limit') {
      this.limitPause(conn);
      return;
    }
    if (failure.kind === 'permanent' && batch.length > 1) {
      // The whole request was refused (malformed): send each record alone to find the culprit.
      for (const entry of batch) await this.sendBatch([entry]);
      return;
    }
    for (const entry of batch) {
      if (failure.kind === 'permanent') {
        store.outbox.deadLetter(entry, `${failure.code}: ${failure.message}`, clock.now());
        metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'dead_letter' });
      } else this.retryLater(entry, `${failure.code}: ${failure.message}`);
    }
    logger.warn(
      { tenant: tenantId, records: batch.length, code: failure.code, reason: failure.message },
      'CallData__c batch failed'
    );
  }

  private noteUsage(conn: Connection | undefined): void {
    const usage = conn?.limitInfo?.apiUsage;
    if (!usage) return;
    this.apiUsage = { used: usage.used, limit: usage.limit };
    this.options.metrics.apiUsage.set({ tenant: this.options.tenantId, measure: 'used' }, usage.used);
    this.options.metrics.apiUsage.set({ tenant: this.options.tenantId, measure: 'limit' }, usage.limit);
  }

  /** The org's daily API allocation is used up: every request would fail, so wait, doubling each time. */
  private limitPause(conn: Connection | undefined): void {
    this.noteUsage(conn);
    const usage = conn?.limitInfo?.apiUsage;
    const delay = Math.min(this.options.delivery.limitBackoffMs * 2 ** this.limitStrikes++, 3_600_000);
    this.pause(delay, `API request limit exceeded${usage ? ` (api-usage ${usage.used}/${usage.limit})` : ''}`);
  }

  private retryLater(entry: OutboxEntry, reason: string): void {
    const { store, clock, tenantId, metrics, delivery } = this.options;
    if (entry.attempts + 1 >= delivery.maxAttempts) {
      store.outbox.deadLetter(entry, `gave up after ${delivery.maxAttempts} attempts: ${reason}`, clock.now());
      metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'dead_letter' });
      return;
    }
    store.outbox.retryAll(
      [entry.callId],
      clock.now() + backoffDelay(entry.attempts, this.backoff(), this.options.random),
      reason
    );
    metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'retried' });
  }

  private pause(ms: number, reason: string): void {
    this.pausedUntil = this.options.clock.now() + ms;
    this.lastProblem = reason;
    this.options.logger.warn({ tenant: this.options.tenantId, pauseMs: ms, reason }, 'Salesforce writes paused');
  }

  private backoff() {
    return { baseMs: this.options.delivery.baseBackoffMs, maxMs: this.options.delivery.maxBackoffMs };
  }
}
