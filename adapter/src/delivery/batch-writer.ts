/**
 * Writes one batch of outbox entries in one sObject Collections upsert on CallId__c (≤200
 * records, allOrNone false) and settles every entry in one store transaction: confirmed states
 * leave the outbox; a record Salesforce refuses for its content becomes a dead letter; anything
 * retrying can fix (5xx, timeout, network, REQUEST_LIMIT_EXCEEDED, row lock, session) stays queued
 * and is reported to the circuit breaker, never turned into a dead letter.
 */
import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { DeliveryConfig } from '../config/adapter-config.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { OwnerDirectory } from '../salesforce/owner-directory.ts';
import { UNPACKAGED, type PackageNames } from '../salesforce/package-names.ts';
import type { Confirmation, OutboxEntry, StoredCallerMatch, TenantStore } from '../store/tenant-store.ts';
import type { CallerMatches } from './caller-matches.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { withTimeout, type Clock } from './clock.ts';
import { buildRecord, numberToMatch, wantsCallerMatch } from './enrich-records.ts';
import { backoffDelay, describeRecordFailure, describeRequestFailure } from './retry-policy.ts';

export interface BatchWriterOptions {
  tenantId: string;
  store: TenantStore;
  connection: () => Promise<Connection>;
  owners: OwnerDirectory;
  matches: CallerMatches;
  breaker: CircuitBreaker;
  defaultOwnerId: string;
  coalesceWindowMs: number;
  delivery: DeliveryConfig;
  clock: Clock;
  metrics: AdapterMetrics;
  logger: Logger;
  random?: () => number;
  /** The org's names for CallData__c and its fields (namespaced in a managed install). */
  names?: PackageNames;
}

interface UpsertResult {
  success: boolean;
  errors?: { statusCode?: string; message?: string }[];
}

/** What a finished batch tells the scheduler. */
export interface BatchOutcome {
  ok: boolean;
  problem: string | null;
}

export class BatchWriter {
  private limitStrikes = 0;
  private upsertMs = 0;
  lastWriteAt: number | null = null;
  apiUsage: { used: number; limit: number } | null = null;

  constructor(private readonly options: BatchWriterOptions) {}

  /** Sends `batch` (a probe sends one record and searches nothing) and settles every entry. */
  async write(batch: readonly OutboxEntry[], probe: boolean): Promise<BatchOutcome> {
    const { tenantId, metrics, clock, logger, breaker } = this.options;
    let conn: Connection;
    let records: ReturnType<typeof buildRecord>[];
    let matchWritten: boolean[];
    try {
      conn = await this.options.connection();
      ({ records, matchWritten } = await this.enrich(batch, probe));
    } catch (error) {
      // Not the records' fault (login refused, org unreachable): keep them all, tell the breaker.
      return this.requestFailed(batch, error, undefined);
    }
    const startedAt = clock.now();
    let results: UpsertResult[];
    try {
      const names = this.options.names ?? UNPACKAGED;
      const upsert = conn.sobject(names.name('CallData__c')).upsert(
        records.map((r) => names.toOrg(r)),
        names.name('CallId__c'),
        { allOrNone: false }
      ) as Promise<UpsertResult[]>;
      results = await withTimeout(upsert, this.options.delivery.requestTimeoutMs, clock, 'CallData__c upsert');
      if (!Array.isArray(results) || results.length !== batch.length) throw new Error('unexpected upsert response');
      metrics.apiRequests.inc({ tenant: tenantId, kind: 'upsert', outcome: 'ok' });
    } catch (error) {
      metrics.apiRequests.inc({ tenant: tenantId, kind: 'upsert', outcome: 'error' });
      return this.requestFailed(batch, error, conn);
    }
    this.upsertMs = clock.now() - startedAt;
    breaker.succeeded();
    this.limitStrikes = 0;
    this.lastWriteAt = clock.now();
    this.noteUsage(conn);
    this.settle(batch, results, matchWritten);
    logger.debug({ tenant: tenantId, records: batch.length, ms: this.upsertMs }, 'CallData__c batch written');
    return { ok: true, problem: null };
  }

  /** Owners from the cache; caller matches stored, cached, or searched when the budget allows. */
  private async enrich(batch: readonly OutboxEntry[], probe: boolean) {
    const { owners, matches, defaultOwnerId, clock, store } = this.options;
    const pbxUsers = [...new Set(batch.map((e) => e.record.PbxUserId__c).filter((id): id is string => !!id))];
    const ownerIds = await owners.cachedUserIdsFor(pbxUsers);
    const unknown = [...new Set(batch.map(numberToMatch).filter((n): n is string => !!n))].filter(
      (n) => matches.cached(n) === undefined
    );
    if (unknown.length > 0 && !probe) {
      const search = matches.request(unknown);
      const wait = this.searchWaitMs(batch);
      if (wait > 0) await Promise.race([search, new Promise<void>((r) => clock.setTimer(r, wait))]);
    }
    const found: { callId: string; match: StoredCallerMatch }[] = [];
    const matchWritten: boolean[] = [];
    const records = batch.map((entry) => {
      const number = numberToMatch(entry);
      const match = entry.callerMatch ?? (number ? matches.cached(number) : undefined) ?? null;
      if (number && match) found.push({ callId: entry.callId, match });
      matchWritten.push(!wantsCallerMatch(entry) || match !== null);
      const pbxUser = entry.record.PbxUserId__c;
      return buildRecord(entry, (pbxUser && ownerIds.get(pbxUser)) || defaultOwnerId, match);
    });
    // Kept with the record: a retry or a later state never searches for it again.
    if (found.length > 0) store.outbox.saveMatches(found);
    return { records, matchWritten };
  }

