// Correlator throughput and memory: N synthetic calls (copies of the Kazoo fixtures with new ids
// and times), BLOCK calls overlapping at a time, through normalizeEvent + correlateEvent with
// expireCalls once per simulated second. Prints figures; asserts nothing.
// Run: node --import tsx adapter/bench/correlator.bench.ts [calls=20000] [block=500]
import {
  correlateEvent,
  createCorrelatorState,
  expireCalls,
  flushAll,
  type CorrelatorOptions
} from '../src/core/correlate-call.ts';
import { normalizeEvent } from '../src/core/normalize-event.ts';
import { fixtureNames, loadFixture } from '../test/fixtures/kazoo/load-fixtures.ts';

const calls = Number(process.argv[2] ?? 20000);
const block = Number(process.argv[3] ?? 500);
const options: CorrelatorOptions = { defaultRegion: 'US', graceMs: 5000, maxFinishedCalls: 200 };
// Every id that ties events into a call, including 5.x's bare `interaction_id`: one left as it is
// folds every copy of a fixture into one call of thousands of legs.
const ID_KEYS = new Set([
  'interaction_id',
  'call_id',
  'bridge_id',
  'other_leg_call_id',
  'call_interaction_id',
  'Call-ID',
  'Bridge-ID',
  'Other-Leg-Call-ID',
  'Call-Interaction-ID'
]);

/** Each fixture's call events with their msg_id (µs), so copies can be time-sorted before the timed run. */
const templates = fixtureNames().map((name) =>
  loadFixture(name).raw.flatMap((raw) => {
    const result = normalizeEvent(raw);
    return result.ok ? [{ raw, us: Number(result.event.msgId) }] : [];
  })
);
const startUs = (events: { us: number }[]): number => Math.min(...events.map((event) => event.us));

/** A copy of a raw event with ids suffixed and every time moved by `shiftUs`. */
function copy(value: unknown, suffix: string, shiftUs: number, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => copy(item, suffix, shiftUs));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v, suffix, shiftUs, k)]));
  if (ID_KEYS.has(key) && typeof value === 'string') return `${value}-${suffix}`;
  const lower = key.toLowerCase();
  if ((lower === 'msg_id' || lower === 'msg-id') && typeof value === 'string') return String(Number(value) + shiftUs);
  if (lower === 'channel_created_time' && typeof value === 'number') return value + shiftUs;
  if (lower === 'timestamp' && typeof value === 'number') return value + Math.round(shiftUs / 1e6);
  return value;
}

const origin = Math.min(...templates.map(startUs));
const base = templates.map((events) => ({ events, offsetUs: startUs(events) - origin }));
let state = createCorrelatorState();
let events = 0;
let projections = 0;
let duplicates = 0;
let clock = 0;
let peakLiveCalls = 0;
let busyNs = 0n;
for (let first = 0; first < calls; first += block) {
  const batch: { raw: unknown; us: number }[] = [];
  for (let i = first; i < Math.min(calls, first + block); i += 1) {
    const template = base[i % base.length]!;
    const shiftUs = i * 200_000 - template.offsetUs; // a new call every 200 ms
    for (const { raw, us } of template.events) batch.push({ raw: copy(raw, String(i), shiftUs), us: us + shiftUs });
  }
  batch.sort((a, b) => a.us - b.us);
  const started = process.hrtime.bigint();
  for (const { raw } of batch) {
    const result = normalizeEvent(raw);
    if (!result.ok) continue;
    events += 1;
    const nowMs = result.event.timeMs;
    if (nowMs - clock >= 1000) {
      clock = nowMs;
      projections += expireCalls(state, clock, options).projections.length;
      peakLiveCalls = Math.max(peakLiveCalls, Object.keys(state.calls).length);
    }
    const applied = correlateEvent(state, result.event, nowMs, options);
    state = applied.state;
    projections += applied.projections.length;
    if (applied.duplicate) duplicates += 1;
  }
  busyNs += process.hrtime.bigint() - started;
}
const liveBeforeFlush = Object.keys(state.calls).length;
const snapshotBytes = JSON.stringify(state).length;
projections += flushAll(state, options).projections.length;
const seconds = Number(busyNs) / 1e9;
globalThis.gc?.();
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(
  `correlator bench: ${calls} calls, ${events} events (${duplicates} duplicates), ${projections} projections`
);
console.log(`  throughput: ${Math.round(events / seconds)} events/s (normalize + correlate, ${seconds.toFixed(2)} s)`);
console.log(
  `  state: peak ${peakLiveCalls} live calls, ${liveBeforeFlush} live at the end, ${state.finishedOrder.length} finished calls retained`
);
console.log(
  `  snapshot before flush: ${(snapshotBytes / 1024).toFixed(0)} KiB; heap used after: ${heapMb.toFixed(1)} MiB`
);
