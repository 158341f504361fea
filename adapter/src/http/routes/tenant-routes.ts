import type { FastifyInstance } from 'fastify';
import { authenticateTenant } from '../authenticate-tenant.ts';
import type { HttpDeps } from '../http-deps.ts';
import { pbxFailure } from '../pbx-failure.ts';

/**
 * What an org's admin page reads about its own tenant: the PBX users (for the mapping table) and
 * the adapter's health. A key only ever sees its own tenant.
 */
export function registerTenantRoutes(app: FastifyInstance, deps: HttpDeps, rateLimit: object): void {
  app.get('/api/v1/pbx/users', { config: { rateLimit } }, async (request) => {
    const tenant = authenticateTenant(request, deps.tenants);
    try {
      return { users: await tenant.provider.listMembers() };
    } catch (error) {
      request.log.warn({ tenantId: tenant.tenantId, err: error }, 'listing PBX users failed');
      throw pbxFailure(error);
    }
  });

  app.get('/api/v1/health', { config: { rateLimit } }, async (request) => {
    const tenant = authenticateTenant(request, deps.tenants);
    return { version: deps.version, tenants: [await tenant.health()] };
  });
}
