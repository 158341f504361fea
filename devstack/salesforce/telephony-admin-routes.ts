/**
 * `POST /__standin/apex/TelephonyAdminController/<method>`: the stand-in's door for the admin page's imperative
 * Apex calls (`@salesforce/apex/TelephonyAdminController.<method>` in the harness build). Lightning sends them
 * through its own Aura endpoint with the session cookie; here the page sends `Authorization: OAuth <session>`
 * and the parameters object as JSON. A failure answers HTTP 500 `{ message }`, which the harness module turns
 * into what a component's catch sees for an AuraHandledException: `error.body.message` (Lightning Web
 * Components Developer Guide, "Call Apex Methods Imperatively" and "Handle Errors in Lightning Web Components").
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';
import type { SoftphoneContract } from './call-view.ts';
import type { OrgContext } from './org-context.ts';
import { authenticate } from './rest-api.ts';
import { AuraHandledError, createTelephonyAdminController } from './telephony-admin-controller.ts';

export function registerTelephonyAdminRoutes(app: FastifyInstance, ctx: OrgContext, contract: SoftphoneContract) {
  const controller = createTelephonyAdminController(ctx, contract);
  app.post<{ Params: { method: string } }>(
    '/__standin/apex/TelephonyAdminController/:method',
    async (request, reply) => {
      const { method } = request.params;
      ctx.counters.increment(`apex.TelephonyAdminController.${method}`);
      if (!controller.methodNames.includes(method)) {
        return reply.code(404).send({ message: `TelephonyAdminController has no @AuraEnabled method ${method}.` });
      }
      let viewer;
      try {
        viewer = authenticate(ctx, request);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return reply.code(401).send({ message: 'Your session has expired. Reload the page to log in again.' });
      }
      const body = request.body;
      const params = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      try {
        return reply.send(await controller.invoke(viewer, method, params));
      } catch (error) {
        if (!(error instanceof AuraHandledError)) throw error;
        return reply.code(500).send({ message: error.message, exceptionType: 'System.AuraHandledException' });
      }
    }
  );
}
