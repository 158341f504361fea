/**
 * Everything one tenant runs: the PBX event stream, the durable event pipeline, the Salesforce
 * sink, gap reconciliation, and the timers that expire finished calls and refresh the owner
 * mapping. It is the `TenantRuntime` the HTTP server talks to.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { TenantConfig, DeliveryConfig } from '../config/adapter-config.ts';
import type { EventGap, EventStream, PbxProvider } from '../pbx/pbx-provider.ts';
import type { IngestResult, TenantHealth, TenantRuntime } from '../http/http-deps.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { SalesforceSession } from '../salesforce/salesforce-session.ts';
import type { OwnerDirectory } from '../salesforce/owner-directory.ts';
import type { TenantStore } from '../store/tenant-store.ts';
import type { CallDataSink } from '../delivery/call-data-sink.ts';
import type { Clock, TimerHandle } from '../delivery/clock.ts';
import type { EventPipeline, Transport } from './event-pipeline.ts';
import type { CountryCode } from 'libphonenumber-js';
import type { CallDataProjection } from '../core/call-data.ts';
import type { KazooCallEvent } from '../core/kazoo-call-event.ts';
import { dialingCallId, dialingPreview } from '../core/dialing-preview.ts';
import type { RingRecord } from '../http/ring-channel.ts';
import { DialingLegs } from './dialing-legs.ts';
import { RecordingWatcher } from '../delivery/recording-watcher.ts';
import { GapRecovery } from './gap-recovery.ts';
import { FrameLossRecovery } from './frame-loss-recovery.ts';
import { StreamHealth, type TenantReadiness } from './stream-health.ts';

export interface TenantParts {
  config: TenantConfig;
  delivery: DeliveryConfig;
  provider: PbxProvider;
  store: TenantStore;
  session: SalesforceSession;
  owners: OwnerDirectory;
  sink: CallDataSink;
  pipeline: EventPipeline;
  clock: Clock;
  metrics: AdapterMetrics;
  logger: Logger;
  /** The softphones' ringing channel: each state goes to its owner's socket before the org write. */
  ring?: RingPublisher;
}

/** What the tenant needs of the ringing channel (http/ring-channel.ts). */
export interface RingPublisher {
  hasListeners(tenantId: string): boolean;
  push(tenantId: string, records: readonly RingRecord[]): void;
}

/** A dialing preview is pushed only for an event this fresh: one replayed after a restart was dialled long ago. */
const PREVIEW_FRESH_MS = 5_000;
/** An unclaimed preview ends this long after its leg did (its call's own records had time to claim it)… */
const PREVIEW_GRACE_MS = 3_000;
/** …or this long after it was pushed, whatever happened to the leg. */
const PREVIEW_MAX_AGE_MS = 120_000;

const EXPIRE_EVERY_MS = 1_000;
/**
 * How far behind "now" the stored mark of complete events stays while subscribed: frames still on
 * the wire, and the PBX's clock a little ahead of ours, are inside the next start's gap.
 */
const IN_FLIGHT_MARGIN_MS = 2_000;
const DAY_MS = 86_400_000;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** One tenant's running adapter. */
export class TenantService implements TenantRuntime {
  readonly tenantId: string;
  readonly provider: PbxProvider;
  readonly recordingLinkSecret: Uint8Array;
  /** Numbers dialled without a country code are read as this region's. */
  readonly defaultCountry: string;
  readonly ringOrigins: readonly string[];
  private readonly apiKeyDigest: Buffer;
  private readonly webhookSecretDigest: Buffer | null;
  private stream: EventStream | null = null;
  private readonly timers = new Map<string, TimerHandle>();
  private readonly streamHealth: StreamHealth;
  private lastReconcileAt: number;
  private stopped = false;
  private readonly recordings: RecordingWatcher;
  private readonly gaps: GapRecovery;
  /** Windows in which a routine reconcile found lost frames, recovered from the PBX's CDRs. */
  private readonly losses: FrameLossRecovery;
  /** Up to when every PBX event is in the store (persisted; a start recovers from here). */
  private completeThrough: number | null;
  /** The A-legs whose dialing preview went to a softphone and no record claimed yet. */
  private readonly dialing = new DialingLegs();

