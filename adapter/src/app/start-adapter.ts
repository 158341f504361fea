/**
 * The composition root: builds every tenant from the config, starts their PBX streams and
 * Salesforce sinks, and serves the HTTP API. `stop()` shuts down gracefully: intake first, then
 * the outbox is flushed, then the stores close.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AdapterConfig, TenantConfig } from '../config/adapter-config.ts';
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import { createAdapterMetrics, type AdapterMetrics } from '../metrics/adapter-metrics.ts';
import { buildHttpServer } from '../http/build-http-server.ts';
import { RingChannel } from '../http/ring-channel.ts';
import { createOAuthConnector, type OAuthConnector } from '../salesforce/oauth-callback.ts';
import type { WebServerFlow } from '../salesforce/web-server-flow.ts';
import { systemClock, type Clock } from '../delivery/clock.ts';
import { buildTenant } from './build-tenant.ts';
import type { TenantService } from './tenant-runtime.ts';

export const ADAPTER_VERSION = '0.1.0';

/**
 * The key that signs OAuth `state`: derived from stable secrets so that a connect link printed by
 * `cti-adapter check` is accepted by the running adapter.
 */
export function oauthStateKey(config: AdapterConfig): Buffer {
  return createHash('sha256')
    .update(config.store.tokenEncryptionKey ?? config.tenants.map((t) => t.recordingLinkSecret).join('|'))
    .update('oauth-state')
    .digest();
}

export interface StartAdapterOptions {
  clock?: Clock;
  /** Replaces the Kazoo provider (tests, other PBXs). */
  providerFactory?: (tenant: TenantConfig, logger: Logger) => PbxProvider;
  /** Set false to run without the HTTP server (tests that only need delivery). */
  http?: boolean;
  metrics?: AdapterMetrics;
}

export interface RunningAdapter {
  tenants: TenantService[];
  http: FastifyInstance | null;
  /** The HTTP server's address once listening (e.g. http://127.0.0.1:8080). */
  url: string | null;
  metrics: AdapterMetrics;
  /** Connect links and the `/oauth/callback` handler for tenants on the web-server flow. */
  oauth: OAuthConnector;
  stop(): Promise<void>;
}

/** Starts the adapter for every configured tenant. */
export async function startAdapter(
  config: AdapterConfig,
  logger: Logger,
  options: StartAdapterOptions = {}
): Promise<RunningAdapter> {
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createAdapterMetrics({ defaultMetrics: true });
  let providerFactory = options.providerFactory;
  if (!providerFactory) {
    // Loaded only when needed, so tests and other PBXs never load the Kazoo client.
    const { createKazooProvider } = await import('../kazoo/kazoo-provider.ts');
    const { loginPacerFor } = await import('../kazoo/login-pacer.ts');
    // Tenants starting together share the adapter's address, hence Crossbar's per-IP login bucket:
    // their logins are spaced by one pacer per cluster instead of colliding into 429s (A16).
    providerFactory = (tenant, log) =>
      createKazooProvider({ ...tenant.kazoo }, log.child({ tenant: tenant.id }), {
        loginPacer: loginPacerFor(tenant.kazoo.baseUrl)
      });
  }
  const ring = options.http === false ? undefined : new RingChannel({ metrics, logger });
  const tenants: TenantService[] = [];
  const flows = new Map<string, WebServerFlow>();
  for (const tenant of config.tenants) {
    const built = buildTenant({
      config,
      tenant,
      provider: providerFactory(tenant, logger),
      metrics,
      logger,
      clock,
      ring
    });
    tenants.push(built.service);
    if (built.webServerFlow) flows.set(tenant.id, built.webServerFlow);
  }
  const oauth = createOAuthConnector({ flows, stateKey: oauthStateKey(config), now: clock.now });
  for (const tenant of tenants) tenant.start();

  let http: FastifyInstance | null = null;
  let url: string | null = null;
  let ready = true;
  if (options.http !== false) {
    http = buildHttpServer({
      version: ADAPTER_VERSION,
      tenants,
      metrics: metrics.registry,
      logger,
      publicBaseUrl: config.http.publicBaseUrl,
      ready: () => ready,
      recordingLinkTtlSeconds: config.http.recordingLinkTtlSeconds,
      ringChannel: ring
    });
    if (flows.size > 0) {
      // The redirect URI of the "Connect Salesforce" flow (tenant.salesforce.auth.redirectUri).
      http.get('/oauth/callback', async (request, reply) => {
        const result = await oauth.handleCallback(request.query as Record<string, unknown>);
        if (result.status === 200) tenants.find((t) => t.tenantId === result.tenantId)?.parts.sink.resume();
        return reply.code(result.status).type('text/plain; charset=utf-8').send(`${result.message}\n`);
      });
    }
    url = await http.listen({ host: config.http.host, port: config.http.port });
  }
  logger.info({ tenants: tenants.map((t) => t.tenantId), url }, 'adapter started');

  let stopping: Promise<void> | null = null;
  return {
    tenants,
    http,
    url,
    metrics,
    oauth,
    stop() {
      stopping ??= (async () => {
        ready = false;
        ring?.close();
        await Promise.all(tenants.map((t) => t.stop()));
        await http?.close();
        logger.info('adapter stopped');
      })();
      return stopping;
    }
  };
}
