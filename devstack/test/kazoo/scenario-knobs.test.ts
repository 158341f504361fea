import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKazooSimulator, type KazooSimulator } from '../../kazoo/index.ts';
import { subscribedClient, type Frame } from './blackhole-client.ts';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 5, timeScale: 0.002, recordingDelayMs: 0 })));
after(() => sim.stop());

/** Frames still in flight when the run finishes need a moment to arrive. */
async function settle(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

const key = (f: Frame) => `${String(f.data.call_id)}/${f.name}/${String(f.data.msg_id)}`;

test('duplicates repeat an event with the same msg_id', async () => {
  const client = await subscribedClient(sim);
  const run = await sim.play('inbound-ring-group', { duplicates: 1 });
  await run.finished;
  const ours = () => client.frames.filter((f) => f.action === 'event' && run.callIds.includes(String(f.data.call_id)));
  await settle(() => ours().length >= run.events.length * 2);
  const frames = ours();
  assert.equal(frames.length, run.events.length * 2);
  assert.equal(new Set(frames.map(key)).size, run.events.length);
  client.close();
});

test('reordering delivers some events out of msg_id order', async () => {
  const client = await subscribedClient(sim);
  const run = await sim.play('inbound-ring-group', { reorder: 1 });
  await run.finished;
  await settle(
    () => client.frames.filter((f) => run.callIds.includes(String(f.data.call_id))).length >= run.events.length
  );
  const ids = client.frames
    .filter((f) => run.callIds.includes(String(f.data.call_id)))
    .map((f) => Number(f.data.msg_id));
  assert.ok(ids.some((id, i) => i > 0 && id < (ids[i - 1] ?? 0)));
  client.close();
});

test('a socket dropped mid-call misses the events sent during the outage', async () => {
  const client = await subscribedClient(sim);
  const run = await sim.play('outbound-answered', { dropSocketAt: 'answered', outageMs: 1500, timeScale: 0.01 });
  await client.closed;
  await run.finished;
  const seen = client.frames.filter((f) => f.action === 'event').map((f) => f.name);
  assert.ok(seen.includes('CHANNEL_CREATE'));
  assert.ok(!seen.includes('CHANNEL_DESTROY'), 'the hangup happened while the socket was down');
  // The next tests need blackhole to accept sockets again: poll for the end of the outage.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const probe = await subscribedClient(sim).catch(() => null);
    if (probe) {
      probe.close();
      break;
    }
    if (Date.now() > deadline) throw new Error('blackhole still refuses sockets 5 s after the outage');
    await new Promise((r) => setTimeout(r, 50));
  }
});

test('manual mode holds the call in each phase until advanced', async () => {
  const client = await subscribedClient(sim);
  const run = await sim.play('inbound-user', { manual: true });
  await run.reached('ringing');
  // Another call's events are the barrier: one socket delivers in order, so anything the held call
  // sent before them has arrived by the time they have.
  const barrier = await sim.play('outbound-busy');
  await barrier.finished;
  await settle(() =>
    client.frames.some((f) => f.name === 'CHANNEL_DESTROY' && barrier.callIds.includes(String(f.data.call_id)))
  );
  assert.ok(
    client.frames.some((f) => barrier.callIds.includes(String(f.data.call_id))),
    'the barrier arrived'
  );
  const names = () => client.frames.filter((f) => f.data.call_id === run.callIds[0]).map((f) => f.name);
  assert.deepEqual(names(), ['CHANNEL_CREATE']);
  run.advance();
  await run.reached('answered');
  await settle(() => names().includes('CHANNEL_BRIDGE'));
  assert.ok(names().includes('CHANNEL_BRIDGE'));
  run.advance();
  await run.finished;
  await settle(() => names().at(-1) === 'CHANNEL_DESTROY');
  assert.equal(names().at(-1), 'CHANNEL_DESTROY');
  client.close();
});

test('a steady load starts calls at the requested rate', async () => {
  const load = sim.startLoad({ callsPerSecond: 50, durationMs: 200, knobs: { timeScale: 0.001 } });
  await load.done;
  assert.ok(load.started >= 9 && load.started <= 10, `started ${load.started}`);
  for (const run of load.runs) for (const e of run.expected) assert.ok(sim.groundTruth()[e.CallId__c]);
});

test('onCallEvent sees every event of a call as it is published, even with no socket, until stopped', async () => {
  const seen: string[] = [];
  const stop = sim.onCallEvent((name, callId) => seen.push(`${callId}/${name}`));
  const run = await sim.play('outbound-answered');
  await run.finished;
  stop();
  // Each event is published once (no duplicates asked for), in the order the switch made them.
  const ours = seen.filter((s) => run.callIds.some((id) => s.startsWith(`${id}/`)));
  assert.deepEqual(
    ours,
    [...run.events].sort((a, b) => a.atMs - b.atMs).map((e) => `${e.callId}/${e.name}`)
  );
  const later = await sim.play('outbound-answered');
  await later.finished;
  assert.ok(!seen.some((s) => later.callIds.some((id) => s.startsWith(`${id}/`))), 'nothing after stop()');
});