  /**
   * How long this batch may wait for its caller search: a batch with a first ringing state
   * waits only if search and upsert still fit in the ringing budget (else the match follows in
   * the next write); any other batch waits up to the request timeout.
   */
  private searchWaitMs(batch: readonly OutboxEntry[]): number {
    const { delivery, clock, matches } = this.options;
    const ringing = batch.filter((e) => e.firstWrite && e.record.Status__c === 'Ringing');
    if (ringing.length === 0) return delivery.requestTimeoutMs;
    const deadline = Math.min(...ringing.map((e) => e.enqueuedAt)) + delivery.ringingBudgetMs;
    const left = deadline - clock.now() - this.upsertMs;
    return matches.expectedSearchMs < left ? left : 0;
  }

  private settle(batch: readonly OutboxEntry[], results: UpsertResult[], matchWritten: boolean[]): void {
    const { store, clock, tenantId, metrics, logger, coalesceWindowMs } = this.options;
    const confirmed: Confirmation[] = [];
    const retry: { entry: OutboxEntry; reason: string }[] = [];
    results.forEach((result, index) => {
      const entry = batch[index];
      if (!entry) return;
      if (result.success) {
        confirmed.push({
          callId: entry.callId,
          seq: entry.seq,
          matchWritten: matchWritten[index] ?? false
        });
        metrics.writeLatency.observe({ tenant: tenantId }, Math.max(0, clock.now() - entry.enqueuedAt) / 1000);
        return;
      }
      const failure = describeRecordFailure(result.errors ?? []);
      if (failure.kind === 'permanent') {
        store.outbox.deadLetter(entry, failure.message, clock.now());
        metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'dead_letter' });
        logger.error(
          { tenant: tenantId, callId: entry.callId, reason: failure.message },
          'record refused by Salesforce'
        );
      } else retry.push({ entry, reason: failure.message });
    });
    store.outbox.confirmAll(confirmed, clock.now(), clock.now() + coalesceWindowMs);
    metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'confirmed' }, confirmed.length);
    for (const { entry, reason } of retry) {
      // A row lock or platform hiccup on one record: that record backs off, the rest go on.
      const delay = backoffDelay(entry.attempts, this.backoff(), this.options.random);
      store.outbox.retryAll([entry.callId], clock.now() + delay, reason);
      metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'retried' });
      logger.warn({ tenant: tenantId, callId: entry.callId, reason }, 'record write will be retried');
    }
  }

  private async requestFailed(
    batch: readonly OutboxEntry[],
    error: unknown,
    conn: Connection | undefined
  ): Promise<BatchOutcome> {
    const { store, clock, tenantId, metrics, logger, breaker, delivery } = this.options;
    const failure = describeRequestFailure(error);
    const reason = `${failure.code}: ${failure.message}`;
    if (failure.kind === 'permanent' && conn) {
      // The request itself was refused (malformed): send each record alone to find the culprit.
      if (batch.length > 1) {
        for (const entry of batch) await this.write([entry], true);
        return { ok: true, problem: null };
      }
      const [entry] = batch;
      if (entry) store.outbox.deadLetter(entry, reason, clock.now());
      metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'dead_letter' }, batch.length);
      return { ok: true, problem: null };
    }
    // Retryable: the records stay due; the breaker decides when the next request may go.
    store.outbox.retryAll(
      batch.map((e) => e.callId),
      clock.now(),
      reason
    );
    metrics.recordsWritten.inc({ tenant: tenantId, outcome: 'retried' }, batch.length);
    if (failure.kind === 'limit') {
      this.noteUsage(conn);
      const usage = conn?.limitInfo?.apiUsage;
      breaker.open(clock.now(), Math.min(delivery.limitBackoffMs * 2 ** this.limitStrikes++, 3_600_000));
      const detail = `API request limit exceeded${usage ? ` (api-usage ${usage.used}/${usage.limit})` : ''}`;
      logger.warn({ tenant: tenantId, reopensAt: breaker.reopensAt }, detail);
      return { ok: false, problem: detail };
    }
    breaker.failed(clock.now());
    logger.warn(
      { tenant: tenantId, records: batch.length, code: failure.code, breaker: breaker.state },
      failure.message
    );
    return { ok: false, problem: reason };
  }

  private noteUsage(conn: Connection | undefined): void {
    const usage = conn?.limitInfo?.apiUsage;
    if (!usage) return;
    this.apiUsage = { used: usage.used, limit: usage.limit };
    this.options.metrics.apiUsage.set({ tenant: this.options.tenantId, measure: 'used' }, usage.used);
    this.options.metrics.apiUsage.set({ tenant: this.options.tenantId, measure: 'limit' }, usage.limit);
  }

  private backoff() {
    return { baseMs: this.options.delivery.baseBackoffMs, maxMs: this.options.delivery.maxBackoffMs };
  }
}
