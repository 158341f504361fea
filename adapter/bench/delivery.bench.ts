// REST requests for N calls, delivered at a trickle (one call at a time) and at a burst (all calls
// at once), next to what one upsert per event and one upsert per record state would cost. The
// real adapter (pipeline, outbox, sink, jsforce) writes to the Salesforce stand-in, whose request
// counters are read; time is simulated from the events' own timestamps. Prints figures only.
// Run: node --import tsx adapter/bench/delivery.bench.ts [copies=8]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import pino from 'pino';
import { startSalesforceStandIn } from '../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../devstack/salesforce/seed.ts';
import { normalizeEvent } from '../src/core/normalize-event.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { startAdapter } from '../src/app/start-adapter.ts';
import { buildScriptedCalls } from '../test/app/support/scripted-day.ts';
import { FakeProvider } from '../test/delivery/support/fake-provider.ts';
import { ManualClock } from '../test/delivery/support/manual-clock.ts';

const copies = Number(process.argv[2] ?? 8);
// Three of the fixtures' four agents are mapped; the fourth falls to the queue.
const agents = [
  '8f3c2a1b4d5e6f708192a3b4c5d6e7f1',
  '5b7e9d1c3a2f4e6d8c0b1a2938475661',
  '2e4f6a8c0b1d3f5e7a9c1b3d5f7e9a0b'
].map((pbxUserId, i) => ({
  username: `a${i}@acme.example`,
  firstName: 'A',
  lastName: `${i}`,
  email: `a${i}@acme.example`,
  role: 'agent' as const,
  pbxUserId
}));
const integration = {
  username: 'int@acme.example',
  firstName: 'I',
  lastName: 'U',
  email: 'i@acme.example',
  role: 'integration' as const
};

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
  const dir = mkdtempSync(join(tmpdir(), 'cti-bench-'));
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const org = await startSalesforceStandIn({
    jwtCertificatePem: await exportSPKI(publicKey),
    users: [...agents, integration],
    harness: false
  });
  writeFileSync(join(dir, 'key.pem'), await exportPKCS8(privateKey));
  const tenant = {
    id: 'acme',
    kazoo: {
      baseUrl: 'http://127.0.0.1:1',
      websocketUrl: 'ws://127.0.0.1:1',
      accountId: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
      apiKey: 'k'
    },
    salesforce: {
      loginUrl: org.loginUrl,
      auth: { kind: 'jwt', clientId: 'c', username: integration.username, privateKeyFile: 'key.pem' }
    },
    defaultOwnerId: UNASSIGNED_QUEUE.Id,
    apiKey: 'key',
    recordingLinkSecret: 'secret'
  };
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
