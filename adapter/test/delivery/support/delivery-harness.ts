/**
 * Builds the real delivery stack (store, jsforce session with JWT bearer, owner directory, sink)
 * against a fake org, with a manual clock, for the delivery tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import pino from 'pino';
import type { CallDataProjection } from '../../../src/core/call-data.ts';
import { deliveryConfigSchema } from '../../../src/config/adapter-config.ts';
import { CallDataSink } from '../../../src/delivery/call-data-sink.ts';
import { createAdapterMetrics, type AdapterMetrics } from '../../../src/metrics/adapter-metrics.ts';
import { OwnerDirectory } from '../../../src/salesforce/owner-directory.ts';
import { SalesforceSession } from '../../../src/salesforce/salesforce-session.ts';
import { createJwtTokenSource } from '../../../src/salesforce/token-source.ts';
import { TenantStore } from '../../../src/store/tenant-store.ts';
import { startFakeOrg, type FakeOrg, type FakeOrgOptions } from './fake-org.ts';
import { ManualClock } from './manual-clock.ts';

export const QUEUE_ID = '00G000000000001AAA';

export interface DeliveryHarness {
  org: FakeOrg;
  clock: ManualClock;
  store: TenantStore;
  sink: CallDataSink;
  metrics: AdapterMetrics;
  /** Builds a fresh sink over the same store file (a restarted process). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A projection with sensible defaults for an inbound call to user `u1`. */
export function projection(overrides: Partial<CallDataProjection> = {}): CallDataProjection {
  return {
    CallId__c: 'i-1:u1',
    InteractionId__c: 'i-1',
    Direction__c: 'Inbound',
    Status__c: 'Ringing',
    Result__c: null,
    ExternalNumber__c: '+14155550100',
    FromNumber__c: '+14155550100',
    FromName__c: 'Caller',
    ToNumber__c: '1001',
    ToName__c: 'Agent',
    RingStartedAt__c: '2026-11-21T09:00:00.000Z',
    AnsweredAt__c: null,
    EndedAt__c: null,
    RingSeconds__c: null,
    TalkSeconds__c: null,
    HoldSeconds__c: null,
    DurationSeconds__c: null,
    HangupCause__c: null,
    PbxUserId__c: 'u1',
    Extension__c: '1001',
    PbxAccountId__c: 'acct',
    Source__c: 'kazoo',
    RecordingId__c: null,
    HasRecording__c: false,
    RelatedRecordId__c: null,
    LastEventSeq__c: 1,
    ...overrides
  };
}

export async function createDeliveryHarness(
  orgOptions: Omit<FakeOrgOptions, 'publicKey'> = {},
  delivery: Record<string, number> = {},
  sinkOptions: { requestSpacingMs?: number } = {}
): Promise<DeliveryHarness> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const org = await startFakeOrg({ ...orgOptions, publicKey });
  const pem = await exportPKCS8(privateKey);
  const clock = new ManualClock();
  const path = join(mkdtempSync(join(tmpdir(), 'cti-delivery-')), 'tenant.sqlite');
  const config = deliveryConfigSchema.parse({ baseBackoffMs: 1000, limitBackoffMs: 60_000, ...delivery });
  const harness = { org, clock } as DeliveryHarness;
  const build = () => {
    const metrics = createAdapterMetrics();
    const store = new TenantStore(path);
    const tokenSource = createJwtTokenSource({
      loginUrl: org.url,
      clientId: 'client',
      username: 'int@example.com',
      privateKey: pem,
      now: clock.now
    });
    const session = new SalesforceSession({ tokenSource, apiVersion: '66.0', now: clock.now });
    const connection = () => session.connection();
    const owners = new OwnerDirectory({ connection, now: clock.now, refreshIntervalMs: 900_000 });
    const sink = new CallDataSink({
      tenantId: 't1',
      store,
      connection,
      owners,
      defaultOwnerId: QUEUE_ID,
      region: 'US',
      coalesceWindowMs: 250,
      requestSpacingMs: sinkOptions.requestSpacingMs,
      delivery: config,
      clock,
      metrics,
      logger: pino({ level: 'silent' }),
      random: () => 0.5
    });
    Object.assign(harness, { store, sink, metrics });
  };
  build();
  harness.restart = () => {
    harness.sink.stop();
    harness.store.close();
    build();
    return Promise.resolve();
  };
  harness.close = async () => {
    harness.sink.stop();
    harness.store.close();
    await org.close();
  };
  return harness;
}
