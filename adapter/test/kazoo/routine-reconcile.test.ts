import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startKazooSimulator, type KazooSimulator, type ScenarioName } from '../../../devstack/kazoo/index.ts';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import {
  correlateEvent,
  createCorrelatorState,
  expireCalls,
  openInteractionIds,
  type CorrelatorState
} from '../../src/core/correlate-call.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import type { EventStream, PbxProvider } from '../../src/pbx/pbx-provider.ts';

// The correlator remembers one finished call only, so most calls below are older than its memory.
const options = { defaultRegion: 'US' as const, graceMs: 0, maxFinishedCalls: 1 };
const FINISHED: ScenarioName[] = ['inbound-ring-group', 'outbound-answered', 'click-to-dial', 'internal', 'pickup'];

let sim: KazooSimulator;
let provider: PbxProvider;
let stream: EventStream;
const frames: unknown[] = [];

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  sim = await startKazooSimulator({ seed: 21, timeScale: 0.002, recordingDelayMs: 0 });
  const config = { baseUrl: sim.crossbarUrl, websocketUrl: sim.websocketUrl, accountId: sim.accountId };
  provider = createKazooProvider({ ...config, apiKey: sim.apiKey }, pino({ level: 'silent' }));
  let connected = false;
  stream = provider.streamEvents({
    onEvent: (raw) => frames.push(raw),
    onGap: () => undefined,
    onStatus: (status) => {
      connected ||= status === 'connected';
    }
  });
  await until(() => connected, 'the subscription');
});
after(async () => {
  await stream.close();
  await sim.stop();
});

function fold(state: CorrelatorState, raws: readonly unknown[], now: number) {
  const projections: CallDataProjection[] = [];
  const events = raws.map((raw) => normalizeEvent(raw)).flatMap((result) => (result.ok ? [result.event] : []));
  for (const event of events.sort((a, b) => a.timeMs - b.timeMs)) {
    const result = correlateEvent(state, event, now, options);
    state = result.state;
    projections.push(...result.projections);
  }
  const expired = expireCalls(state, now, options);
  return { state: expired.state, projections: [...projections, ...expired.projections] };
}

test('a reconcile every second over calls the stream showed changes nothing, finished or still up', async () => {
  for (const scenario of FINISHED) await (await sim.play(scenario)).finished;
  const held = await sim.play('inbound-user', { manual: true });
  await held.reached('ringing');
  held.advance();
  await held.reached('answered'); // answered and talking: paused before the hangup
  const heldAnswers = held.events.filter((e) => e.name === 'CHANNEL_ANSWER').length;
  const shown = (name: string) =>
    frames.filter((f) => JSON.stringify(f).includes(held.interactionId) && JSON.stringify(f).includes(name)).length;
  await until(() => shown('"CHANNEL_ANSWER"') >= heldAnswers, 'the held call answered on the stream');

  // Compressed time: the simulator dates events in scenario time, which runs ahead of the wall
  // clock; the adapter's "now" is after every event it has received.
  const eventTimes = frames.map((raw) => normalizeEvent(raw)).map((r) => (r.ok ? r.event.timeMs : 0));
  let now = Math.max(Date.now(), ...eventTimes) + 1000;
  const live = fold(createCorrelatorState(), frames, now);
  let state = live.state;
  assert.ok(live.projections.length > FINISHED.length, 'the live stream made the records');
  assert.deepEqual(openInteractionIds(state), [held.interactionId], 'one call is still up');

  let windowStart = now - 1000;
  for (let second = 0; second < 5; second += 1) {
    now += 1000;
    const recovered = await provider.recoverEvents(
      { startedAt: windowStart, endedAt: now },
      openInteractionIds(state),
      'live'
    );
    const result = fold(state, recovered, now);
    state = result.state;
    assert.deepEqual(
      result.projections.map((p) => `${p.CallId__c} seq ${p.LastEventSeq__c}`),
      [],
      `reconcile #${second + 1} re-emitted records`
    );
    windowStart = now;
  }
  held.advance();
  await held.finished;
});
