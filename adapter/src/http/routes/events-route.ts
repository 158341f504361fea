import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.ts';
import { authenticateNamedTenant } from '../authenticate-tenant.ts';
import type { HttpDeps } from '../http-deps.ts';
import type { HttpMetrics } from '../http-metrics.ts';
import { parseInput } from '../parse-input.ts';
import { unflattenFormFields, webhookToCallEvent } from '../webhook-event.ts';

const EventsParams = z.object({ tenantId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Expected a tenant id') });

/**
 * `POST /api/v1/events/{tenantId}`: Kazoo webhooks as a second event transport. The hook URI
 * carries the tenant's API key as `?key=` because Kazoo cannot add custom headers; it is compared
 * in constant time and never logged (the request log prints URLs without their query). Kazoo
 * counts only 200 as delivered and disables a hook after repeated failures, so 200 means "stored
 * durably" (or, for Kazoo's fake destroys, "deliberately ignored"); everything else says why.
 */
export function registerEventsRoute(
  app: FastifyInstance,
  deps: HttpDeps,
  metrics: HttpMetrics,
  rateLimit: object
): void {
  app.post('/api/v1/events/:tenantId', { config: { rateLimit } }, async (request) => {
    const { tenantId } = parseInput(EventsParams, request.params, 'tenant id');
    const tenant = authenticateNamedTenant(request, deps.tenants, tenantId);
    const count = (result: string): void => metrics.webhookEvents.inc({ tenant: tenant.tenantId, result });

    const accountHeader = request.headers['x-account-id'];
    if (typeof accountHeader !== 'string' || accountHeader === '') {
      count('refused');
      throw new ApiError(400, 'INVALID_REQUEST', 'Missing X-Account-ID header: is this a Kazoo webhook delivery?');
    }
    if (accountHeader !== tenant.provider.accountId) {
      count('refused');
      throw new ApiError(403, 'ACCOUNT_MISMATCH', `This hook belongs to account ${accountHeader}, not to this tenant.`);
    }
    const mapping = webhookToCallEvent(readPayload(request));
    if (mapping.kind === 'invalid') {
      count('rejected');
      throw new ApiError(422, 'EVENT_REJECTED', mapping.reason);
    }
    if (mapping.kind === 'ignored') {
      // Still 200: a non-200 counts towards Kazoo disabling the hook, and nothing is lost.
      count('ignored');
      return { status: 'ignored', reason: mapping.reason };
    }
    let result;
    try {
      result = await tenant.ingestEvent(mapping.event, 'webhook');
    } catch (error) {
      count('failed');
      request.log.error({ tenantId, err: error }, 'storing a webhook event failed');
      throw new ApiError(503, 'STORE_UNAVAILABLE', 'The event could not be stored; Kazoo may retry it.');
    }
    if (!result.accepted) {
      count('rejected');
      throw new ApiError(422, 'EVENT_REJECTED', result.reason ?? 'The event was refused.');
    }
    count('accepted');
    request.log.debug({ tenantId, hookId: request.headers['x-hook-id'], callId: mapping.event.call_id }, 'webhook in');
    return { status: 'stored' };
  });
}

/** JSON deliveries arrive nested already; form-data deliveries arrive flat (`a[b]=…`). */
function readPayload(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'INVALID_REQUEST', 'The delivery body must be a JSON object or form fields.');
  }
  const fields = { ...(body as Record<string, unknown>) };
  const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return isForm ? unflattenFormFields(fields) : fields;
}
