// The burst of delivery.bench.ts (1,000 calls at 20 calls/s) in real time against a Salesforce
// stand-in that takes 300 ms per request, as a real org does on a busy day: requests per 1,000
// calls, the floor from the same run, and the final records against the replay's ground truth.
// Real time because the injected latency is real; the clock starts where delivery.bench.ts's manual
// clock does, so the correlator sees the same event times. Takes about 3.5 minutes (the calls of the scripted day last up to a few minutes).
// Prints figures and one `BENCH_RESULT {json}` line for scripts/bench.mjs.
import { systemClock, type Clock } from '../src/delivery/clock.ts';
import { replayRecords } from '../test/app/support/scripted-day.ts';
import { startBenchAdapter } from './support/bench-adapter.ts';
import { buildTimeline, floorRequests } from './support/timeline.ts';

const WINDOW_MS = 250;
const LATENCY_MS = 300;
const CALLS = 1_000;
/** With the 5 s grace and the 1 s expiry tick, a run with no new state for this long is finished. */
const QUIET_MS = 8_000;
const DEADLINE_MS = 240_000;

const started = performance.now();
const elapsed = () => performance.now() - started;
const clock: Clock = {
  now: () => 1_800_000_000_000 + Math.round(elapsed()),
  setTimer: (fn, ms) => systemClock.setTimer(fn, ms)
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const bench = await startBenchAdapter({ clock, latencyMs: LATENCY_MS });
const { lines, events } = buildTimeline(CALLS, 50);
const origin = elapsed();
for (const event of events) {
  const wait = origin + event.atMs - elapsed();
  if (wait > 0) await sleep(wait);
  await bench.service.ingestEvent(event.raw, 'websocket');
}
let lastChanges = -1;
let quietSince = elapsed();
while (elapsed() < DEADLINE_MS) {
  await sleep(250);
  if (bench.changes.length !== lastChanges || bench.outboxDepth() > 0) {
    lastChanges = bench.changes.length;
    quietSince = elapsed();
  } else if (elapsed() - quietSince > QUIET_MS) break;
}
await bench.service.parts.sink.idle();
const expected = await replayRecords(lines, bench.dir);
const requests = bench.requests();
const floor = floorRequests(bench.changes, WINDOW_MS);
const wrong = bench.wrongRecords(expected);
const deadLetters = bench.deadLetters();
await bench.stop();

const per1000 = (n: number) => Math.round((n / CALLS) * 1000);
console.log(
  `burst with ${LATENCY_MS} ms per request: ${per1000(requests)} requests per 1000 calls (floor ${per1000(floor)}); ` +
    `wrong records ${wrong}, dead letters ${deadLetters}; ${Math.round(elapsed() / 1000)} s`
);
console.log(
  `BENCH_RESULT ${JSON.stringify({
    'burstWithLatency.requestsPer1000Calls': per1000(requests),
    'burstWithLatency.floorPer1000Calls': per1000(floor),
    'burstWithLatency.wrongRecords': wrong
  })}`
);
process.exit(0);
