import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.ts';
import { authenticateTenant } from '../authenticate-tenant.ts';
import type { HttpDeps } from '../http-deps.ts';
import { parseInput } from '../parse-input.ts';
import { RING_PATH } from '../ring-channel.ts';
import { signRingTicket } from '../ring-ticket.ts';
import { SALESFORCE_USER_ID } from '../salesforce-ids.ts';

const TicketBody = z.object({ salesforceUserId: SALESFORCE_USER_ID });
const DEFAULT_TTL_SECONDS = 60;

/**
 * `POST /api/v1/ring/tickets` (Apex, with the API key, for the agent running the softphone): a
 * ticket that opens the ringing channel for that agent's own calls, valid for a minute, and the
 * channel's URL (`ws(s)://<publicBaseUrl>/ring`). 404 `RING_CHANNEL_DISABLED` when the tenant allows
 * no origin: the softphone then hears its calls through the PushTopic alone.
 */
export function registerRingRoutes(app: FastifyInstance, deps: HttpDeps, rateLimit: object): void {
  app.post('/api/v1/ring/tickets', { config: { rateLimit } }, (request, reply) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const { salesforceUserId } = parseInput(TicketBody, request.body ?? {}, 'request body');
    if (!deps.ringChannel || !tenant.ringOrigins?.length) {
      throw new ApiError(
        404,
        'RING_CHANNEL_DISABLED',
        'The ringing channel is off for this tenant: list the softphone page origins in ringChannelOrigins.'
      );
    }
    const ttl = deps.ringTicketTtlSeconds ?? DEFAULT_TTL_SECONDS;
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    const ticket = signRingTicket(tenant.recordingLinkSecret, {
      tenantId: tenant.tenantId,
      salesforceUserId,
      expiresAt
    });
    const base = deps.publicBaseUrl.endsWith('/') ? deps.publicBaseUrl : `${deps.publicBaseUrl}/`;
    const url = new URL(RING_PATH.slice(1), base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return reply.send({ ticket, url: url.toString(), expiresAt: new Date(expiresAt * 1000).toISOString() });
  });
}
