/**
 * Faults on the live PBX event stream, through the real adapter against the Kazoo simulator
 * (issue 11 item 3 and "must show"): an error `reply` to no request of ours, a frame that is not
 * JSON, an unknown event and call ids that are names of Object.prototype members, each sent on
 * the subscribed blackhole socket. The process stays up; the error reply ends in a resubscription
 * (`/readyz` 503 until then, 200 after); the broken frames are refused with a counted reason and
 * the poison ids are ordinary calls; the calls made after each fault land as the PBX says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KazooSimulator, ScenarioRun } from '../../../devstack/kazoo/index.ts';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import type { RunningAdapter } from '../../src/app/start-adapter.ts';
import type { FakeOrg } from '../delivery/support/fake-org.ts';
import { waitFor } from '../delivery/support/wait-for.ts';
import { startAdapterOnSimulator, type AdapterOnSimulator } from './support/adapter-on-simulator.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
/** The fixture's agent (its PBX user id) as a Salesforce user, so the poison copies get an owner. */
const FIXTURE_AGENT = { Id: '005000000000001AAA', PbxUserId__c: '8f3c2a1b4d5e6f708192a3b4c5d6e7f1' };

let sim: KazooSimulator;
let org: FakeOrg;
let adapter: RunningAdapter;
let stack: AdapterOnSimulator;

before(async () => {
  stack = await startAdapterOnSimulator({
    seed: 11,
    users: [FIXTURE_AGENT],
    // The first reconnect waits 500–1000 ms: long enough for a poll to see the stream down.
    stream: { initialBackoffMs: 1_000, maxBackoffMs: 2_000 }
  });
  ({ sim, org, adapter } = stack);
});
after(() => stack.stop());

const get = (path: string) => fetch(`${adapter.url}${path}`);
const metric = async (pattern: RegExp) => Number(pattern.exec(await (await get('/metrics')).text())?.[1] ?? 0);
/** Every stream fault of any kind counted so far. */
const streamFaults = async () =>
  [...(await (await get('/metrics')).text()).matchAll(/cti_pbx_stream_faults_total\{tenant="acme",[^}]*\} (\d+)/g)]
    .map((m) => Number(m[1]))
    .reduce((a, b) => a + b, 0);

/** Waits until every record of a played call is in the org, ended, as the simulator's ground truth says. */
async function landed(call: ScenarioRun, what: string): Promise<void> {
  await waitFor(
    () =>
      call.expected.every((want) => {
        const got = org.records.get(want.CallId__c);
        return got?.Status__c === 'Ended' && Object.entries(want).every(([key, value]) => got[key] === value);
      }),
    `every record of the call ${what} to land as the ground truth says`,
    20_000
  );
}

/** Plays a short real-time call and waits until it has landed. */
async function callLands(what: string): Promise<void> {
  const call = await sim.play('inbound-ring-group', { timeScale: 1, ringSeconds: 1, talkSeconds: 1 });
  await call.finished;
  await landed(call, what);
}

test('an unsolicited error reply: not ready until subscribed again; the call through it and the next call land', async () => {
  await waitFor(async () => (await get('/readyz')).status === 200, 'ready once subscribed');
  // A call that rings before the error and is answered and ends while the stream is down or just back.
  const through = await sim.play('inbound-ring-group', { manual: true });
  await through.reached('ringing');
  const faultsBefore = await metric(/cti_pbx_stream_faults_total\{tenant="acme",kind="unsolicited-error"\} (\d+)/);

  assert.equal(sim.sendUnsolicitedError(), 1, 'the error reply went to the adapter');
  let body = '';
  await waitFor(async () => {
    const response = await get('/readyz');
    body = await response.text();
    return response.status === 503;
  }, '/readyz to say not ready once the stream is dropped');
  assert.match(body, /tenant acme: the PBX event stream is not subscribed/);
  through.advance();
  await through.reached('answered');
  through.advance();
  await through.finished;
  await waitFor(async () => (await get('/readyz')).status === 200, 'ready again once resubscribed');
  assert.equal(await metric(/cti_pbx_stream_subscribed\{tenant="acme"\} (\d)/), 1);
  assert.equal(sim.connectedClients(), 1, 'one socket again, not a pile of them');
  assert.equal(
    await metric(/cti_pbx_stream_faults_total\{tenant="acme",kind="unsolicited-error"\} (\d+)/),
    faultsBefore + 1,
    'the error reply is counted as a stream fault'
  );

  await landed(through, 'through the error reply (its end recovered as a gap)');
  await callLands('made after the error reply');
  assert.equal((await get('/healthz')).status, 200, 'the process stayed up');
});

