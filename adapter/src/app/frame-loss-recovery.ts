/**
 * Recovers a window in which a routine reconcile found frames the subscribed stream never
 * delivered: a call that began and ended in it left nothing on `/channels`, so the window is read
 * from the PBX's CDRs (the `gap` scope), retried until the PBX answers, windows found meanwhile
 * merged (GapRecovery).
 */
import type { Logger } from 'pino';
import type { EventGap, PbxProvider } from '../pbx/pbx-provider.ts';
import type { Clock } from '../delivery/clock.ts';
import type { EventPipeline } from './event-pipeline.ts';
import { GapRecovery } from './gap-recovery.ts';

export interface FrameLossRecoveryOptions {
  provider: PbxProvider;
  pipeline: EventPipeline;
  clock: Clock;
  logger: Logger;
  tenantId: string;
  /** How long frames may still be on the wire: a window is read once its end is this old. */
  inFlightMarginMs: number;
  /** Stores one recovered raw event (true: accepted). */
  accept: (raw: unknown) => boolean;
  stopped: () => boolean;
}

export class FrameLossRecovery {
  private readonly queue: GapRecovery;

  constructor(private readonly options: FrameLossRecoveryOptions) {
    this.queue = new GapRecovery({
      recover: (window) => this.recover(window),
      clock: options.clock,
      logger: options.logger,
      tenantId: options.tenantId
    });
  }

  /** True while a reported window has not been recovered yet. */
  get outstanding(): boolean {
    return this.queue.outstanding;
  }

  /** Queues `window`; resolves when every window queued so far is recovered (or recovery stopped). */
  report(window: EventGap): Promise<void> {
    return this.queue.report(window);
  }

  stop(): void {
    this.queue.stop();
  }

  /**
   * Rebuilds the legs the stream never showed inside the window from the PBX's records (CDRs of
   * the calls that ended in it, channels still up). The stream was up for most of the window, so
   * a leg it showed keeps exactly what it showed (a rebuilt copy is cut to the second); events
   * after the window are the next routine check's, which also gives the ends of open calls.
   */
  private async recover(window: EventGap): Promise<number> {
    const { pipeline, provider, logger, clock } = this.options;
    const settleMs = window.endedAt + this.options.inFlightMarginMs - clock.now();
    if (settleMs > 0) await new Promise<void>((resolve) => clock.setTimer(resolve, settleMs));
    if (this.options.stopped()) return 0;
    pipeline.processInbox();
    const events = await provider.recoverEvents(window, pipeline.openInteractionIds(), 'gap');
    const legs = new Map(events.map((raw) => [raw, pipeline.peek(raw)]));
    const unknown = pipeline.unknownLegs([...legs.values()].flatMap((seen) => (seen ? [seen.callId] : [])));
    let accepted = 0;
    for (const [raw, seen] of legs) {
      if (!seen || seen.timeMs > window.endedAt || !unknown.has(seen.callId)) continue;
      if (this.options.accept(raw)) accepted += 1;
    }
    logger.info(
      { tenant: this.options.tenantId, window, recovered: accepted },
      'recovered a window of lost PBX frames'
    );
    return accepted;
  }
}
