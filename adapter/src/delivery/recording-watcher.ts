/**
 * After a call with a recording ends, the PBX may answer 404 for its metadata for a few seconds.
 * The watcher asks again with backoff until the recording is known (so playback links work) or
 * gives up and says so in the log.
 */
import type { Logger } from 'pino';
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface RecordingWatcherOptions {
  provider: PbxProvider;
  clock: Clock;
  logger: Logger;
  tenantId: string;
  /** Delays between attempts; the last one decides. */
  delaysMs?: readonly number[];
}

const DEFAULT_DELAYS = [2_000, 4_000, 8_000, 16_000, 32_000];

/** Polls the PBX for recordings of ended calls. */
export class RecordingWatcher {
  private readonly pending = new Map<string, TimerHandle>();
  readonly available = new Set<string>();

  constructor(private readonly options: RecordingWatcherOptions) {}

  watch(recordingId: string): void {
    if (this.pending.has(recordingId) || this.available.has(recordingId)) return;
    this.schedule(recordingId, 0);
  }

  private schedule(recordingId: string, attempt: number): void {
    const delays = this.options.delaysMs ?? DEFAULT_DELAYS;
    const delay = delays[attempt];
    if (delay === undefined) {
      this.pending.delete(recordingId);
      this.options.logger.warn({ tenant: this.options.tenantId, recordingId }, 'recording never appeared on the PBX');
      return;
    }
    const timer = this.options.clock.setTimer(() => void this.check(recordingId, attempt), delay);
    this.pending.set(recordingId, timer);
  }

  private async check(recordingId: string, attempt: number): Promise<void> {
    try {
      const location = await this.options.provider.recordingLink(recordingId);
      if (location) {
        this.pending.delete(recordingId);
        if (this.available.size > 10_000) this.available.clear();
        this.available.add(recordingId);
        return;
      }
    } catch (error) {
      this.options.logger.debug({ tenant: this.options.tenantId, recordingId, err: error }, 'recording lookup failed');
    }
    if (this.pending.has(recordingId)) this.schedule(recordingId, attempt + 1);
  }

  stop(): void {
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
  }
}
