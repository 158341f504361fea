import { createHash } from 'node:crypto';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import { presentedApiKey, presentedWebhookSecret } from './authenticate-tenant.ts';
import type { HttpDeps } from './http-deps.ts';
import { httpMetrics } from './http-metrics.ts';
import { registerDialRoute } from './routes/dial-route.ts';
import { registerCallControlRoutes } from './routes/call-control-routes.ts';
import { registerEventsRoute } from './routes/events-route.ts';
import { registerOpsRoutes } from './routes/ops-routes.ts';
import { registerRecordingRoutes } from './routes/recording-routes.ts';
import { registerTenantRoutes } from './routes/tenant-routes.ts';
import { registerRingRoutes } from './routes/ring-routes.ts';

const DEFAULT_API_PER_MINUTE = 120;
/** Kazoo disables a hook after 6 non-200s in 60 s, so the intake's limit is only a flood guard. */
const DEFAULT_WEBHOOK_PER_MINUTE = 6000;

/**
 * The adapter's HTTP API (documented in adapter/openapi.yaml): health probes and metrics, then
 * per-tenant `/api/v1/*` for Apex (click-to-dial, recording links, PBX users, health), the Kazoo
 * webhook intake, signed recording playback for the browser, and the softphones' ringing channel
 * (`GET /ring`, a WebSocket). Does not listen: the caller
 * does `await app.listen({ host, port })`.
 */
export function buildHttpServer(deps: HttpDeps): FastifyInstance {
  // Typed as Fastify's logger so the instance is the plain FastifyInstance the routes take.
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own request lines print the full URL, and webhook URLs carry the API key.
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    bodyLimit: 1024 * 1024
  });
  const metrics = httpMetrics(deps.metrics);
  const minute = 60_000;
  const apiLimit = { max: deps.rateLimit?.apiPerMinute ?? DEFAULT_API_PER_MINUTE, timeWindow: minute };
  const bulkLimit = { max: deps.rateLimit?.webhookPerMinute ?? DEFAULT_WEBHOOK_PER_MINUTE, timeWindow: minute };

  void app.register(fastifyFormbody);
  void app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'RATE_LIMITED',
        `Too many requests: the limit is ${context.max} per minute. Retry in ${context.after}.`
      )
  });

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500 && apiError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    reply.removeHeader('content-length');
    return reply
      .code(apiError.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError(404, 'NOT_FOUND', `There is no ${request.method} ${pathOf(request.url)} in this API.`);
    return reply.code(404).send(error.toBody());
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    // Refusals and failures are worth a line each; successful traffic (webhooks!) only at debug.
    const level = reply.statusCode >= 500 ? 'warn' : reply.statusCode >= 400 ? 'info' : 'debug';
    const line = { method: request.method, path: pathOf(request.url), status: reply.statusCode };
    request.log[level]({ ...line, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  void app.register((api, _options, done) => {
    registerOpsRoutes(api, deps);
    registerDialRoute(api, deps, apiLimit);
    registerCallControlRoutes(api, deps, apiLimit);
    registerRecordingRoutes(api, deps, apiLimit, bulkLimit);
    registerTenantRoutes(api, deps, apiLimit);
    registerRingRoutes(api, deps, apiLimit);
    registerEventsRoute(api, deps, metrics, bulkLimit);
    done();
  });
  // The ringing channel's WebSocket upgrades reach Node's server, not Fastify's router.
  deps.ringChannel?.attach(app.server, deps.tenants);
  return app;
}

/** Per API key or webhook secret (hashed: the limiter's memory never holds one), else per address. */
function rateLimitKey(request: FastifyRequest): string {
  const key = presentedApiKey(request) ?? presentedWebhookSecret(request);
  return key === null ? `ip:${request.ip}` : `key:${createHash('sha256').update(key).digest('base64url')}`;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof Error ? error.message : 'The request failed.';
  if (status === 413) return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (status === 415) return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported content type: ${message}`);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(400, 'INVALID_REQUEST', message);
  }
  return new ApiError(500, 'INTERNAL', 'Something went wrong in the adapter; the details are in its log.');
}
