/**
 * Builds one tenant's parts from its config: store, Salesforce session and owner mapping, the
 * sink and the event pipeline. The CLI commands use the same function, so `check` and `outbox`
 * see exactly what `start` runs.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CountryCode } from 'libphonenumber-js';
import type { AdapterConfig, TenantConfig } from '../config/adapter-config.ts';
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import type { AdapterMetrics } from '../metrics/adapter-metrics.ts';
import { TenantStore } from '../store/tenant-store.ts';
import { SalesforceSession } from '../salesforce/salesforce-session.ts';
import { packageNames } from '../salesforce/package-names.ts';
import { OwnerDirectory } from '../salesforce/owner-directory.ts';
import { createJwtTokenSource, type TokenSource } from '../salesforce/token-source.ts';
import { createWebServerFlow, type WebServerFlow } from '../salesforce/web-server-flow.ts';
import { createTokenCipher } from '../salesforce/token-cipher.ts';
import { CallDataSink } from '../delivery/call-data-sink.ts';
import type { Clock } from '../delivery/clock.ts';
import { EventPipeline } from './event-pipeline.ts';
import { TenantService, type RingPublisher } from './tenant-runtime.ts';

export interface BuildTenantOptions {
  config: AdapterConfig;
  tenant: TenantConfig;
  provider: PbxProvider;
  metrics: AdapterMetrics;
  logger: Logger;
  clock: Clock;
  random?: () => number;
  /** The softphones' ringing channel, when the HTTP server runs. */
  ring?: RingPublisher;
}

export function storePath(config: AdapterConfig, tenantId: string): string {
  return join(config.store.directory, `${tenantId}.sqlite`);
}

/** The tenant's token source (and its web-server flow when it connects orgs by link). */
export function buildTokenSource(
  config: AdapterConfig,
  tenant: TenantConfig,
  store: TenantStore,
  clock: Clock
): { tokenSource: TokenSource; webServerFlow: WebServerFlow | null } {
  const { auth, loginUrl, instanceUrl } = tenant.salesforce;
  if (auth.kind === 'jwt') {
    const tokenSource = createJwtTokenSource({ ...auth, loginUrl, instanceUrl, now: clock.now });
    return { tokenSource, webServerFlow: null };
  }
  if (!config.store.tokenEncryptionKey) {
    throw new Error(`tenant ${tenant.id} uses the web-server flow: set store.tokenEncryptionKey (Env or File)`);
  }
  const cipher = createTokenCipher(config.store.tokenEncryptionKey);
  const flow = createWebServerFlow({ ...auth, loginUrl, store, cipher, now: clock.now });
  return { tokenSource: flow.tokenSource, webServerFlow: flow };
}

/** Wires a tenant; call `start()` on the result to run it. */
export function buildTenant(options: BuildTenantOptions): {
  service: TenantService;
  webServerFlow: WebServerFlow | null;
} {
  const { config, tenant, provider, metrics, logger, clock } = options;
  const log = logger.child({ tenant: tenant.id });
  const store = new TenantStore(storePath(config, tenant.id));
  const { tokenSource, webServerFlow } = buildTokenSource(config, tenant, store, clock);
  const session = new SalesforceSession({
    tokenSource,
    apiVersion: tenant.salesforce.apiVersion,
    now: clock.now,
    onTokenRequest: (outcome) => metrics.apiRequests.inc({ tenant: tenant.id, kind: 'token', outcome })
  });
  const connection = () => session.connection();
  const names = packageNames(tenant.salesforce.namespace);
  const owners = new OwnerDirectory({
    connection,
    names,
    now: clock.now,
    refreshIntervalMs: config.delivery.ownerRefreshIntervalMs,
    onQuery: (outcome) => metrics.apiRequests.inc({ tenant: tenant.id, kind: 'query', outcome })
  });
  const sink = new CallDataSink({
    tenantId: tenant.id,
    store,
    connection,
    owners,
    defaultOwnerId: tenant.defaultOwnerId,
    region: tenant.defaultRegion,
    coalesceWindowMs: tenant.coalesceWindowMs,
    requestSpacingMs: tenant.requestSpacingMs,
    delivery: config.delivery,
    clock,
    metrics,
    logger: log,
    random: options.random,
    names
  });
  let service: TenantService | null = null;
  const pipeline = new EventPipeline({
    tenantId: tenant.id,
    store,
    correlator: { defaultRegion: tenant.defaultRegion as CountryCode, graceMs: config.delivery.graceMs },
    coalesceWindowMs: tenant.coalesceWindowMs,
    ringingDelayMs: tenant.ringingDelayMs,
    clock,
    metrics,
    logger: log,
    onEvent: (event, receivedAt) => service?.onEvent(event, receivedAt),
    onQueued: (projections) => service?.onQueued(projections)
  });
  service = new TenantService({
    config: tenant,
    delivery: config.delivery,
    provider,
    store,
    session,
    owners,
    sink,
    pipeline,
    clock,
    metrics,
    logger: log,
    ring: options.ring
  });
  return { service, webServerFlow };
}
