import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { webhookToCallEvent } from '../../core/webhook-payload.ts';
import { ApiError } from '../api-error.ts';
import { authenticateWebhookTenant } from '../authenticate-tenant.ts';
import { unflattenFormFields } from '../form-fields.ts';
import type { HttpDeps } from '../http-deps.ts';
import type { HttpMetrics } from '../http-metrics.ts';
import { parseInput } from '../parse-input.ts';

const EventsParams = z.object({ tenantId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Expected a tenant id') });
const PATH = '/api/v1/events/:tenantId';

/**
 * Largest delivery taken. A channel event is 1–3 KiB (base_hook_event/3, plus the non-reserved
 * CCVs and the hook's custom_data); 64 KiB leaves room for long CCVs and stops a flood of big bodies.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * `POST|PUT /api/v1/events/{tenantId}`: Kazoo webhooks as a second event transport. The hook URI
 * carries the tenant's webhook secret as `?secret=` because Kazoo cannot add custom headers; it is
 * compared in constant time and never logged (the request log prints URLs without their query).
 * Kazoo counts only 200 as delivered and disables a hook after repeated failures, so 200 means
 * "stored durably" (or, for Kazoo's fake destroys, "deliberately ignored"); everything else says why.
 * GET hooks are refused: webhooks_util:do_fire/3 appends `?<payload>` to the URI as it is, which
 * puts a second `?` after the secret.
 */
export function registerEventsRoute(
  app: FastifyInstance,
  deps: HttpDeps,
  metrics: HttpMetrics,
  rateLimit: object
): void {
  /** The tenant label of a count: only configured tenant ids, so a caller cannot invent label values. */
  const tenantLabel = (request: FastifyRequest): string => {
    const tenantId = (request.params as { tenantId?: unknown } | undefined)?.tenantId;
    return deps.tenants.some((tenant) => tenant.tenantId === tenantId) ? String(tenantId) : 'unknown';
  };

  app.route({
    method: ['POST', 'PUT'],
    url: PATH,
    bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
    config: { rateLimit },
    // Runs for errors before the handler too, such as fastify's body-limit refusal.
    errorHandler: (error: FastifyError, request: FastifyRequest, _reply: FastifyReply) => {
      if (error.statusCode !== 413) throw error;
      metrics.webhookEvents.inc({ tenant: tenantLabel(request), result: 'too_large' });
      request.log.warn({ tenant: tenantLabel(request) }, 'webhook delivery over the body limit refused');
      throw new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        `A webhook delivery may be at most ${WEBHOOK_BODY_LIMIT_BYTES / 1024} KiB; a Kazoo channel event is 1–3 KiB. ` +
          "Check the hook's custom_data."
      );
    },
    handler: async (request) => {
      const { tenantId } = parseInput(EventsParams, request.params, 'tenant id');
      const tenant = authenticateWebhookTenant(request, deps.tenants, tenantId);
      const count = (result: string): void => metrics.webhookEvents.inc({ tenant: tenant.tenantId, result });

      const accountHeader = request.headers['x-account-id'];
      if (typeof accountHeader !== 'string' || accountHeader === '') {
        count('refused');
        throw new ApiError(400, 'INVALID_REQUEST', 'Missing X-Account-ID header: is this a Kazoo webhook delivery?');
      }
      if (accountHeader !== tenant.provider.accountId) {
        count('refused');
        throw new ApiError(
          403,
          'ACCOUNT_MISMATCH',
          `This hook belongs to account ${accountHeader}, not to this tenant.`
        );
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
      request.log.debug(
        { tenantId, hookId: request.headers['x-hook-id'], callId: mapping.event.call_id },
        'webhook in'
      );
      return { status: 'stored' };
    }
  });

  app.get(PATH, { config: { rateLimit } }, async (request, reply) => {
    metrics.webhookEvents.inc({ tenant: tenantLabel(request), result: 'refused' });
    void reply.header('allow', 'POST, PUT');
    throw new ApiError(
      405,
      'METHOD_NOT_ALLOWED',
      "GET hooks are not supported: Kazoo appends the payload to the hook URI after a second '?', which breaks " +
        "the secret. Set the hook's http_verb to post (or put)."
    );
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
