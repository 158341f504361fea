import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import type { TenantRuntime } from './http-deps.ts';

export const API_KEY_HEADER = 'x-api-key';

/** The API key a request presents: the `X-Api-Key` header, else (webhooks only) the `key` query token. */
export function presentedApiKey(request: FastifyRequest, allowQueryToken: boolean): string | null {
  const header = request.headers[API_KEY_HEADER];
  if (typeof header === 'string' && header.length > 0) return header;
  if (allowQueryToken) {
    const query = request.query as Record<string, unknown> | undefined;
    const token = query?.key;
    if (typeof token === 'string' && token.length > 0) return token;
  }
  return null;
}

/**
 * The tenant whose API key the request presents. Every tenant's key is checked (no early exit), and
 * each check is constant-time inside `verifyApiKey`, so the time taken says nothing about which key
 * or how much of it matched.
 */
export function authenticateTenant(request: FastifyRequest, tenants: readonly TenantRuntime[]): TenantRuntime {
  const key = presentedApiKey(request, false);
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
 * For the webhook intake: the tenant named in the path, authenticated by its own key from the
 * header or the `?key=` token (Kazoo hooks cannot send custom headers, so the hook URI carries it).
 * An unknown tenant and a wrong key get the same answer so tenant ids cannot be probed.
 */
export function authenticateNamedTenant(
  request: FastifyRequest,
  tenants: readonly TenantRuntime[],
  tenantId: string
): TenantRuntime {
  const key = presentedApiKey(request, true);
  if (key === null) {
    throw new ApiError(401, 'UNAUTHENTICATED', 'Missing API key: send X-Api-Key or put ?key= in the hook URI.');
  }
  const tenant = tenants.find((candidate) => candidate.tenantId === tenantId);
  if (!tenant || !tenant.verifyApiKey(key)) {
    throw new ApiError(401, 'UNAUTHENTICATED', 'Unknown tenant or wrong API key.');
  }
  return tenant;
}
