import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.ts';
import type { HttpDeps } from '../http-deps.ts';

/** Unauthenticated probes for orchestrators and Prometheus; they reveal no tenant data. */
export function registerOpsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', () => {
    if (!deps.ready()) throw new ApiError(503, 'NOT_READY', 'The adapter is starting or stopping.');
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.metrics();
    return reply.header('content-type', deps.metrics.contentType).send(text);
  });
}
