/**
 * A stream that is not subscribed is not ready (issue 11 item 3, issue 12 A7): against the Kazoo
 * simulator with blackhole's `max_queued_messages` knob, lost subscribe replies make `/readyz`
 * answer 503 with the reason and `cti_pbx_stream_subscribed` read 0 until the client has
 * subscribed again; events dropped on a subscribed stream are found by the routine reconcile (run
 * every second here, not the hour other tests pin) and reported in metrics and on `/readyz`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KazooSimulator } from '../../../devstack/kazoo/index.ts';
import type { RunningAdapter } from '../../src/app/start-adapter.ts';
import type { FakeOrg } from '../delivery/support/fake-org.ts';
import { waitFor } from '../delivery/support/wait-for.ts';
import { startAdapterOnSimulator, type AdapterOnSimulator } from './support/adapter-on-simulator.ts';

let sim: KazooSimulator;
let org: FakeOrg;
let adapter: RunningAdapter;
let stack: AdapterOnSimulator;

before(async () => {
  stack = await startAdapterOnSimulator({
    seed: 5,
    delivery: { reconcileIntervalMs: 1_000 },
    stream: { subscribeTimeoutMs: 300, initialBackoffMs: 50, maxBackoffMs: 200 }
  });
  ({ sim, org, adapter } = stack);
});
after(() => stack.stop());

const get = (path: string) => fetch(`${adapter.url}${path}`);
const metric = async (pattern: RegExp) => pattern.exec(await (await get('/metrics')).text())?.[1];

test('lost subscribe replies: not ready with the reason until subscribed again, then ready with a warning', async () => {
  await waitFor(async () => (await get('/readyz')).status === 200, 'ready once subscribed');
  assert.equal(await metric(/cti_pbx_stream_subscribed\{tenant="acme"\} (\d)/), '1');

  // Kazoo 4.3 with a full mailbox: of the six replies sent in one burst only the first gets out.
  sim.setMaxQueued(0);
  sim.dropSockets();
  let body = '';
  await waitFor(async () => {
    const response = await get('/readyz');
    body = await response.text();
    return response.status === 503;
  }, '/readyz to say not ready');
  assert.match(body, /NOT_READY/);
  assert.match(body, /tenant acme: the PBX event stream is not subscribed/);
  assert.equal(await metric(/cti_pbx_stream_subscribed\{tenant="acme"\} (\d)/), '0');
  await waitFor(
    async () => Number(await metric(/cti_pbx_stream_faults_total\{tenant="acme",kind="reply-timeout"\} (\d+)/)) >= 1,
    'a subscribe reply timeout counted'
  );
  assert.equal(adapter.tenants[0] && (await adapter.tenants[0].health()).pbx.connected, false);

  sim.setMaxQueued(Number.POSITIVE_INFINITY);
  let ready: { status?: string; warnings?: string[] } = {};
  await waitFor(async () => {
    const response = await get('/readyz');
    ready = (await response.json()) as typeof ready;
    return response.status === 200;
  }, 'ready again once every reply came');
  assert.equal(await metric(/cti_pbx_stream_subscribed\{tenant="acme"\} (\d)/), '1');
  assert.match(ready.warnings?.join(' ') ?? '', /frame\(s\) lost.*blackhole\.max_queued_messages/);
});

test('events dropped on a subscribed stream are found by the routine reconcile and counted', async () => {
  await waitFor(async () => (await get('/readyz')).status === 200, 'subscribed');
  const lostBefore = Number((await metric(/cti_pbx_frames_lost_total\{tenant="acme"\} (\d+)/)) ?? 0);
  // The ringing comes in one burst: with a limit of 0 only its first frame gets out (so the call is
  // followed, its other legs unknown), and the socket stays open and subscribed
  // (blackhole_data_emitter.erl maybe_send/4 on 4.3).
  sim.setMaxQueued(0);
  const call = await sim.play('inbound-ring-group', { manual: true });
  await call.reached('ringing');
  const dropped = sim.setMaxQueued(Number.POSITIVE_INFINITY);
  assert.ok(dropped > 0, 'the simulator dropped frames');
  await waitFor(
    async () => Number(await metric(/cti_pbx_frames_lost_total\{tenant="acme"\} (\d+)/)) > lostBefore,
    'the routine reconcile to find the frames the stream never delivered',
    15_000
  );
  assert.equal((await get('/readyz')).status, 200, 'still subscribed: ready, with a warning');
  call.advance();
  await call.reached('answered');
  call.advance();
  await call.finished;
});

test('a frame above the size bound is refused with a counted reason; the calls around it still land', async () => {
  await waitFor(async () => (await get('/readyz')).status === 200, 'subscribed');
  const faultsBefore = Number(
    (await metric(/cti_pbx_stream_faults_total\{tenant="acme",kind="oversized-frame"\} (\d+)/)) ?? 0
  );
  // A 2 MB custom application var makes every frame of that call larger than the 1 MiB bound.
  const huge = sim.play('click-to-dial', {
    timeScale: 1,
    ringSeconds: 1,
    talkSeconds: 1,
    customApplicationVars: { note: 'x'.repeat(2_000_000) }
  });
  const around = await sim.play('inbound-ring-group', { timeScale: 1, ringSeconds: 1, talkSeconds: 2 });
  await Promise.all([(await huge).finished, around.finished]);
  await waitFor(
    () =>
      around.expected.every((want) => {
        const got = org.records.get(want.CallId__c);
        return got?.Status__c === 'Ended' && Object.entries(want).every(([key, value]) => got[key] === value);
      }),
    'every record of the call around the oversized frames to land as the ground truth says',
    20_000
  );
  const faults = Number(await metric(/cti_pbx_stream_faults_total\{tenant="acme",kind="oversized-frame"\} (\d+)/));
  assert.ok(faults > faultsBefore, 'the refused frames were counted');
  await waitFor(async () => (await get('/readyz')).status === 200, 'subscribed again');
});