  constructor(readonly parts: TenantParts) {
    this.tenantId = parts.config.id;
    this.provider = parts.provider;
    this.recordingLinkSecret = Buffer.from(parts.config.recordingLinkSecret, 'utf8');
    this.defaultCountry = parts.config.defaultRegion;
    this.ringOrigins = parts.config.ringChannelOrigins;
    this.apiKeyDigest = digest(parts.config.apiKey);
    this.webhookSecretDigest = parts.config.webhookSecret === undefined ? null : digest(parts.config.webhookSecret);
    this.lastReconcileAt = parts.clock.now();
    this.recordings = new RecordingWatcher({
      provider: parts.provider,
      clock: parts.clock,
      logger: parts.logger,
      tenantId: this.tenantId
    });
    this.completeThrough = parts.store.eventsCompleteThrough();
    this.streamHealth = new StreamHealth(this.tenantId, parts.metrics, parts.clock, parts.logger);
    this.gaps = new GapRecovery({
      recover: (gap) => this.reconcile(gap, true),
      clock: parts.clock,
      logger: parts.logger,
      tenantId: this.tenantId
    });
    this.losses = new FrameLossRecovery({
      provider: parts.provider,
      pipeline: parts.pipeline,
      clock: parts.clock,
      logger: parts.logger,
      tenantId: this.tenantId,
      inFlightMarginMs: IN_FLIGHT_MARGIN_MS,
      accept: (raw) => this.accept(raw, 'recovery').accepted,
      stopped: () => this.stopped
    });
    parts.metrics.watchQueues(this.tenantId, () => parts.store.counts());
  }

  /** Replays what the last run left in the inbox and outbox, then starts the stream and timers. */
  start(options: { stream?: boolean } = {}): void {
    const { pipeline, sink, logger } = this.parts;
    const counts = this.parts.store.counts();
    if (counts.inbox > 0 || counts.outboxDepth > 0) {
      logger.info({ tenant: this.tenantId, ...counts }, 'resuming work left by the previous run');
    }
    pipeline.processInbox();
    sink.notify();
    this.every('expire', EXPIRE_EVERY_MS, () => {
      pipeline.expire();
      this.endStaleDialing();
      this.advanceCompleteThrough();
      // Picks up dead letters requeued by `cti-adapter outbox --retry` from another process.
      sink.notify();
    });
    this.every('reconcile', this.parts.delivery.reconcileIntervalMs, () => {
      const gap = { startedAt: this.lastReconcileAt, endedAt: this.parts.clock.now() };
      return this.reconcile(gap, false);
    });
    this.every('owners', this.parts.delivery.ownerRefreshIntervalMs, () => this.parts.owners.refresh());
    this.every('prune', DAY_MS, () => this.parts.store.outbox.pruneDelivered(this.parts.clock.now() - 3 * DAY_MS));
    this.streamHealth.streamed = options.stream !== false;
    if (options.stream !== false) {
      // Whatever the PBX did while no adapter ran is recovered like a reconnect gap, from the mark
      // of complete events the last run left to the first subscription.
      const missedSince = this.completeThrough;
      if (missedSince !== null) {
        logger.info(
          { tenant: this.tenantId, since: new Date(missedSince).toISOString() },
          'recovering what the PBX did while the adapter was not running'
        );
      }
      this.stream = this.provider.streamEvents(
        {
          onEvent: (raw) => void this.ingestEvent(raw, 'websocket'),
          onGap: (gap) => {
            this.parts.metrics.gaps.inc({ tenant: this.tenantId });
            void this.gaps.report(gap).then(() => this.advanceCompleteThrough());
          },
          onStatus: (status, detail) => {
            this.streamHealth.onStatus(status, detail);
            this.advanceCompleteThrough();
          },
          onFault: (fault) => this.streamHealth.onFault(fault)
        },
        { missedSince }
      );
    }
  }

