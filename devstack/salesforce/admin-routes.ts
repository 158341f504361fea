/**
 * The stand-in's own endpoints under /__standin/ (dev-only; not part of Salesforce): fault injection,
 * counters, session minting for the harness, record and event inspection, the Visualforce remoting
 * endpoint the harness's `invokeAction` posts to, and the log of Open CTI calls the harness records.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RemoteActions } from './apex-remote.ts';
import { RemoteActionError } from './remote-action-error.ts';
import { ApiError } from './api-error.ts';
import type { OrgContext } from './org-context.ts';
import { authenticate } from './rest-api.ts';

const remotingRequest = z.object({
  action: z.string().min(1),
  method: z.string().min(1),
  data: z.array(z.unknown()).nullable().optional(),
  tid: z.number().int().optional()
});

const openCtiCall = z.object({ agentId: z.string().min(1), method: z.string().min(1), args: z.unknown() });

export function registerAdminRoutes(app: FastifyInstance, ctx: OrgContext, actions: RemoteActions): void {
  app.get('/__standin/counters', () => ({
    counters: ctx.counters.snapshot(),
    apiUsage: { used: ctx.apiUsage.used, max: ctx.dailyApiLimit },
    faultsInjected: ctx.faults.injectedCounts()
  }));
  app.post('/__standin/counters/reset', () => {
    ctx.counters.reset();
    return { reset: true };
  });

  app.get('/__standin/faults', () => ctx.faults.current());
  app.put('/__standin/faults', (request) => ctx.faults.configure(request.body ?? {}));
  app.delete('/__standin/faults', () => {
    ctx.faults.clear();
    return ctx.faults.current();
  });
  app.post('/__standin/faults/expire-sessions', () => ({ expired: ctx.faults.expireSessions() }));
  app.post('/__standin/streaming/drop-clients', () => ({ dropped: ctx.streaming.dropClients() }));

  app.get('/__standin/users', () =>
    ctx.store.all('User').map((u) => ({
      Id: u.Id,
      Name: u.Name,
      Username: u.Username,
      role: ctx.roleOf(u.Id),
      PbxUserId__c: u.PbxUserId__c ?? null,
      PbxExtension__c: u.PbxExtension__c ?? null
    }))
  );
  app.post('/__standin/sessions', (request, reply) => {
    const { userId } = z.object({ userId: z.string().min(15) }).parse(request.body);
    if (!ctx.roleOf(userId)) return reply.code(404).send({ message: `No seeded user ${userId}` });
    return { sessionId: ctx.sessions.mintAccess(userId, 'harness'), userId, instanceUrl: ctx.baseUrl() };
  });

  app.get<{ Params: { sobject: string } }>('/__standin/records/:sobject', (request) =>
    ctx.store.all(request.params.sobject)
  );
  app.get('/__standin/events', () => ctx.store.allEvents());

  app.post('/__standin/opencti-calls', (request) => {
    const call = openCtiCall.parse(request.body);
    ctx.openCtiCalls.push({ ...call, at: new Date().toISOString() });
    return { recorded: ctx.openCtiCalls.length };
  });
  app.get<{ Querystring: { agent?: string } }>('/__standin/opencti-calls', (request) =>
    ctx.openCtiCalls.filter((c) => !request.query.agent || c.agentId === request.query.agent)
  );
  app.delete('/__standin/opencti-calls', () => {
    ctx.openCtiCalls.length = 0;
    return { cleared: true };
  });

  app.post('/__standin/apexremote', async (request, reply) => {
    const call = remotingRequest.parse(request.body);
    const base = { tid: call.tid ?? 0, ref: false, action: call.action, method: call.method };
    ctx.counters.increment(`apexremote.${call.method}`);
    let viewer;
    try {
      viewer = authenticate(ctx, request);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return reply.send([
        {
          ...base,
          statusCode: 401,
          type: 'exception',
          message: 'Your session has expired. Reload the page to log in again.',
          where: ''
        }
      ]);
    }
    const method = (actions as Record<string, (...args: unknown[]) => unknown>)[call.method];
    // Visualforce finds a remote action by name and number of parameters; a managed install's controller is
    // `ns.SoftphoneController` (Visualforce Developer Guide "Namespaces and JavaScript Remoting").
    const controller = ctx.namespace ? `${ctx.namespace}.SoftphoneController` : 'SoftphoneController';
    if (call.action !== controller || !method || (call.data ?? []).length !== method.length - 1) {
      const message = `Visualforce Remoting Exception: Method '${call.method}' not found on controller SoftphoneController. Check spelling, method exists, and/or method is RemoteAction annotated.`;
      return reply.send([{ ...base, statusCode: 400, type: 'exception', message, where: '' }]);
    }
    try {
      const result = await method.call(actions, viewer, ...(call.data ?? []));
      return reply.send([{ ...base, statusCode: 200, type: 'rpc', result }]);
    } catch (error) {
      if (!(error instanceof RemoteActionError)) throw error;
      return reply.send([{ ...base, statusCode: 400, type: 'exception', message: error.message, where: '' }]);
    }
  });
}
