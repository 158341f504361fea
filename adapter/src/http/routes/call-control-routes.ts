import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENT_STATUSES, CALL_CONTROL_ACTIONS } from '../../pbx/pbx-provider.ts';
import { ApiError } from '../api-error.ts';
import { authenticateTenant } from '../authenticate-tenant.ts';
import { toDialableNumber } from '../dialable-number.ts';
import type { HttpDeps, TenantRuntime } from '../http-deps.ts';
import { parseInput } from '../parse-input.ts';
import { pbxFailure } from '../pbx-failure.ts';
import { SALESFORCE_USER_ID } from '../salesforce-ids.ts';

/** CallData__c.InteractionId__c: a Kazoo interaction id, at most 80 characters. */
const INTERACTION_ID = z
  .string()
  .regex(/^[\w.:@-]{1,80}$/, 'Expected the call’s interaction id (CallData__c.InteractionId__c)');

const ActionParams = z.strictObject({ action: z.enum(CALL_CONTROL_ACTIONS) });
const ActionBody = z.strictObject({
  salesforceUserId: SALESFORCE_USER_ID,
  interactionId: INTERACTION_ID,
  target: z.string().trim().min(1, 'Enter an extension or number').max(40).nullish()
});
const AgentParams = z.strictObject({ salesforceUserId: SALESFORCE_USER_ID });
const StatusBody = z.strictObject({ status: z.enum(AGENT_STATUSES) });

async function pbxUserOf(tenant: TenantRuntime, salesforceUserId: string): Promise<string> {
  const pbxUserId = await tenant.pbxUserIdFor(salesforceUserId);
  if (pbxUserId !== null) return pbxUserId;
  throw new ApiError(
    409,
    'USER_NOT_MAPPED',
    'Your user is not mapped to a PBX user. Ask your admin to set your PBX user id.'
  );
}

function transferTarget(request: FastifyRequest, tenant: TenantRuntime, target: string | null | undefined): string {
  if (!target) throw new ApiError(400, 'INVALID_NUMBER', 'Enter the extension or number to transfer the call to.');
  const dialable = toDialableNumber(target, tenant.defaultCountry);
  if (!dialable.ok) throw new ApiError(400, 'INVALID_NUMBER', dialable.message);
  request.log.debug({ target: dialable.number }, 'transfer target');
  return dialable.number;
}

/**
 * The agent's call controls and status, for the softphone through Apex. Every request names the
 * Salesforce user; the provider acts only on that user's own PBX legs and refuses any other call
 * with 403 NOT_YOUR_CALL, so one agent's session can never touch a colleague's call.
 */
export function registerCallControlRoutes(app: FastifyInstance, deps: HttpDeps, rateLimit: object): void {
  app.post('/api/v1/calls/:action', { config: { rateLimit } }, async (request, reply) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const { action } = parseInput(ActionParams, request.params, 'path');
    const body = parseInput(ActionBody, request.body, 'request body');
    const target = action === 'transfer' || action === 'consult' ? transferTarget(request, tenant, body.target) : null;
    const pbxUserId = await pbxUserOf(tenant, body.salesforceUserId);
    try {
      const { legs } = await tenant.provider.controlCall({
        pbxUserId,
        interactionId: body.interactionId,
        action,
        target
      });
      request.log.info({ tenantId: tenant.tenantId, pbxUserId, action, legs }, 'call control sent');
      // The PBX acts on it asynchronously: the call's record shows the result when it happens.
      return reply.code(202).send({ action, status: 'sent', legs });
    } catch (error) {
      request.log.warn({ tenantId: tenant.tenantId, pbxUserId, action, err: error }, 'call control refused');
      throw pbxFailure(error, pbxUserId);
    }
  });

  app.get('/api/v1/agents/:salesforceUserId/status', { config: { rateLimit } }, async (request) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const { salesforceUserId } = parseInput(AgentParams, request.params, 'path');
    const pbxUserId = await pbxUserOf(tenant, salesforceUserId);
    try {
      const doNotDisturb = await tenant.provider.doNotDisturb(pbxUserId);
      return { status: doNotDisturb ? 'DoNotDisturb' : 'Available', doNotDisturb };
    } catch (error) {
      throw pbxFailure(error, pbxUserId);
    }
  });

  app.put('/api/v1/agents/:salesforceUserId/status', { config: { rateLimit } }, async (request) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const { salesforceUserId } = parseInput(AgentParams, request.params, 'path');
    const { status } = parseInput(StatusBody, request.body, 'request body');
    const pbxUserId = await pbxUserOf(tenant, salesforceUserId);
    try {
      await tenant.provider.setAgentStatus(pbxUserId, status);
      request.log.info({ tenantId: tenant.tenantId, pbxUserId, status }, 'agent status set');
      return { status, doNotDisturb: status !== 'Available' };
    } catch (error) {
      throw pbxFailure(error, pbxUserId);
    }
  });
}
