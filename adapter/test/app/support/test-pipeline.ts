/**
 * The pipeline the app tests drive by hand: tenant `acme`, no grace period, no coalescing window,
 * silent logs, nothing listening for queued states, unless a test says otherwise.
 */
import pino from 'pino';
import { EventPipeline, type EventPipelineOptions } from '../../../src/app/event-pipeline.ts';
import { createAdapterMetrics } from '../../../src/metrics/adapter-metrics.ts';
import type { TenantStore } from '../../../src/store/tenant-store.ts';
import type { Clock } from '../../../src/delivery/clock.ts';

export function testPipeline(
  store: TenantStore,
  clock: Clock,
  options: Partial<EventPipelineOptions> = {}
): EventPipeline {
  return new EventPipeline({
    tenantId: 'acme',
    store,
    correlator: { defaultRegion: 'US', graceMs: 0 },
    coalesceWindowMs: 0,
    clock,
    metrics: createAdapterMetrics(),
    logger: pino({ level: 'silent' }),
    onQueued: () => undefined,
    ...options
  });
}