  /**
   * While subscribed with no gap or frame loss left to recover, every event up to (almost) now is
   * stored: the mark moves there. It never moves while the stream is down or a gap or a loss is
   * being recovered, so a restart meanwhile recovers from before it.
   */
  private advanceCompleteThrough(): void {
    if (this.stopped || !this.streamHealth.subscribed || this.gaps.outstanding || this.losses.outstanding) return;
    const through = this.parts.clock.now() - IN_FLIGHT_MARGIN_MS;
    if (this.completeThrough !== null && through <= this.completeThrough) return;
    this.completeThrough = through;
    this.parts.store.markEventsCompleteThrough(through);
  }

  private every(name: string, ms: number, task: () => unknown): void {
    const tick = () => {
      if (this.stopped) return;
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.parts.logger.warn({ tenant: this.tenantId, err: error }, `${name} failed`))
        .finally(() => {
          if (!this.stopped) this.timers.set(name, this.parts.clock.setTimer(tick, ms));
        });
    };
    this.timers.set(name, this.parts.clock.setTimer(tick, ms));
  }

  /** Asks the PBX what happened during `gap` and feeds it through the same pipeline. */
  async reconcile(gap: EventGap, reportedGap: boolean): Promise<number> {
    const { logger } = this.parts;
    // A routine check (no reported gap) looks only for what a connected stream may have dropped:
    // it never rebuilds finished calls, so it cannot re-open or rewrite them.
    const scope = reportedGap ? 'gap' : 'live';
    const { pipeline } = this.parts;
    if (scope === 'live') pipeline.processInbox();
    const legs = scope === 'live' ? pipeline.openLegIds() : undefined;
    const events = await this.provider.recoverEvents(gap, pipeline.openInteractionIds(), scope, legs);
    if (scope === 'live' && this.streamHealth.subscribed && !this.gaps.outstanding) {
      return this.acceptRoutine(events, gap, new Set(legs));
    }
    let accepted = 0;
    for (const raw of events) if (this.accept(raw, 'recovery').accepted) accepted += 1;
    this.lastReconcileAt = Math.max(this.lastReconcileAt, gap.endedAt);
    logger.info({ tenant: this.tenantId, gap, recovered: accepted }, 'reconciled events after a gap');
    return accepted;
  }

  /**
   * A routine check on a subscribed stream: what it finds that the stream never delivered was
   * dropped on the way (Kazoo 4.3 drops frames silently above max_queued_messages) and is counted.
   * Events younger than the in-flight margin may still be on the wire: they are judged once the
   * margin has passed, and those of a leg the stream has shown meanwhile are dropped (the live
   * CREATE is exact; a copy rebuilt from `/channels` is cut to the second).
   */
  private async acceptRoutine(events: unknown[], gap: EventGap, legsKnown: ReadonlySet<string>): Promise<number> {
    const { pipeline, clock } = this.parts;
    const cutoff = clock.now() - IN_FLIGHT_MARGIN_MS;
    const young = events.filter((raw) => (pipeline.peek(raw)?.timeMs ?? 0) >= cutoff);
    const judge = (batch: unknown[], keep: (raw: unknown, missed: boolean) => boolean): number => {
      const verdicts = batch.map((raw) => ({ raw, missed: pipeline.missedByStream(raw) }));
      const missed = verdicts.filter((v) => v.missed).length;
      if (missed > 0) {
        this.streamHealth.lost(missed, `a routine reconcile found ${missed} event(s) the stream never delivered`);
        // Since the previous check: a call lost whole before it had ended unseen by that check
        // too, and a lost leg of a call still up is given now whatever its age.
        this.lossFound(gap.startedAt);
      }
      return verdicts.filter((v) => keep(v.raw, v.missed) && this.accept(v.raw, 'recovery').accepted).length;
    };
    let accepted = judge(
      events.filter((raw) => !young.includes(raw)),
      () => true
    );
    if (young.length > 0) {
      await new Promise<void>((resolve) => clock.setTimer(resolve, IN_FLIGHT_MARGIN_MS));
      const wasKnown = (raw: unknown) => legsKnown.has(pipeline.peek(raw)?.callId ?? '');
      if (!this.stopped) accepted += judge(young, (raw, missed) => missed || wasKnown(raw));
    }
    this.lastReconcileAt = Math.max(this.lastReconcileAt, gap.endedAt);
    return accepted;
  }

  /**
   * Frames were lost on a subscribed stream since `lostAt` (the previous routine check). What the routine check sees
   * (channels still up, the ends of open calls) is not all: a call that began and ended in the
   * meantime left nothing on `/channels`. So the mark of complete events goes back to before the
   * loss (a restart from here on recovers from there), and the window is recovered from the
   * PBX's CDRs (frame-loss-recovery.ts); only then may the mark move on.
   */
  private lossFound(lostAt: number): void {
    const { clock, store } = this.parts;
    const from = lostAt - IN_FLIGHT_MARGIN_MS;
    if (this.completeThrough === null || from < this.completeThrough) {
      this.completeThrough = from;
      store.markEventsCompleteThrough(from);
    }
    const window = { startedAt: from, endedAt: clock.now() };
    void this.losses.report(window).then(() => this.advanceCompleteThrough());
  }

  private accept(raw: unknown, transport: Transport): IngestResult {
    return this.parts.pipeline.accept(raw, transport);
  }

  /** Resolves once the event is committed (with the others of its tick) or refused. */
  ingestEvent(raw: unknown, transport: 'websocket' | 'webhook'): Promise<IngestResult> {
    try {
      return this.parts.pipeline.submit(raw, transport);
    } catch (error) {
      // The store refused the write (disk full…): the caller must not think it was accepted.
      this.parts.logger.error({ tenant: this.tenantId, err: error }, 'could not store a PBX event');
      return Promise.resolve({ accepted: false, reason: 'the adapter could not store the event' });
    }
  }

  /**
   * New states are in the outbox: their owners' softphones hear them first (the ringing channel),
   * then the sink writes them; recordings of ended records are watched until the PBX has them.
   */
  onQueued(projections: readonly CallDataProjection[]): void {
    this.pushToSoftphones(projections);
    for (const p of projections)
      if (p.Status__c === 'Ended' && p.RecordingId__c) this.recordings.watch(p.RecordingId__c);
    this.parts.sink.notify(projections);
  }

  /**
   * Each state with its owner mapped as the sink maps it (batch-writer.ts), from the cache only. The
   * first record of a call an agent's dialing preview showed names that preview's leg, so the
   * softphone turns the preview's card into the record's.
   */
  private pushToSoftphones(projections: readonly CallDataProjection[]): void {
    const { ring, pipeline } = this.parts;
    if (!ring?.hasListeners(this.tenantId)) return;
    const interactionOf = (leg: string) => pipeline.interactionOfLeg(leg);
    this.pushRecords(
      projections.map((p) => {
        const leg =
          this.dialing.size > 0 && p.PbxUserId__c
            ? this.dialing.claim(p.PbxUserId__c, p.InteractionId__c, interactionOf)
            : null;
        return leg ? { ...p, ALegCallId: leg } : p;
      })
    );
  }

  private pushRecords<R extends { CallId__c: string; PbxUserId__c: string | null }>(records: readonly R[]): void {
    const { ring, owners, config } = this.parts;
    const owned = records.map((r) => ({
      ...r,
      OwnerId: (r.PbxUserId__c && owners.knownUserIdFor(r.PbxUserId__c)) || config.defaultOwnerId
    }));
    ring?.push(this.tenantId, owned);
  }

  /**
   * Every event as the pipeline folds it: a leg an agent's phone opens shows on their softphone at
   * once as the call being dialled (core/dialing-preview.ts), a second before the PBX names the call.
   */
  onEvent(event: KazooCallEvent, receivedAt: number): void {
    const { ring, clock, config } = this.parts;
    if (!ring?.hasListeners(this.tenantId)) return;
    if (event.eventName === 'CHANNEL_DESTROY') {
      this.dialing.destroyed(event.callId, clock.now());
      return;
    }
    if (clock.now() - receivedAt > PREVIEW_FRESH_MS) return;
    const preview = dialingPreview(event, config.defaultRegion as CountryCode);
    if (!preview) return;
    this.dialing.add(event.callId, preview.PbxUserId__c, clock.now());
    this.pushRecords([preview]);
  }

  /** A preview no record claimed (the leg went, or never became a call) ends, so no card stays behind. */
  private endStaleDialing(): void {
    if (this.dialing.size === 0) return;
    const ended = this.dialing.takeExpired(this.parts.clock.now(), PREVIEW_GRACE_MS, PREVIEW_MAX_AGE_MS);
    if (ended.length === 0 || !this.parts.ring?.hasListeners(this.tenantId)) return;
    this.pushRecords(
      ended.map((leg) => ({
        CallId__c: dialingCallId(leg.legCallId),
        ALegCallId: leg.legCallId,
        Status__c: 'Ended',
        PbxUserId__c: leg.ownerPbxUserId,
        LastEventSeq__c: 1
      }))
    );
  }

  readiness(): TenantReadiness {
    return this.streamHealth.readiness();
  }

  verifyApiKey(presentedKey: string): boolean {
    return timingSafeEqual(digest(presentedKey), this.apiKeyDigest);
  }

  verifyWebhookSecret(presented: string): boolean {
    if (this.webhookSecretDigest === null) return false;
    return timingSafeEqual(digest(presented), this.webhookSecretDigest);
  }

  pbxUserIdFor(salesforceUserId: string): Promise<string | null> {
    return this.parts.owners.pbxUserIdFor(salesforceUserId);
  }

  health(): Promise<TenantHealth> {
    const { store, sink, session, pipeline, clock } = this.parts;
    const counts = store.counts();
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return Promise.resolve({
      tenantId: this.tenantId,
      pbx: {
        connected: this.streamHealth.subscribed,
        status: this.streamHealth.detail,
        lastEventAt: iso(pipeline.lastEventAt),
        eventLagMs: pipeline.lastEventAt === null ? null : clock.now() - pipeline.lastEventAt
      },
      outbox: {
        depth: counts.outboxDepth,
        deadLetters: counts.deadLetters,
        oldestPendingAt: iso(counts.oldestPendingAt)
      },
      salesforce: {
        authenticated: session.authState.authenticated,
        detail:
          sink.lastProblem ??
          `${session.authState.detail}${sink.apiUsage ? `; API requests today ${sink.apiUsage.used}/${sink.apiUsage.limit}` : ''}`,
        lastWriteAt: iso(sink.lastWriteAt)
      }
    });
  }

  /** Stops intake, commits what was accepted, and sends the outbox (bounded by `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.gaps.stop();
    this.losses.stop();
    this.recordings.stop();
    await this.stream?.close().catch(() => undefined);
    this.parts.pipeline.processInbox();
    this.parts.pipeline.snapshotIfDue(true);
    const flushed = this.parts.sink.flush().catch((error: unknown) => {
      this.parts.logger.warn({ tenant: this.tenantId, err: error }, 'final outbox flush failed');
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([flushed.then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.parts.logger.warn(
        { tenant: this.tenantId },
        'outbox not empty at shutdown; it will be sent on the next start'
      );
    }
    this.parts.sink.stop();
    this.parts.store.close();
  }
}
