/**
 * A TenantRuntime for integration tests, made of the real pieces short of Salesforce: the real
 * event pipeline (normalizer, correlator, durable inbox and outbox in a temporary SQLite store)
 * behind whatever provider the test passes (the real Kazoo provider on the simulator). Only the
 * Salesforce side is replaced: a fixed Salesforce user → PBX user map and no delivery.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { systemClock } from '../../src/delivery/clock.ts';
import type { TenantRuntime } from '../../src/http/http-deps.ts';
import { createAdapterMetrics } from '../../src/metrics/adapter-metrics.ts';
import type { PbxProvider } from '../../src/pbx/pbx-provider.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { healthOf } from './fake-tenant.ts';

export interface PipelineTenant {
  runtime: TenantRuntime;
  apiKey: string;
  /** What hook URIs carry as `?secret=`. */
  webhookSecret: string;
  /** Folds what was accepted, ends finished calls, and returns the latest record per CallId__c. */
  records(): CallDataProjection[];
  close(): Promise<void>;
}

export function pipelineTenant(options: {
  tenantId: string;
  provider: PbxProvider;
  users?: Record<string, string>;
}): PipelineTenant {
  const directory = mkdtempSync(join(tmpdir(), 'http-tenant-'));
  const store = new TenantStore(join(directory, `${options.tenantId}.sqlite`));
  const pipeline = new EventPipeline({
    tenantId: options.tenantId,
    store,
    // No grace period: a call is final as soon as all its legs are destroyed.
    correlator: { defaultRegion: 'US', graceMs: 0 },
    coalesceWindowMs: 0,
    clock: systemClock,
    metrics: createAdapterMetrics(),
    logger: pino({ level: 'silent' }),
    onQueued: () => undefined
  });
  const apiKey = randomBytes(24).toString('base64url');
  const webhookSecret = randomBytes(24).toString('base64url');
  const matches = (presented: string, expected: string): boolean => {
    const a = Buffer.from(presented);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const runtime: TenantRuntime = {
    tenantId: options.tenantId,
    provider: options.provider,
    recordingLinkSecret: randomBytes(32),
    verifyApiKey: (presented) => matches(presented, apiKey),
    verifyWebhookSecret: (presented) => matches(presented, webhookSecret),
    pbxUserIdFor: (salesforceUserId) => Promise.resolve(options.users?.[salesforceUserId] ?? null),
    ingestEvent: (raw, transport) => Promise.resolve(pipeline.accept(raw, transport)),
    health: () => Promise.resolve(healthOf(options.tenantId))
  };
  return {
    runtime,
    apiKey,
    webhookSecret,
    records() {
      pipeline.processInbox();
      pipeline.expire();
      return store.outbox.all(10_000).map((entry) => entry.record);
    },
    async close() {
      // Let the processing the last accepted event scheduled run before the store goes away.
      await new Promise((resolve) => setImmediate(resolve));
      store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  };
}
