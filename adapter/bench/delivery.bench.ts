// REST requests for N calls, delivered at a trickle (one call at a time) and at a burst (all calls
// at once), next to what one upsert per event and one upsert per record state would cost. The
// real adapter (pipeline, outbox, sink, jsforce) writes to the Salesforce stand-in, whose request
// counters are read; time is simulated from the events' own timestamps. Prints figures only.
// Run: node --import tsx adapter/bench/delivery.bench.ts [copies=8]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { normalizeEvent } from '../src/core/normalize-event.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { startAdapter } from '../src/app/start-adapter.ts';
import { buildScriptedCalls } from '../test/app/support/scripted-day.ts';
import { startScriptedOrg } from '../test/app/support/scripted-org.ts';
import { FakeProvider } from '../test/delivery/support/fake-provider.ts';
import { ManualClock } from '../test/delivery/support/manual-clock.ts';

const copies = Number(process.argv[2] ?? 8);
interface TimedEvent {
  raw: unknown;
  timeMs: number;
  call: string;
}

/** The day's events with their time; `call` groups the events of one call. */
function timedEvents(): TimedEvent[] {
  return buildScriptedCalls(copies).flatMap((lines, call) =>
    lines.flatMap((line) => {
      const raw = JSON.parse(line) as unknown;
      const normalized = normalizeEvent(raw);
      return normalized.ok ? [{ raw, timeMs: normalized.event.timeMs, call: String(call) }] : [];
    })
  );
}

async function run(label: string, order: (events: TimedEvent[]) => TimedEvent[][]): Promise<void> {
  const { dir, org, tenant } = await startScriptedOrg('cti-bench-');
  writeFileSync(
    join(dir, 'adapter.json'),
    JSON.stringify({ store: { directory: join(dir, 'data') }, delivery: { graceMs: 5000 }, tenants: [tenant] })
  );
  const clock = new ManualClock();
  const adapter = await startAdapter(loadConfig(join(dir, 'adapter.json')), pino({ level: 'silent' }), {
    http: false,
    clock,
    providerFactory: () => new FakeProvider(tenant.kazoo.accountId)
  });
  const service = adapter.tenants[0];
  if (!service) throw new Error('no tenant');
  const settle = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(0);
    await service.parts.sink.idle();
  };
  const events = timedEvents();
  let calls = 0;
  for (const group of order(events)) {
    calls += new Set(group.map((e) => e.call)).size;
    let last = group[0]?.timeMs ?? 0;
    for (const event of group) {
      if (event.timeMs > last) {
        clock.advance(event.timeMs - last);
        await settle();
        last = event.timeMs;
      }
      await service.ingestEvent(event.raw, 'websocket');
    }
    await settle();
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      await settle();
    }
  }
  const metrics = await adapter.metrics.registry.getMetricsAsJSON();
  const projections = metrics.find((m) => m.name === 'cti_projections_total')?.values[0]?.value ?? 0;
  await adapter.stop();
  const c = org.counters.snapshot();
  const ours =
    (c['rest.collections'] ?? 0) + (c['rest.search'] ?? 0) + (c['rest.query'] ?? 0) + (c['oauth.token'] ?? 0);
  console.log(
    `${label.padEnd(8)} calls=${calls} events=${events.length} records=${org.records('CallData__c').length}` +
      ` | one-upsert-per-event=${events.length} one-upsert-per-state=${projections}` +
      ` | adapter requests=${ours} (collections ${c['rest.collections'] ?? 0}, search ${c['rest.search'] ?? 0},` +
      ` query ${c['rest.query'] ?? 0}, token ${c['oauth.token'] ?? 0})` +
      ` saving vs per-event ${((1 - ours / events.length) * 100).toFixed(0)}%`
  );
  await org.stop();
}

const byTime = (events: TimedEvent[]) => [...events].sort((a, b) => a.timeMs - b.timeMs);
await run('trickle', (events) => {
  const calls = new Map<string, TimedEvent[]>();
  for (const event of events) calls.set(event.call, [...(calls.get(event.call) ?? []), event]);
  return [...calls.values()].map(byTime);
});
await run('burst', (events) => [byTime(events)]);
process.exit(0);
