/**
 * Whether one tenant's PBX event stream can be trusted, for `/readyz`, `/metrics` and the log: a
 * stream that is not subscribed is not ready (and says why), and lost frames — a subscribe reply
 * that never came, events a routine reconcile found that the stream never delivered — are counted
 * and shown for a while, with the Kazoo setting that causes them.
 */
import type { Logger } from 'pino';
import type { StreamFault, StreamStatus } from '../pbx/pbx-provider.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import type { Clock } from '../delivery/clock.ts';

/** How long a frame loss stays on `/readyz` after the last one. */
export const FRAME_LOSS_SHOWN_MS = 15 * 60_000;

const LOSS_HINT =
  'On Kazoo 4.3 blackhole drops frames silently when a session holds more than ' +
  'blackhole.max_queued_messages (default 50): raise it (README, "Kazoo settings").';

export interface TenantReadiness {
  /** Reasons the tenant is not ready (empty: ready). */
  problems: string[];
  /** Ready, but something an operator should know. */
  warnings: string[];
}

export class StreamHealth {
  status: StreamStatus = 'connecting';
  detail = 'starting';
  private framesLost = 0;
  private lastLossAt: number | null = null;
  /** False for a tenant without a live stream (webhooks only): it is never "not subscribed". */
  streamed = true;

  constructor(
    private readonly tenantId: string,
    private readonly metrics: AdapterMetrics,
    private readonly clock: Clock,
    private readonly logger: Logger
  ) {
    metrics.streamSubscribed.set({ tenant: tenantId }, 0);
  }

  get subscribed(): boolean {
    return this.status === 'connected';
  }

  onStatus(status: StreamStatus, detail?: string): void {
    this.status = status;
    this.detail = detail ?? status;
    this.metrics.streamSubscribed.set({ tenant: this.tenantId }, status === 'connected' ? 1 : 0);
  }

  onFault(fault: StreamFault): void {
    this.metrics.streamFaults.inc({ tenant: this.tenantId, kind: fault.kind });
    if (fault.kind === 'reply-timeout') this.lost(1, fault.detail);
  }

  /** `count` frames the PBX sent that never reached the adapter (found by a reconcile or a timeout). */
  lost(count: number, detail: string): void {
    this.framesLost += count;
    this.lastLossAt = this.clock.now();
    this.metrics.framesLost.inc({ tenant: this.tenantId }, count);
    this.logger.warn({ tenant: this.tenantId, frames: count, detail }, `PBX event frames lost. ${LOSS_HINT}`);
  }

  readiness(): TenantReadiness {
    const problems: string[] = [];
    const warnings: string[] = [];
    if (this.streamed && !this.subscribed) {
      problems.push(`tenant ${this.tenantId}: the PBX event stream is not subscribed (${this.status}: ${this.detail})`);
    }
    if (this.lastLossAt !== null && this.clock.now() - this.lastLossAt < FRAME_LOSS_SHOWN_MS) {
      warnings.push(
        `tenant ${this.tenantId}: ${this.framesLost} PBX event frame(s) lost, the last at ` +
          `${new Date(this.lastLossAt).toISOString()} (recovered by reconciliation). ${LOSS_HINT}`
      );
    }
    return { problems, warnings };
  }
}
