/**
 * A TenantRuntime test double for unit tests of the HTTP layer: a scripted provider, a fixed
 * user mapping, and a list of what was ingested. Integration tests use the real provider instead.
 */
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { HttpDeps, IngestResult, TenantHealth, TenantRuntime } from '../../src/http/http-deps.ts';
import type { PbxProvider } from '../../src/pbx/pbx-provider.ts';

export interface FakeTenant extends TenantRuntime {
  readonly apiKey: string;
  readonly webhookSecret: string;
  readonly ingested: unknown[];
}

export interface FakeTenantOptions {
  tenantId?: string;
  provider?: Partial<PbxProvider>;
  users?: Record<string, string>;
  ingest?: (raw: unknown) => Promise<IngestResult>;
}

export function fakeTenant(options: FakeTenantOptions = {}): FakeTenant {
  const tenantId = options.tenantId ?? 'acme';
  const apiKey = randomBytes(24).toString('base64url');
  const webhookSecret = randomBytes(24).toString('base64url');
  const ingested: unknown[] = [];
  const provider = {
    source: 'kazoo',
    accountId: `${tenantId}-account`,
    ...options.provider
  } as PbxProvider;
  return {
    tenantId,
    apiKey,
    webhookSecret,
    ingested,
    provider,
    recordingLinkSecret: randomBytes(32),
    verifyApiKey: (presented) => presented === apiKey,
    verifyWebhookSecret: (presented) => presented === webhookSecret,
    pbxUserIdFor: (salesforceUserId) => Promise.resolve(options.users?.[salesforceUserId] ?? null),
    ingestEvent: async (raw) => {
      const result = options.ingest ? await options.ingest(raw) : { accepted: true };
      if (result.accepted) ingested.push(raw);
      return result;
    },
    health: () => Promise.resolve(healthOf(tenantId))
  };
}

export function healthOf(tenantId: string): TenantHealth {
  return {
    tenantId,
    pbx: { connected: true, status: 'connected', lastEventAt: null, eventLagMs: null },
    outbox: { depth: 0, deadLetters: 0, oldestPendingAt: null },
    salesforce: { authenticated: true, detail: 'ok', lastWriteAt: null }
  };
}

/** HttpDeps around some tenants, with a silent logger unless one is given. */
export function testDeps(tenants: TenantRuntime[], overrides: Partial<HttpDeps> = {}): HttpDeps {
  const logger: Logger = overrides.logger ?? pino({ level: 'silent' });
  return {
    version: '9.9.9-test',
    tenants,
    metrics: new Registry(),
    logger,
    publicBaseUrl: 'http://127.0.0.1:1',
    ready: () => true,
    recordingLinkTtlSeconds: 300,
    ...overrides
  };
}