/** The fixture's answered inbound call with its interaction id and leg ids replaced, one frame a line. */
function fixtureCallWithIds(interactionId: string, legIds: string[]): string[] {
  const text = readFileSync(join(FIXTURES, 'inbound-answered.jsonl'), 'utf8');
  const interaction = /"call_interaction_id":"([^"]+)"/.exec(text)?.[1] ?? '';
  const legs = [...new Set([...text.matchAll(/"call_id":"([^"]+)"/g)].map((m) => m[1] ?? ''))];
  let rewritten = text.replaceAll(interaction, interactionId);
  legs.forEach((id, i) => (rewritten = rewritten.replaceAll(id, legIds[i] ?? id)));
  return rewritten.split('\n').filter((line) => line.startsWith('{"action":"event"'));
}

test('bad JSON, an unknown event and poison ids on the live stream: refused or ordinary, and the stream flows', async () => {
  await waitFor(async () => (await get('/readyz')).status === 200, 'subscribed');
  const notJsonBefore = await metric(/cti_events_rejected_total\{tenant="acme",reason="not JSON"\} (\d+)/);
  const unknownBefore = await metric(/cti_events_rejected_total\{tenant="acme",reason="event_name"\} (\d+)/);
  const faultsBefore = await streamFaults();

  assert.equal(sim.sendRawFrame('{"action":"event","name":"CHANNEL_CREATE","data":{"call_id": '), 1);
  sim.sendRawFrame(
    JSON.stringify({
      action: 'event',
      name: 'CHANNEL_TELEPORT',
      routing_key: `call.${sim.accountId}.CHANNEL_TELEPORT.c-1`,
      data: { event_name: 'CHANNEL_TELEPORT', call_id: 'c-1' }
    })
  );
  const poison = [
    ['__proto__', 'constructor', 'hasOwnProperty'],
    ['constructor', '__proto__', 'toString']
  ];
  for (const [interactionId = '', ...legIds] of poison)
    for (const frame of fixtureCallWithIds(interactionId, legIds)) sim.sendRawFrame(frame);

  await callLands('made after the hostile frames');

  // The names of Object.prototype members are ordinary ids: each copy is the fixture's call again.
  const [answered = {}] = readFileSync(join(FIXTURES, 'inbound-answered.expected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const [interactionId = ''] of poison) {
    const callId = `${interactionId}:${FIXTURE_AGENT.PbxUserId__c}`;
    await waitFor(() => org.records.get(callId)?.Status__c === 'Ended', `the call ${interactionId} to end`);
    const got = org.records.get(callId);
    assert.equal(got?.InteractionId__c, interactionId);
    for (const field of PROJECTION_FIELDS.filter((f) => f !== 'CallId__c' && f !== 'InteractionId__c'))
      assert.deepEqual(got?.[field], answered[field], `${interactionId} ${field}`);
  }

  assert.equal(
    await metric(/cti_events_rejected_total\{tenant="acme",reason="not JSON"\} (\d+)/),
    notJsonBefore + 1,
    'the broken frame is refused as not JSON and counted'
  );
  // The metric's reason is the field at fault ('event_name: unsupported event CHANNEL_TELEPORT').
  assert.equal(
    await metric(/cti_events_rejected_total\{tenant="acme",reason="event_name"\} (\d+)/),
    unknownBefore + 1,
    'the unknown event is refused for its event_name and counted'
  );
  assert.equal(
    await streamFaults(),
    faultsBefore,
    'no stream fault: the socket stayed subscribed through the broken frames'
  );
  assert.equal(adapter.tenants[0]?.parts.store.counts().quarantined, 0, 'nothing needed the quarantine');
  assert.equal((await get('/readyz')).status, 200);
});
