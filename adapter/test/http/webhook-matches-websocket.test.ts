import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKazooSimulator, type KazooSimulator, type ScenarioName } from '../../../devstack/kazoo/index.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import type { PbxProvider } from '../../src/pbx/pbx-provider.ts';
import { testDeps } from './fake-tenant.ts';
import { toFormBody, webhookPayloadFor } from './kazoo-webhook-emulator.ts';
import { pipelineTenant } from './pipeline-tenant.ts';

const RELATED = '001000000000042AAA';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 11, timeScale: 0.001, recordingDelayMs: 0 })));
after(() => sim.stop());

/** Plays a scenario on the simulator and returns the events the switch produced, in order. */
async function switchEvents(scenario: ScenarioName) {
  const run = await sim.play(scenario, { customApplicationVars: { sf_related_record_id: RELATED } });
  await run.finished;
  return { run, events: [...run.events].sort((a, b) => a.atMs - b.atMs) };
}

function byAgent(records: CallDataProjection[]): Map<string, CallDataProjection> {
  return new Map(records.map((record) => [record.PbxUserId__c ?? 'unassigned', record]));
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

async function viaWebhooks(events: { name: string; data: Record<string, unknown> }[]) {
  const tenant = pipelineTenant({ tenantId: 'hooks', provider: { accountId: sim.accountId } as PbxProvider });
  const app = buildHttpServer(testDeps([tenant.runtime]));
  for (const event of events) {
    const payload = webhookPayloadFor(event.data, sim.accountId);
    if (!payload) continue;
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/events/hooks?key=${tenant.apiKey}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-account-id': sim.accountId,
        'x-hook-id': `hook-${String(payload.hook_event)}`
      },
      payload: toFormBody(payload)
    });
    assert.equal(response.statusCode, 200, response.body);
  }
  await app.close();
  const records = tenant.records();
  await tenant.close();
  return records;
}

/**
 * What a stock Kazoo webhook payload cannot carry (kazoo.md §2), so these fields legitimately differ:
 * no `call_interaction_id` (the call is keyed by its A-leg instead), no `msg_id` (the sequence
 * comes from 1-second timestamps), no channel vars (`media_recordings`), no `presence_id` (the
 * extension of an agent's own outgoing leg).
 */
const NOT_IN_WEBHOOKS = [
  'CallId__c',
  'InteractionId__c',
  'LastEventSeq__c',
  'RecordingId__c',
  'HasRecording__c',
  'Extension__c'
] as const;
const TIMES = ['RingStartedAt__c', 'AnsweredAt__c', 'EndedAt__c'] as const;

/** A record as far as webhooks can tell it: times to the second (Kazoo's `timestamp` resolution). */
function comparable(record: CallDataProjection): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const field of NOT_IN_WEBHOOKS) delete copy[field];
  for (const field of TIMES) copy[field] = record[field] === null ? null : record[field].replace(/\.\d{3}Z$/, '.000Z');
  return copy;
}

describe('a call delivered by Kazoo webhooks (form-data) instead of the websocket', () => {
  for (const scenario of ['inbound-ring-group', 'outbound-answered', 'click-to-dial'] as const) {
    it(`${scenario}: ends as the same record for every agent`, async () => {
      const { run, events } = await switchEvents(scenario);
      const websocket = byAgent(await viaWebsocket(events));
      const webhooks = byAgent(await viaWebhooks(events));
      assert.ok(websocket.size > 0, 'the websocket produced records');
      assert.deepEqual([...webhooks.keys()].sort(), [...websocket.keys()].sort());
      for (const [agent, record] of websocket) {
        const hooked = webhooks.get(agent) as CallDataProjection;
        assert.deepEqual(comparable(hooked), comparable(record), `record of ${agent}`);
        assert.equal(hooked.CallId__c, `${hooked.InteractionId__c}:${agent}`);
      }
      // Correlated over other_leg_call_id into one call, keyed by one of its legs.
      const keys = new Set([...webhooks.values()].map((record) => record.InteractionId__c));
      assert.equal(keys.size, 1, 'all agents share one call');
      assert.ok(run.callIds.includes([...keys][0] as string), 'the call is keyed by one of its legs');
      if (scenario === 'click-to-dial') assert.equal([...webhooks.values()][0]?.RelatedRecordId__c, RELATED);
    });
  }
});
