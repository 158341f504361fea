import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import type { TenantRuntime } from './http-deps.ts';

export const API_KEY_HEADER = 'x-api-key';

/** The API key a request presents in the `X-Api-Key` header. */
export function presentedApiKey(request: FastifyRequest): string | null {
  const header = request.headers[API_KEY_HEADER];
  return typeof header === 'string' && header.length > 0 ? header : null;
}

/** Query parameter of the hook URI that carries the tenant's webhook secret. */
export const WEBHOOK_SECRET_PARAM = 'secret';

/** The webhook secret a delivery presents as `?secret=` in its hook URI, or null. */
export function presentedWebhookSecret(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.[WEBHOOK_SECRET_PARAM];
  return typeof token === 'string' && token.length > 0 ? token : null;
}

/**
 * The tenant whose API key the request presents. Every tenant's key is checked (no early exit), and
 * each check is constant-time inside `verifyApiKey`, so the time taken says nothing about which key
 * or how much of it matched.
 */
export function authenticateTenant(request: FastifyRequest, tenants: readonly TenantRuntime[]): TenantRuntime {
  const key = presentedApiKey(request);
  if (key === null) {
    throw new ApiError(401, 'UNAUTHENTICATED', 'Missing API key: send it in the X-Api-Key header.');
  }
  let match: TenantRuntime | null = null;
  for (const tenant of tenants) {
    if (tenant.verifyApiKey(key) && match === null) match = tenant;
  }
  if (match === null) throw new ApiError(401, 'UNAUTHENTICATED', 'The API key is not valid.');
  return match;
}

/**
 * For the webhook intake: the tenant named in the path, authenticated by its webhook secret from
 * the `?secret=` token (Kazoo hooks cannot send custom headers, so the hook URI carries it). The
 * tenant's API key is not accepted here: Kazoo shows hook URIs to account admins in its delivery
 * attempts (webhooks_util.erl debug_req/5), so what sits in a URI must open nothing but this door.
 * An unknown tenant, a tenant without a webhook secret and a wrong secret get the same answer, so
 * tenant ids cannot be probed.
 */
export function authenticateWebhookTenant(
  request: FastifyRequest,
  tenants: readonly TenantRuntime[],
  tenantId: string
): TenantRuntime {
  const secret = presentedWebhookSecret(request);
  if (secret === null) {
    throw new ApiError(
      401,
      'UNAUTHENTICATED',
      `Missing webhook secret: put ?${WEBHOOK_SECRET_PARAM}=<the tenant's webhookSecret> in the hook URI.`
    );
  }
  const tenant = tenants.find((candidate) => candidate.tenantId === tenantId);
  if (!tenant || !tenant.verifyWebhookSecret(secret)) {
    throw new ApiError(
      401,
      'UNAUTHENTICATED',
      "Unknown tenant or wrong webhook secret (the tenant's webhookSecret, not its API key)."
    );
  }
  return tenant;
}
