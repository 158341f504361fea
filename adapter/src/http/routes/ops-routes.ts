import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.ts';
import type { HttpDeps } from '../http-deps.ts';

/** Unauthenticated probes for orchestrators and Prometheus; they reveal no tenant data. */
export function registerOpsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', () => ({ status: 'ok' }));

  // Not ready while starting or stopping, or while a tenant's PBX event stream is not subscribed
  // (events would be missed); ready with warnings after lost frames.
  app.get('/readyz', () => {
    if (!deps.ready()) throw new ApiError(503, 'NOT_READY', 'The adapter is starting or stopping.');
    const states = deps.tenants.map((tenant) => tenant.readiness?.() ?? { problems: [], warnings: [] });
    const problems = states.flatMap((state) => state.problems);
    if (problems.length > 0) throw new ApiError(503, 'NOT_READY', problems.join('; '));
    const warnings = states.flatMap((state) => state.warnings);
    return warnings.length > 0 ? { status: 'ready', warnings } : { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.metrics();
    return reply.header('content-type', deps.metrics.contentType).send(text);
  });
}
