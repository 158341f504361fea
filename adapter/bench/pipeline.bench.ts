// The full pipeline of one tenant (inbox in SQLite → correlator → outbox in SQLite), events per
// second on this machine; and, in a child process, the RSS of a whole adapter holding 10,000 calls
// in flight (started, not ended) while its org is unreachable, so every state stays in the outbox,
// built as the deployed adapter is (scripts/build-adapter.mjs) and measured after a full GC.
// Prints figures and one `BENCH_RESULT {json}` line for scripts/bench.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EventPipeline } from '../src/app/event-pipeline.ts';
import { createAdapterMetrics } from '../src/metrics/adapter-metrics.ts';
import { TenantStore } from '../src/store/tenant-store.ts';
import { ManualClock } from '../test/delivery/support/manual-clock.ts';
import { buildTimeline } from './support/timeline.ts';
import { buildMemoryChild } from './support/build-memory-child.ts';
import { ADAPTER_ENV, ADAPTER_NODE_FLAGS } from '../bin/node-flags.js';

function pipelineEventsPerSecond(calls: number): number {
  // Each frame as the websocket client hands it over (parsed from the text it came as).
  const { events } = buildTimeline(calls, 50);
  const clock = new ManualClock(1_800_000_000_000);
  const store = new TenantStore(join(mkdtempSync(join(tmpdir(), 'cti-pipeline-')), 'tenant.sqlite'));
  const pipeline = new EventPipeline({
    tenantId: 'bench',
    store,
    correlator: { defaultRegion: 'US', graceMs: 5_000 },
    coalesceWindowMs: 250,
    ringingDelayMs: 25,
    clock,
    metrics: createAdapterMetrics(),
    logger: pino({ level: 'silent' }),
    onQueued: () => undefined
  });
  const started = performance.now();
  let sinceProcess = 0;
  let expiredAt = clock.now();
  events.forEach((event) => {
    clock.advance(Math.max(0, 1_800_000_000_000 + event.atMs - clock.now()));
    void pipeline.submit(event.raw, 'websocket');
    // The pipeline commits and folds what arrived in one tick together; a tick here is 500 events.
    if (++sinceProcess === 500) {
      pipeline.processInbox();
      sinceProcess = 0;
    }
    // Like the tenant runtime's timer: calls whose grace has passed are finalized once a second.
    if (clock.now() - expiredAt >= 1_000) {
      pipeline.processInbox();
      pipeline.expire();
      expiredAt = clock.now();
    }
  });
  pipeline.processInbox();
  pipeline.expire();
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return Math.round(events.length / seconds);
}

const eventsPerSecond = pipelineEventsPerSecond(4_000);
const child = spawnSync(process.execPath, ['--expose-gc', ...ADAPTER_NODE_FLAGS, await buildMemoryChild()], {
  encoding: 'utf8',
  env: { ...process.env, ...ADAPTER_ENV },
  maxBuffer: 16 * 1024 * 1024
});
const rss = /RSS_MIB (\d+(?:\.\d+)?)/.exec(child.stdout)?.[1];
if (!rss) process.stderr.write(child.stdout + child.stderr);
const figures = { 'pipeline.eventsPerSecond': eventsPerSecond, 'memory.rssMiB10kCalls': rss ? Number(rss) : null };
console.log(`pipeline (inbox → correlator → outbox): ${eventsPerSecond} events/s`);
console.log(`adapter RSS with 10,000 calls in flight: ${rss ?? '?'} MiB`);
console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);
