/**
 * One webhook capture, two readers: the live intake (`POST /api/v1/events/{tenant}`, as Kazoo
 * delivers it) and `cti-adapter replay` on the same payloads as JSON lines. Both go through the
 * one webhook mapper, so they must end with the same records, and those must be the fixture's
 * hand-reasoned records as far as a webhook can tell them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KAZOO_RESERVED_CCV_KEYS,
  webhookPayloadFor,
  webhookRequestFor,
  type WebhookHook
} from '../../../devstack/kazoo/webhook-delivery.ts';
import { replayLines } from '../../src/cli/replay-command.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import type { PbxProvider } from '../../src/pbx/pbx-provider.ts';
import { loadFixture } from '../fixtures/kazoo/load-fixtures.ts';
import { testDeps } from './fake-tenant.ts';
import { pipelineTenant } from './pipeline-tenant.ts';

const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';

/** The webhook payloads Kazoo would have sent for a fixture's blackhole frames, in file order. */
function captureOf(fixtureName: string, reservedCcvKeys: readonly string[] | null): Record<string, unknown>[] {
  const frames = loadFixture(fixtureName).raw as { action?: string; data?: Record<string, unknown> }[];
  return frames
    .filter((frame) => frame.action === 'event' && frame.data)
    .map((frame) => webhookPayloadFor(frame.data as Record<string, unknown>, { accountId: ACCOUNT, reservedCcvKeys }))
    .filter((payload): payload is Record<string, unknown> => payload !== null);
}

async function throughIntake(capture: Record<string, unknown>[], hook: Partial<WebhookHook>) {
  const tenant = pipelineTenant({ tenantId: 'acme', provider: { accountId: ACCOUNT } as PbxProvider });
  const app = buildHttpServer(testDeps([tenant.runtime]));
  for (const payload of capture) {
    const request = webhookRequestFor({ ...hook, uri: `/api/v1/events/acme?secret=${tenant.webhookSecret}` }, payload);
    const response = await app.inject({ ...request, payload: request.body });
    assert.equal(response.statusCode, 200, response.body);
  }
  await app.close();
  const records = tenant.records().sort((a, b) => (a.CallId__c < b.CallId__c ? -1 : 1));
  await tenant.close();
  return records;
}

/**
 * What no webhook payload carries: the interaction id (`Call-Interaction-ID` is a reserved CCV, so
 * the call is keyed by its A-leg), `msg_id` (sequences come from whole-second timestamps) and the
 * agent's `presence_id`; without `custom_channel_vars`, no `Media-Recordings` either.
 */
function asWebhooksTellIt(record: CallDataProjection, withCcvs: boolean): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const field of ['CallId__c', 'InteractionId__c', 'LastEventSeq__c', 'Extension__c']) delete copy[field];
  if (!withCcvs) {
    copy.RecordingId__c = null;
    copy.HasRecording__c = false;
  }
  for (const field of ['RingStartedAt__c', 'AnsweredAt__c', 'EndedAt__c'] as const) {
    copy[field] = record[field] === null ? null : record[field].replace(/\.\d{3}Z$/, '.000Z');
  }
  return copy;
}

const SHAPES = [
  { name: 'stock cluster (no custom_channel_vars), form-data POST', reserved: null, hook: {} },
  {
    name: 'reserved_ccv_keys set (custom_channel_vars), JSON PUT',
    reserved: KAZOO_RESERVED_CCV_KEYS,
    hook: { httpVerb: 'put', format: 'json' } as Partial<WebhookHook>
  }
] as const;

describe('a webhook capture read by the intake and by replay', () => {
  const fixtures = [
    'inbound-answered',
    'inbound-recording',
    'outbound-busy',
    'inbound-ivr-abandon',
    'inbound-forwarded-cell'
  ];
  for (const fixture of fixtures) {
    for (const shape of SHAPES) {
      it(`${fixture}, ${shape.name}: the same records both ways, and the fixture's`, async () => {
        const capture = captureOf(fixture, shape.reserved);
        const live = await throughIntake(capture, shape.hook);
        const replayed = replayLines(capture.map((payload) => JSON.stringify(payload)).join('\n'), {
          defaultRegion: 'US',
          graceMs: 0
        });
        assert.equal(replayed.rejects.size, 0, [...replayed.rejects.keys()].join('; '));
        assert.deepEqual(live, replayed.records);
        // The form-data bodies Kazoo keeps in its delivery attempts (`req_body`) replay the same.
        const bodies = capture.map((payload) => webhookRequestFor({ uri: '/' }, payload).body).join('\n');
        assert.deepEqual(replayLines(bodies, { defaultRegion: 'US', graceMs: 0 }).records, live);
        const expected = loadFixture(fixture).expected;
        assert.deepEqual(
          live.map((record) => asWebhooksTellIt(record, shape.reserved !== null)),
          expected.map((record) => asWebhooksTellIt(record, shape.reserved !== null))
        );
      });
    }
  }
});
