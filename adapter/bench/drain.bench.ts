// Backlog drain after an outage, in real time against the Salesforce stand-in: 20,000 record
// states queue up while every request fails (the breaker opens), then the org comes back and the
// bench measures records confirmed per second from the first confirmed write until the outbox
// is empty — with the stand-in as it is and with 300 ms added to every request.
// Prints figures and one `BENCH_RESULT {json}` line for scripts/bench.mjs.
import { systemClock } from '../src/delivery/clock.ts';
import { projection } from '../test/delivery/support/delivery-harness.ts';
import { startBenchAdapter } from './support/bench-adapter.ts';

const RECORDS = 20_000;

async function drain(latencyMs: number): Promise<number> {
  const bench = await startBenchAdapter({
    clock: systemClock,
    latencyMs,
    delivery: { breakerOpenMs: 500, breakerMaxOpenMs: 1_000 }
  });
  bench.org.faults.configure({ endpoints: { '*': { serverErrorRate: 1, latencyMs } } });
  const states = Array.from({ length: RECORDS }, (_, i) =>
    projection({ CallId__c: `drain-${i}:u1`, Direction__c: 'Internal', Status__c: 'Ended', PbxUserId__c: null })
  );
  bench.service.parts.store.outbox.enqueueAll(states, Date.now(), { coalesceWindowMs: 0 });
  bench.service.parts.sink.notify();
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  await until(() => bench.service.parts.sink.breakerState === 'open');
  bench.org.faults.configure(latencyMs ? { endpoints: { '*': { latencyMs } } } : {});
  await until(() => bench.outboxDepth() < RECORDS);
  const started = performance.now();
  const left = bench.outboxDepth();
  await until(() => bench.outboxDepth() === 0);
  const seconds = (performance.now() - started) / 1000;
  const dead = bench.deadLetters();
  await bench.stop();
  if (dead > 0) throw new Error(`${dead} dead letters after the outage`);
  return Math.round(left / seconds);
}

const plain = await drain(0);
const slow = await drain(300);
console.log(`drain after an outage: ${plain} records/s (stand-in as is), ${slow} records/s (300 ms per request)`);
console.log(
  `BENCH_RESULT ${JSON.stringify({ 'drain.recordsPerSecond': Math.min(plain, slow), 'drain.recordsPerSecondNoLatency': plain, 'drain.recordsPerSecond300ms': slow })}`
);
process.exit(0);
