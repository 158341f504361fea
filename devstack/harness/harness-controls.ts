/**
 * The harness page as a product tool (ux-walk #31): ring a chosen scenario from a chosen caller to the agent shown,
 * and trigger the faults the stand-ins support, while `npm start` runs. The stand-in serves the routes; the PBX side
 * is whatever `startDemoStack` plugs in (`HarnessPbx`, the Kazoo simulator), so the stand-in alone still starts.
 * POST /harness/api/ring { scenario, agentId, number } · POST /harness/api/fault { fault, agentId }
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../salesforce/org-context.ts';

/** What the harness can ask of the PBX (the Kazoo simulator in `npm start`). */
export interface HarnessPbx {
  scenarios: readonly string[];
  ring(scenario: string, pbxUserId: string, externalNumber: string): Promise<void>;
  dropSockets(outageMs: number): void;
  setDeviceOnline(pbxUserId: string, online: boolean): void;
}

/** Every fault the page offers, with what it does, in the words shown on its button. */
export const HARNESS_FAULTS = {
  'pbx-drop-sockets': 'PBX: drop the event websocket for 5 s',
  'pbx-device-offline': "PBX: this agent's phone goes offline",
  'pbx-device-online': "PBX: this agent's phone comes back",
  'streaming-drop-clients': 'Salesforce: forget every CometD client (403::Unknown client)',
  'salesforce-errors-on': "Salesforce: refuse the adapter's writes with 500 (its outbox keeps them)",
  'salesforce-errors-off': 'Salesforce: accept writes again'
} as const;
export type HarnessFault = keyof typeof HARNESS_FAULTS;

const ringSchema = z.object({
  scenario: z.string().min(1),
  agentId: z.string().min(15),
  number: z
    .string()
    .trim()
    .regex(/^\+?[0-9*#]{2,20}$|^$/, 'a number such as +14155550123 (or empty for no caller id)')
});
const faultSchema = z.object({
  fault: z.enum(Object.keys(HARNESS_FAULTS) as [HarnessFault, ...HarnessFault[]]),
  agentId: z.string().min(15)
});

/** A refusal the page shows as is: `{ message }` with this status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

export function registerHarnessControls(app: FastifyInstance, ctx: OrgContext, pbx: () => HarnessPbx | null): void {
  const pbxUserOf = (agentId: string): string => {
    const user = ctx.store.get(agentId);
    const id = user && typeof user.PbxUserId__c === 'string' ? user.PbxUserId__c : null;
    if (!id) throw new Refusal(400, `user ${agentId} has no PbxUserId__c`);
    return id;
  };
  const needPbx = (): HarnessPbx => {
    const found = pbx();
    if (!found) throw new Refusal(409, 'no PBX simulator is attached (run npm start)');
    return found;
  };
  const refuse = (error: z.ZodError) =>
    new Refusal(400, error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const answer = async (reply: FastifyReply, run: () => Promise<object> | object) => {
    try {
      return reply.send(await run());
    } catch (error) {
      if (error instanceof Refusal) return reply.code(error.status).send({ message: error.message });
      throw error;
    }
  };

  app.post('/harness/api/ring', (request, reply) => answer(reply, () => ring(request.body)));
  app.post('/harness/api/fault', (request, reply) => answer(reply, () => fault(request.body)));

  async function ring(body: unknown) {
    const parsed = ringSchema.safeParse(body);
    if (!parsed.success) throw refuse(parsed.error);
    const { scenario, agentId, number } = parsed.data;
    const simulator = needPbx();
    if (!simulator.scenarios.includes(scenario)) {
      throw new Refusal(400, `unknown scenario ${scenario}`);
    }
    await simulator.ring(scenario, pbxUserOf(agentId), number);
    return { rang: scenario, number };
  }

  function fault(body: unknown) {
    const parsed = faultSchema.safeParse(body);
    if (!parsed.success) throw refuse(parsed.error);
    const { fault: kind, agentId } = parsed.data;
    switch (kind) {
      case 'pbx-drop-sockets':
        needPbx().dropSockets(5_000);
        break;
      case 'pbx-device-offline':
      case 'pbx-device-online':
        needPbx().setDeviceOnline(pbxUserOf(agentId), kind === 'pbx-device-online');
        break;
      case 'streaming-drop-clients':
        ctx.streaming.dropClients();
        break;
      case 'salesforce-errors-on':
        ctx.faults.configure({
          seed: 1,
          endpoints: { collections: { serverErrorRate: 1 }, upsert: { serverErrorRate: 1 } }
        });
        break;
      case 'salesforce-errors-off':
        ctx.faults.clear();
        break;
    }
    return { done: kind, what: HARNESS_FAULTS[kind] };
  }
}
