/**
 * One adapter (the real pipeline, outbox, sink and jsforce) writing to its own Salesforce stand-in,
 * with the clock the bench chooses, and the helpers the bench runs need: feed a timeline, wait
 * until the outbox is empty, count the org's requests, compare the stored records with the truth.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startAdapter } from '../../src/app/start-adapter.ts';
import type { Clock } from '../../src/delivery/clock.ts';
import { startScriptedOrg } from '../../test/app/support/scripted-org.ts';
import { FakeProvider } from '../../test/delivery/support/fake-provider.ts';

export type BenchAdapter = Awaited<ReturnType<typeof startBenchAdapter>>;

export async function startBenchAdapter(options: {
  clock: Clock;
  latencyMs?: number;
  tenant?: Record<string, unknown>;
  delivery?: Record<string, unknown>;
}) {
  const { dir, org, tenant } = await startScriptedOrg('cti-bench-');
  if (options.latencyMs) org.faults.configure({ endpoints: { '*': { latencyMs: options.latencyMs } } });
  writeFileSync(
    join(dir, 'adapter.json'),
    JSON.stringify({
      store: { directory: join(dir, 'data') },
      delivery: { graceMs: 5000, reconcileIntervalMs: 3_600_000, ...options.delivery },
      tenants: [{ ...tenant, ...options.tenant }]
    })
  );
  const adapter = await startAdapter(loadConfig(join(dir, 'adapter.json')), pino({ level: 'silent' }), {
    http: false,
    clock: options.clock,
    providerFactory: () => new FakeProvider(tenant.kazoo.accountId)
  });
  const service = adapter.tenants[0];
  if (!service) throw new Error('no tenant');
  const changes: { atMs: number; callId: string }[] = [];
  /** When each record's first Ringing state was queued (bench clock). */
  const ringingQueuedAt = new Map<string, number>();
  const onQueued = service.onQueued.bind(service);
  service.onQueued = (projections) => {
    for (const p of projections) {
      changes.push({ atMs: options.clock.now(), callId: p.CallId__c });
      if (p.Status__c === 'Ringing' && !ringingQueuedAt.has(p.CallId__c))
        ringingQueuedAt.set(p.CallId__c, options.clock.now());
    }
    onQueued(projections);
  };
  /** When each CallData__c record was created in the org, on the bench clock. */
  const insertedAt = new Map<string, number>();
  const insert = org.store.insert.bind(org.store);
  org.store.insert = (sobject, fields, now) => {
    const record = insert(sobject, fields, now);
    if (sobject === 'CallData__c') insertedAt.set(String(record.CallId__c), options.clock.now());
    return record;
  };
  /** Queued → stored of every record's first Ringing state that was its first write (ms, bench clock). */
  const ringingWaits = () => {
    return [...ringingQueuedAt].flatMap(([callId, queuedAt]) => {
      const storedAt = insertedAt.get(callId);
      return storedAt === undefined ? [] : [storedAt - queuedAt];
    });
  };
  const requests = () => {
    const c = org.counters.snapshot();
    return (c['rest.collections'] ?? 0) + (c['rest.search'] ?? 0) + (c['rest.query'] ?? 0) + (c['oauth.token'] ?? 0);
  };
  /** Stored records that differ from the replay's in any projected field, plus missing ones. */
  const wrongRecords = (expected: Record<string, unknown>[]) => {
    const stored = new Map(org.records('CallData__c').map((r) => [String(r.CallId__c), r]));
    let wrong = Math.abs(stored.size - expected.length);
    for (const want of expected) {
      const got = stored.get(String(want.CallId__c));
      if (!got || PROJECTION_FIELDS.some((f) => JSON.stringify(got[f] ?? null) !== JSON.stringify(want[f] ?? null)))
        wrong += 1;
    }
    return wrong;
  };
  return {
    dir,
    org,
    service,
    changes,
    ringingWaits,
    requests,
    wrongRecords,
    outboxDepth: () => service.parts.store.counts().outboxDepth,
    deadLetters: () => service.parts.store.counts().deadLetters,
    stop: async () => {
      await adapter.stop();
      await org.stop();
    }
  };
}
