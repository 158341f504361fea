import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKazooSimulator, USERS, type KazooSimulator, type ScenarioName } from '../../../devstack/kazoo/index.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import type { PbxProvider } from '../../src/pbx/pbx-provider.ts';
import {
  KAZOO_RESERVED_CCV_KEYS,
  webhookPayloadFor,
  webhookRequestFor,
  type WebhookHook
} from '../../../devstack/kazoo/webhook-delivery.ts';
import { testDeps } from './fake-tenant.ts';
import { pipelineTenant } from './pipeline-tenant.ts';

const RELATED = '001000000000042AAA';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 11, timeScale: 0.001, recordingDelayMs: 0 })));
after(() => sim.stop());

/** Plays a scenario on the simulator and returns the events the switch produced, in order. */
async function switchEvents(scenario: ScenarioName, agentId?: string) {
  const run = await sim.play(scenario, {
    customApplicationVars: { sf_related_record_id: RELATED },
    ...(agentId ? { agentId } : {})
  });
  await run.finished;
  return { run, events: [...run.events].sort((a, b) => a.atMs - b.atMs) };
}

function byAgent(records: CallDataProjection[]): Map<string, CallDataProjection> {
  const agents = new Map(records.map((record) => [record.PbxUserId__c ?? 'unassigned', record]));
  assert.equal(agents.size, records.length, 'one record per agent');
  return agents;
}

async function viaWebsocket(events: { name: string; data: Record<string, unknown> }[]) {
  const tenant = pipelineTenant({ tenantId: 'ws', provider: { accountId: sim.accountId } as PbxProvider });
  for (const event of events) {
    const frame = { action: 'event', name: event.name, data: event.data };
    assert.ok((await tenant.runtime.ingestEvent(frame, 'websocket')).accepted);
  }
  const records = tenant.records();
  await tenant.close();
  return records;
}

/**
 * The two payload shapes Kazoo sends (webhooks_channel_util:non_reserved_ccvs/1): a stock cluster
 * has `call_command.reserved_ccv_keys` unset and sends no `custom_channel_vars`; once anything has
 * read it (the adapter's own quickcalls do), every non-reserved CCV comes along under its AMQP name.
 * Each is delivered with another of the hook formats and verbs the intake takes.
 */
const SHAPES = [
  {
    name: 'without custom_channel_vars, form-data POST',
    reservedCcvKeys: null,
    hook: { httpVerb: 'post', format: 'form-data' } as Partial<WebhookHook>,
    // No Media-Recordings without the CCVs.
    missing: ['RecordingId__c', 'HasRecording__c']
  },
  {
    name: 'with custom_channel_vars, JSON PUT',
    reservedCcvKeys: KAZOO_RESERVED_CCV_KEYS,
    hook: { httpVerb: 'put', format: 'json' } as Partial<WebhookHook>,
    missing: []
  }
] as const;

async function viaWebhooks(events: { name: string; data: Record<string, unknown> }[], shape: (typeof SHAPES)[number]) {
  const tenant = pipelineTenant({ tenantId: 'hooks', provider: { accountId: sim.accountId } as PbxProvider });
  const app = buildHttpServer(testDeps([tenant.runtime]));
  for (const event of events) {
    const payload = webhookPayloadFor(event.data, { accountId: sim.accountId, reservedCcvKeys: shape.reservedCcvKeys });
    if (!payload) continue;
    const hook = { ...shape.hook, uri: `/api/v1/events/hooks?secret=${tenant.webhookSecret}` };
    const request = webhookRequestFor(hook, payload);
    const response = await app.inject({ ...request, payload: request.body });
    assert.equal(response.statusCode, 200, response.body);
  }
  await app.close();
  const records = tenant.records();
  await tenant.close();
  return records;
}

/**
 * What no Kazoo webhook payload carries (kazoo.md §2), so these fields legitimately differ: no
 * interaction id (`Call-Interaction-ID` is a reserved CCV; the call is keyed by its A-leg instead),
 * no `msg_id` (the sequence comes from 1-second timestamps), no `presence_id` (the extension of an
 * agent's own outgoing leg).
 */
const NOT_IN_WEBHOOKS = ['CallId__c', 'InteractionId__c', 'LastEventSeq__c', 'Extension__c'] as const;
const TIMES = ['RingStartedAt__c', 'AnsweredAt__c', 'EndedAt__c'] as const;

/** A record as far as webhooks can tell it: times to the second (Kazoo's `timestamp` resolution). */
function comparable(record: CallDataProjection, missing: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const field of [...NOT_IN_WEBHOOKS, ...missing]) delete copy[field];
  for (const field of TIMES) copy[field] = record[field] === null ? null : record[field].replace(/\.\d{3}Z$/, '.000Z');
  return copy;
}

describe('a call delivered by Kazoo webhooks instead of the websocket', () => {
  // Click-to-dial from Bob's single device: with several devices (Alice) the losing `-quickcall`
  // legs share nothing but the interaction id with the call, and webhooks carry none (README).
  const scenarios = ['inbound-ring-group', 'outbound-answered', 'click-to-dial', 'inbound-forwarded-cell'] as const;
  const bob = USERS[1]?.id as string;
  for (const shape of SHAPES) {
    for (const scenario of scenarios) {
      it(`${scenario} (${shape.name}): ends as the same record for every agent`, async () => {
        const { run, events } = await switchEvents(scenario, scenario === 'click-to-dial' ? bob : undefined);
        const websocket = byAgent(await viaWebsocket(events));
        const webhooks = byAgent(await viaWebhooks(events, shape));
        assert.ok(websocket.size > 0, 'the websocket produced records');
        assert.deepEqual([...webhooks.keys()].sort(), [...websocket.keys()].sort());
        for (const [agent, record] of websocket) {
          const hooked = webhooks.get(agent) as CallDataProjection;
          assert.deepEqual(comparable(hooked, shape.missing), comparable(record, shape.missing), `record of ${agent}`);
          assert.equal(hooked.CallId__c, `${hooked.InteractionId__c}:${agent}`);
        }
        // Correlated over other_leg_call_id into one call, keyed by one of its legs.
        const keys = new Set([...webhooks.values()].map((record) => record.InteractionId__c));
        assert.equal(keys.size, 1, 'all agents share one call');
        assert.ok(run.callIds.includes([...keys][0] as string), 'the call is keyed by one of its legs');
        if (scenario === 'click-to-dial') assert.equal([...webhooks.values()][0]?.RelatedRecordId__c, RELATED);
      });
    }
  }
});
