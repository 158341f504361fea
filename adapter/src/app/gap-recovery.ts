/**
 * Recovers reported gaps (a reconnect, a start after the adapter was down) until the PBX answers:
 * a failed recovery is retried with backoff, never dropped and never an unhandled rejection; gaps
 * reported while one is being recovered or retried are merged into one window.
 */
import type { Logger } from 'pino';
import type { EventGap } from '../pbx/pbx-provider.ts';
import type { Clock } from '../delivery/clock.ts';

export interface GapRecoveryOptions {
  /** Asks the PBX what happened during `gap` and feeds it through the pipeline. */
  recover: (gap: EventGap) => Promise<unknown>;
  clock: Clock;
  logger: Logger;
  tenantId: string;
  /** First wait after a failed recovery; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

const merge = (a: EventGap | null, b: EventGap): EventGap =>
  a ? { startedAt: Math.min(a.startedAt, b.startedAt), endedAt: Math.max(a.endedAt, b.endedAt) } : b;

/** One tenant's queue of gaps waiting for recovery. */
export class GapRecovery {
  private pending: EventGap | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: GapRecoveryOptions) {}

  /** True while a reported gap has not been recovered yet. */
  get outstanding(): boolean {
    return this.pending !== null || this.running !== null;
  }

  /** Queues `gap`; resolves when every gap queued so far is recovered (or recovery stopped). */
  report(gap: EventGap): Promise<void> {
    this.pending = merge(this.pending, gap);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async drain(): Promise<void> {
    const { clock, logger, tenantId } = this.options;
    let failures = 0;
    while (this.pending && !this.stopped) {
      const gap = this.pending;
      this.pending = null;
      try {
        await this.options.recover(gap);
        failures = 0;
      } catch (error) {
        this.pending = merge(this.pending, gap);
        const waitMs = Math.min(this.options.maxRetryMs ?? 30_000, (this.options.retryMs ?? 1_000) * 2 ** failures);
        failures += 1;
        logger.warn({ tenant: tenantId, gap, err: error, retryInMs: waitMs }, 'gap recovery failed; retrying');
        await new Promise<void>((resolve) => {
          const timer = clock.setTimer(resolve, waitMs);
          this.wake = () => (timer.cancel(), resolve());
        });
        this.wake = null;
      }
    }
  }
}
