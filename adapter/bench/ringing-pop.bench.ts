// Ringing pop at the burst, in Chromium: the whole local stack (Kazoo simulator, Salesforce
// stand-in, the real adapter in a process of its own, the real softphone bundle in Debian's
// Chromium, as the e2e tests run it) takes calls at the burst's rate (20 calls/s) for a while;
// for each agent's record, the pop is the time from the simulator publishing the CHANNEL_CREATE of
// that agent's first leg to the call card entering that agent's softphone page. Played twice: with
// the stand-in as it is, and with 300 ms added to every request the adapter makes to the org.
// Prints p50/p99 per kind of call and one `BENCH_RESULT {json}` line for scripts/bench.mjs
// (`pop.p50Ms`/`pop.p99Ms`: the worst kind).
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import type { ScenarioName, ScenarioRun } from '../../devstack/kazoo/index.ts';
import type { DemoStack } from '../../devstack/start.ts';
import { eventually, launchBrowser, startE2eStack, stopAll } from '../../devstack/e2e/support/e2e-stack.ts';
import { AGENTS, openSoftphone, type Agent } from '../../devstack/e2e/support/harness-driver.ts';
import { cardsSeen, percentile, watchCards, type CardSeen } from './support/softphone-pops.ts';

/** `RING_CHANNEL=off npm run bench ringing`: the softphones hear their calls through the PushTopic alone (A/B). */
const RING_CHANNEL = process.env.RING_CHANNEL !== 'off';
const CALLS_PER_SECOND = 20;
const BURST_MS = 20_000;
const ORG_LATENCY_MS = 300;
/** The adapter's Salesforce user in the stand-in's seed (devstack/salesforce/seed.ts). */
const INTEGRATION_USER = 'integration@kazoo-cti.example';
/** Short calls keep each page's open cards bounded (~50 at 20 calls/s) while every call still rings for 2 s. */
const KNOBS = { ringSeconds: 2, talkSeconds: 1, record: false };

type Kind = 'inbound' | 'outbound' | 'click-to-dial' | 'internal';
const MIX: { scenario: ScenarioName; kind: Kind }[] = [
  { scenario: 'inbound-ring-group', kind: 'inbound' },
  { scenario: 'inbound-user', kind: 'inbound' },
  { scenario: 'outbound-answered', kind: 'outbound' },
  { scenario: 'click-to-dial', kind: 'click-to-dial' },
  { scenario: 'internal', kind: 'internal' }
];
const KINDS: Kind[] = ['inbound', 'outbound', 'click-to-dial', 'internal'];
const agents: Agent[] = [AGENTS.alice, AGENTS.bob, AGENTS.carol];

const now = () => performance.timeOrigin + performance.now();

interface Played {
  run: ScenarioRun;
  kind: Kind;
}

/** `calls` calls at `perSecond`, cycling through the mix and the agents. */
async function playBurst(stack: DemoStack, calls: number, perSecond: number, relatedLeadId: string) {
  const played: Played[] = [];
  const begin = performance.now();
  for (let i = 0; i < calls; i++) {
    const wait = begin + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait); // pacing the arrivals, not waiting for an outcome
    const { scenario, kind } = MIX[i % MIX.length] as (typeof MIX)[number];
    const who = agents[Math.floor(i / MIX.length) % agents.length] as Agent;
    const other = agents[(Math.floor(i / MIX.length) + 1) % agents.length] as Agent;
    const run = await stack.kazoo.play(scenario, {
      ...KNOBS,
      agentId: who.pbxUserId,
      otherAgentId: other.pbxUserId,
      // The CAV Open CTI click-to-dial puts on the quickcall (the adapter's dial endpoint sets it).
      ...(kind === 'click-to-dial' && { customApplicationVars: { sf_related_record_id: relatedLeadId } })
    });
    played.push({ run, kind });
  }
  await Promise.all(played.map((p) => p.run.finished));
  return played;
}

const emptyByKind = (): Record<Kind, number[]> => ({ inbound: [], outbound: [], 'click-to-dial': [], internal: [] });

