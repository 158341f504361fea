// Requests the real adapter (pipeline, outbox, sink, jsforce) sends to the Salesforce stand-in for
// one event timeline — a burst (calls at 20/s) and a trickle (a call every 3 s) — next to a naive
// sink (one upsert per state change) and the floor computed from the same timeline; a 60 s write
// outage (requests per call while it lasts); and the final records against the replay's ground
// truth. Time is simulated (a manual clock), so the figures are counts, not speeds.
// Prints a table and one `BENCH_RESULT {json}` line for scripts/bench.mjs.
import { ManualClock } from '../test/delivery/support/manual-clock.ts';
import { replayRecords } from '../test/app/support/scripted-day.ts';
import { startBenchAdapter } from './support/bench-adapter.ts';
import { buildTimeline, floorRequests } from './support/timeline.ts';
import { percentile } from './support/softphone-pops.ts';

const WINDOW_MS = 250;
const STEP_MS = 10;

async function simulate(calls: number, everyMs: number, outage?: { fromMs: number; toMs: number }) {
  const clock = new ManualClock(1_800_000_000_000);
  const bench = await startBenchAdapter({ clock });
  const { lines, events } = buildTimeline(calls, everyMs);
  let now = 0;
  let outageRequests = 0;
  let beforeOutage = 0;
  const tick = async (to: number) => {
    while (now < to) {
      const step = Math.min(STEP_MS, to - now);
      if (outage && now < outage.fromMs && now + step >= outage.fromMs) {
        beforeOutage = bench.requests();
        bench.org.faults.configure({ endpoints: { '*': { serverErrorRate: 1 } } });
      }
      if (outage && now < outage.toMs && now + step >= outage.toMs) {
        outageRequests = bench.requests() - beforeOutage;
        bench.org.faults.clear();
      }
      clock.advance(step);
      now += step;
      await new Promise((resolve) => setImmediate(resolve));
      await bench.service.parts.sink.idle();
    }
  };
  for (const event of events) {
    await tick(event.atMs);
    await bench.service.ingestEvent(event.raw, 'websocket');
  }
  await tick(now + 200_000);
  const expected = await replayRecords(lines, bench.dir);
  const result = {
    calls,
    requests: bench.requests(),
    naive: bench.changes.length,
    floor: floorRequests(bench.changes, WINDOW_MS),
    wrong: bench.wrongRecords(expected),
    deadLetters: bench.deadLetters(),
    outageRequests,
    ringingWaits: bench.ringingWaits()
  };
  await bench.stop();
  return result;
}

const burst = await simulate(1_000, 50);
const trickle = await simulate(100, 3_000);
// 100 calls spread over 100 s, with every Salesforce request failing from 20 s to 80 s.
const outage = await simulate(100, 1_000, { fromMs: 20_000, toMs: 80_000 });
const outageCalls = 60;

const per1000 = (n: number, calls: number) => Math.round((n / calls) * 1000);
const perCall = (n: number, calls: number) => Math.round((n / calls) * 100) / 100;
const figures = {
  'burst.requestsPer1000Calls': per1000(burst.requests, burst.calls),
  'burst.naivePer1000Calls': per1000(burst.naive, burst.calls),
  'burst.floorPer1000Calls': per1000(burst.floor, burst.calls),
  'trickle.requestsPerCall': perCall(trickle.requests, trickle.calls),
  'trickle.naivePerCall': perCall(trickle.naive, trickle.calls),
  'trickle.floorPerCall': perCall(trickle.floor, trickle.calls),
  'outage.requestsPerCall': perCall(outage.outageRequests, outageCalls),
  'burst.ringingStoredP50Ms': percentile(burst.ringingWaits, 50),
  'burst.ringingStoredP99Ms': percentile(burst.ringingWaits, 99),
  'records.wrong': burst.wrong + trickle.wrong + outage.wrong,
  'records.deadLetters': burst.deadLetters + trickle.deadLetters + outage.deadLetters
};
console.log(
  [
    `                      product   naive   floor (L = ${WINDOW_MS} ms)`,
    `burst  per 1000 calls ${String(figures['burst.requestsPer1000Calls']).padStart(7)} ${String(figures['burst.naivePer1000Calls']).padStart(7)} ${String(figures['burst.floorPer1000Calls']).padStart(7)}`,
    `trickle per call      ${String(figures['trickle.requestsPerCall']).padStart(7)} ${String(figures['trickle.naivePerCall']).padStart(7)} ${String(figures['trickle.floorPerCall']).padStart(7)}`,
    `burst: a record's first ringing state queued → stored, p50 ${figures['burst.ringingStoredP50Ms']} ms, p99 ${figures['burst.ringingStoredP99Ms']} ms (bench clock, ${STEP_MS} ms steps; ${burst.ringingWaits.length} records)`,
    `60 s outage: ${figures['outage.requestsPerCall']} requests per call placed during it`,
    `wrong records (burst + trickle + outage, against the replay): ${figures['records.wrong']}; dead letters ${figures['records.deadLetters']}`
  ].join('\n')
);
console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);
process.exit(0);
