/**
 * Must show of issue 11: the real adapter CLI process, against the Kazoo simulator and the
 * Salesforce stand-in, is SIGKILLed at seeded random moments while calls go on — calls that
 * straddle a kill, and calls that begin and end entirely while no adapter runs — and restarted.
 * At the end the org holds exactly the simulator's ground truth: 0 lost, 0 duplicated, 0 wrong,
 * 0 stale. The calls play in real time (time scale 1), so the PBX's clock and the adapter's agree
 * as they do in production; each call is 2–9 s long.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExpectedCallData, ScenarioName, ScenarioRun } from '../../../devstack/kazoo/index.ts';
import { UNASSIGNED_QUEUE } from '../../../devstack/salesforce/seed.ts';
import { startAdapterProcess, startCliStack, type AdapterProcess, type CliStack } from './support/adapter-cli.ts';

const SEED = 1103;
const CALLS = 36;
const KILLS = 5;
/** The calls start within this window (real ms); kills fall inside it too. */
const DAY_MS = 24_000;
const SCENARIOS: readonly ScenarioName[] = [
  'inbound-user',
  'inbound-ring-group',
  'inbound-voicemail',
  'inbound-caller-hangup',
  'pickup',
  'blind-transfer',
  'outbound-answered',
  'outbound-busy',
  'outbound-no-answer',
  'internal',
  'click-to-dial'
];
/** Played right after a kill and finished before the restart: a call the adapter never saw. */
const WHILE_DOWN: readonly ScenarioName[] = ['inbound-user', 'outbound-answered', 'inbound-ring-group', 'internal'];

/** A small seeded generator (the same day on every run). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

let stack: CliStack;
let adapter: AdapterProcess | null = null;
const logs: AdapterProcess[] = [];
before(async () => {
  stack = await startCliStack({
    seed: SEED,
    // Short timers so the day settles quickly; a routine reconcile every 2 s runs alongside the kills.
    delivery: { graceMs: 1_000, reconcileIntervalMs: 2_000, baseBackoffMs: 50, maxBackoffMs: 1_000 }
  });
});
after(async () => {
  await adapter?.kill();
  // Each run's log, for whoever reads a failure: where the gaps were and what they recovered.
  writeFileSync(
    join(dirname(stack.configFile), 'adapter-runs.log'),
    logs.map((run, i) => `=== run ${i}\n${run.output()}`).join('\n')
  );
  await stack.stop();
});

async function startAdapter(): Promise<AdapterProcess> {
  const started = startAdapterProcess(stack.configFile);
  logs.push(started);
  await started.serving;
  return started;
}

/** Polls `check` until it returns something truthy; fails with `what` after `ms`. */
async function eventually<T>(check: () => T | null | undefined, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

type Row = Record<string, unknown>;

/** Every difference between the org and the ground truth, by kind. */
function compare(rows: readonly Row[], truth: Record<string, ExpectedCallData>, ownerOf: (pbx: unknown) => string) {
  const byCall = new Map<string, Row[]>();
  for (const row of rows) byCall.set(String(row.CallId__c), [...(byCall.get(String(row.CallId__c)) ?? []), row]);
  const lost = Object.keys(truth).filter((id) => !byCall.has(id));
  const duplicated = [...byCall].filter(([, list]) => list.length > 1).map(([id]) => id);
  const unexpected = [...byCall.keys()].filter((id) => !(id in truth));
  const stale: string[] = [];
  const wrong: string[] = [];
  for (const [id, expected] of Object.entries(truth)) {
    const row = byCall.get(id)?.[0];
    if (!row) continue;
    if (row.Status__c !== 'Ended') {
      stale.push(`${id} is ${String(row.Status__c)}`);
      continue;
    }
    const diffs = Object.entries(expected)
      .filter(([key, value]) => row[key] !== value)
      .map(([key, value]) => `${key}: ${JSON.stringify(row[key])} ≠ ${JSON.stringify(value)}`);
    if (row.OwnerId !== ownerOf(expected.PbxUserId__c)) diffs.push(`OwnerId ${String(row.OwnerId)}`);
    if (diffs.length > 0) wrong.push(`${id}: ${diffs.join(', ')}`);
  }
  return { lost, duplicated, unexpected, stale, wrong };
}

test('SIGKILLs at seeded moments, with calls made while the adapter is down, end in exactly the ground truth', async () => {
  const random = seeded(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const users = stack.kazoo.directory.users;
  const callPlan = Array.from({ length: CALLS }, () => ({
    atMs: Math.floor(random() * DAY_MS),
    scenario: pick(SCENARIOS),
    agentId: pick(users).id,
    ringSeconds: 1 + Math.floor(random() * 2),
    talkSeconds: 1 + Math.floor(random() * 3)
  })).sort((a, b) => a.atMs - b.atMs);
  // Kills spread over the day (one per slot, at a seeded point in it), each down 0.5–2.5 s more
  // than the call it misses takes.
  const slot = DAY_MS / KILLS;
  const killPlan = Array.from({ length: KILLS }, (_, i) => ({
    atMs: Math.floor(i * slot + random() * slot * 0.6),
    extraDownMs: 500 + Math.floor(random() * 2_000),
    whileDown: pick(WHILE_DOWN),
    agentId: pick(users).id
  }));

  adapter = await startAdapter();
  await eventually(() => stack.kazoo.connectedClients() > 0, 'the adapter to subscribe', 15_000);
  const dayStart = Date.now();
  const runs: Promise<ScenarioRun>[] = [];
  const play = (scenario: ScenarioName, agentId: string, ringSeconds: number, talkSeconds: number) => {
    const run = stack.kazoo.play(scenario, { agentId, ringSeconds, talkSeconds, timeScale: 1 });
    runs.push(run);
    return run;
  };
  const calls = (async () => {
    for (const call of callPlan) {
      const wait = dayStart + call.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      void play(call.scenario, call.agentId, call.ringSeconds, call.talkSeconds);
    }
  })();

  let missedEntirely = 0;
  for (const kill of killPlan) {
    const wait = dayStart + kill.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    await adapter.kill();
    adapter = null;
    const unseen = await play(kill.whileDown, kill.agentId, 1, 1);
    await unseen.finished;
    missedEntirely += 1;
    await sleep(kill.extraDownMs);
    adapter = await startAdapter();
  }
  await calls;
  const played = await Promise.all(runs);
  await Promise.all(played.map((run) => run.finished));

  const truth = stack.kazoo.groundTruth();
  const owner = (pbxUserId: unknown) =>
    typeof pbxUserId === 'string' ? stack.salesforce.userId(pbxUserId) : UNASSIGNED_QUEUE.Id;
  const rows = () => stack.salesforce.records('CallData__c') as unknown as Row[];
  const settle = () => compare(rows(), truth, owner);
  const clean = (r: ReturnType<typeof settle>) => (Object.values(r).every((list) => list.length === 0) ? r : null);
  let last = settle();
  try {
    await eventually(() => clean((last = settle())), 'the org to match the ground truth', 30_000);
  } catch {
    // Fall through to the assertion, which names every record that is lost, doubled, wrong or stale.
  }
  assert.equal(missedEntirely, KILLS);
  assert.ok(Object.keys(truth).length >= CALLS + KILLS, 'every call has at least one expected record');
  assert.deepEqual(
    last,
    { lost: [], duplicated: [], unexpected: [], stale: [], wrong: [] },
    `records differ from the ground truth; the adapter's logs: ${join(dirname(stack.configFile), 'adapter-runs.log')}`
  );
});