interface Phase {
  latencyMs: number;
  byKind: Record<Kind, number[]>;
  /** The same pops split at the record's first PushTopic event: CHANNEL_CREATE → stored, stored → card. */
  toStored: Record<Kind, number[]>;
  toCard: Record<Kind, number[]>;
  missing: number;
  /** The event-loop delay of the bench process during the burst (ms). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Cards whose first status was not Ringing (the ring was never shown). */
  late: number;
}

async function measurePhase(
  stack: DemoStack,
  pages: Map<string, Page>,
  creates: Map<string, { owner: string; at: number }>,
  latencyMs: number,
  leadId: string
): Promise<Phase> {
  // Org latency is what the adapter's own requests (its integration user's) wait for; the agents'
  // pages are not slowed: in Salesforce, Open CTI's searchAndScreenPop runs in the console over its
  // own HTTP/2 connection, while the harness page fetches the search itself, over the same six
  // HTTP/1.1 connections as its CometD long poll, which slowed searches would then hold up.
  const slow = { latencyMs };
  stack.salesforce.faults.configure(
    latencyMs
      ? {
          users: [stack.salesforce.userId(INTEGRATION_USER)],
          endpoints: { oauth: slow, upsert: slow, collections: slow, query: slow, search: slow, rest: slow }
        }
      : {}
  );
  // The simulator and the stand-in share this process's event loop: its delay is in their stages.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const played = await playBurst(stack, (CALLS_PER_SECOND * BURST_MS) / 1000, CALLS_PER_SECOND, leadId);
  loopDelay.disable();
  const wanted = played.flatMap(({ run, kind }) =>
    run.expected.map((e) => ({ kind, callId: e.CallId__c, owner: e.PbxUserId__c ?? '', legs: run.callIds }))
  );
  const recordIds = () =>
    new Map(stack.salesforce.records('CallData__c').map((r) => [String(r.CallId__c), String(r.Id)]));
  const seen = async () => {
    const all = new Map<string, Record<string, CardSeen>>();
    for (const [owner, page] of pages) all.set(owner, await cardsSeen(page));
    return all;
  };
  // Every card should be shown by now (each call rang for 2 s); give stragglers a few seconds.
  let cards = await seen();
  await eventually(
    async () => {
      cards = await seen();
      return wanted.every((w) => cards.get(w.owner)?.[w.callId]);
    },
    'every ringing card',
    5_000
  ).catch(() => undefined);
  const ids = recordIds();
  const firstEvent = new Map<string, number>();
  for (const e of stack.salesforce.publishes) if (!firstEvent.has(e.recordId)) firstEvent.set(e.recordId, e.createdAt);
  const phase: Phase = {
    latencyMs,
    byKind: emptyByKind(),
    toStored: emptyByKind(),
    toCard: emptyByKind(),
    missing: 0,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    late: 0
  };
  for (const w of wanted) {
    const card = firstCard(cards.get(w.owner), w.callId, w.legs);
    const created = w.legs
      .map((leg) => creates.get(leg))
      .filter((c) => c?.owner === w.owner)
      .map((c) => c?.at ?? Infinity);
    const createdAt = Math.min(...created);
    if (!card || !Number.isFinite(createdAt)) {
      phase.missing += 1;
      continue;
    }
    if (card.status !== 'Ringing') phase.late += 1;
    phase.byKind[w.kind].push(card.at - createdAt);
    const storedAt = firstEvent.get(ids.get(w.callId) ?? '');
    if (storedAt !== undefined) {
      phase.toStored[w.kind].push(storedAt - createdAt);
      phase.toCard[w.kind].push(card.at - storedAt);
    }
  }
  stack.salesforce.faults.clear();
  return phase;
}

/**
 * When the page first showed this record's card: by its CallId__c, or earlier as the preview of one
 * of its legs being dialled (the same card, merged into the record when the PBX named the call).
 */
function firstCard(seen: Record<string, CardSeen> | undefined, callId: string, legs: readonly string[]) {
  const shown = [seen?.[callId], ...legs.map((leg) => seen?.[`leg:${leg}`])].filter((c): c is CardSeen => !!c);
  return shown.sort((a, b) => a.at - b.at)[0];
}

