import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.ts';
import { authenticateTenant } from '../authenticate-tenant.ts';
import { toDialableNumber } from '../dialable-number.ts';
import type { HttpDeps } from '../http-deps.ts';
import { parseInput } from '../parse-input.ts';
import { pbxFailure } from '../pbx-failure.ts';
import { SALESFORCE_ID, SALESFORCE_USER_ID } from '../salesforce-ids.ts';

const DialBody = z.strictObject({
  salesforceUserId: SALESFORCE_USER_ID,
  number: z.string().trim().min(1, 'Enter a number to call').max(40, 'A number has at most 40 characters'),
  relatedRecordId: SALESFORCE_ID.nullish()
});

/** `POST /api/v1/dial`: click-to-dial, the agent's phone rings first, then the number. */
export function registerDialRoute(app: FastifyInstance, deps: HttpDeps, rateLimit: object): void {
  app.post('/api/v1/dial', { config: { rateLimit } }, async (request, reply) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const body = parseInput(DialBody, request.body, 'request body');
    const dialable = toDialableNumber(body.number, tenant.defaultCountry, {
      featureCodes: tenant.provider.dialsFeatureCodes === true
    });
    if (!dialable.ok) throw new ApiError(400, 'INVALID_NUMBER', dialable.message);

    const pbxUserId = await tenant.pbxUserIdFor(body.salesforceUserId);
    if (pbxUserId === null) {
      throw new ApiError(
        409,
        'USER_NOT_MAPPED',
        'Your user is not mapped to a PBX user. Ask your admin to set your PBX user id.'
      );
    }
    try {
      const { reference, state } = await tenant.provider.originate({
        pbxUserId,
        number: dialable.number,
        relatedRecordId: body.relatedRecordId ?? null
      });
      request.log.info({ tenantId: tenant.tenantId, pbxUserId, reference, state }, 'click-to-dial originated');
      if (state === 'ringing') {
        // The adapter stopped waiting, the PBX did not: a slow answer is not a failed call.
        return reply.code(202).send({
          reference,
          status: 'ringing',
          message: 'Your phone may still be ringing: pick it up to place the call.'
        });
      }
      return reply.code(202).send({ reference, status: 'queued' });
    } catch (error) {
      request.log.warn({ tenantId: tenant.tenantId, pbxUserId, err: error }, 'click-to-dial refused');
      throw pbxFailure(error, pbxUserId);
    }
  });
}