let stack: DemoStack | undefined;
let browser: Browser | undefined;
const figures: Record<string, number | null> = {};
try {
  const loadBefore = loadavg()[0] ?? 0;
  // The product's default coalescing window (adapter-config.ts), not the demo's quicker 100 ms.
  // The adapter in a process of its own, as deployed: in the stack's process it would share one
  // event loop with the simulator and the stand-in, whose work then delays every stage of a pop.
  [stack, browser] = await Promise.all([
    startE2eStack({ coalesceWindowMs: 250, adapterProcess: true, ringChannel: RING_CHANNEL }),
    launchBrowser()
  ]);
  const pages = new Map<string, Page>();
  for (const who of agents) {
    const page = await openSoftphone(browser, stack, who);
    await watchCards(page);
    pages.set(who.pbxUserId, page);
  }
  const creates = new Map<string, { owner: string; at: number }>();
  stack.kazoo.onCallEvent((name, callId, data) => {
    if (name !== 'CHANNEL_CREATE') return;
    const ccv = data.custom_channel_vars as Record<string, unknown> | undefined;
    if (typeof ccv?.owner_id === 'string' && ccv.owner_id) creates.set(callId, { owner: ccv.owner_id, at: now() });
  });
  const lead = stack.salesforce.records('Lead')[0];
  const leadId = String(lead?.Id ?? '');
  // Warm-up (not measured): the first calls pay for JIT, first SOSLs and the pages' first renders.
  await playBurst(stack, 10, 5, leadId);

  const phases = [
    await measurePhase(stack, pages, creates, 0, leadId),
    await measurePhase(stack, pages, creates, ORG_LATENCY_MS, leadId)
  ];
  const round = (n: number | null) => (n === null ? null : Math.round(n));
  console.log(
    `ringing pop, CHANNEL_CREATE → card in the agent's page, ${CALLS_PER_SECOND} calls/s for ${BURST_MS / 1000} s, 3 agents' pages, ringing channel ${RING_CHANNEL ? 'on' : 'off'}`
  );
  console.log('org latency  kind            n    p50    p99    max  (ms) | p50 create→stored, stored→card');
  const worst = { p50: 0, p99: 0 };
  for (const phase of phases) {
    const label = phase.latencyMs ? `latency${phase.latencyMs}` : 'noLatency';
    for (const kind of KINDS) {
      const values = phase.byKind[kind];
      const p50 = round(percentile(values, 50));
      const p99 = round(percentile(values, 99));
      const max = round(percentile(values, 100));
      worst.p50 = Math.max(worst.p50, p50 ?? 0);
      worst.p99 = Math.max(worst.p99, p99 ?? 0);
      figures[`pop.${label}.${kind}.p50Ms`] = p50;
      figures[`pop.${label}.${kind}.p99Ms`] = p99;
      console.log(
        `${`${phase.latencyMs} ms`.padEnd(12)} ${kind.padEnd(14)} ${String(values.length).padStart(4)} ${String(p50).padStart(6)} ${String(p99).padStart(6)} ${String(max).padStart(6)}       | ${round(percentile(phase.toStored[kind], 50))}, ${round(percentile(phase.toCard[kind], 50))}`
      );
    }
    figures[`pop.${label}.missingCards`] = phase.missing;
    figures[`pop.${label}.notRingingWhenShown`] = phase.late;
    figures[`pop.${label}.eventLoopDelayP99Ms`] = round(phase.loopDelayP99Ms);
    console.log(
      `${`${phase.latencyMs} ms`.padEnd(12)} cards never shown: ${phase.missing}; first shown after ringing: ${phase.late}; event-loop delay p99 ${round(phase.loopDelayP99Ms)} ms, max ${round(phase.loopDelayMaxMs)} ms`
    );
  }
  figures['pop.p50Ms'] = worst.p50;
  figures['pop.p99Ms'] = worst.p99;
  console.log(
    `pop (worst kind, both latencies): p50 ${worst.p50} ms, p99 ${worst.p99} ms; load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}`
  );
  console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);
} catch (error) {
  process.stderr.write(`ringing-pop bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll(stack, browser).catch(() => undefined);
}
process.exit(process.exitCode ?? 0);
