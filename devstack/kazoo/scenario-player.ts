/**
 * Plays a scenario in (optionally compressed) time: events go out on the websocket, and channels,
 * CDRs and recordings change as the switch would change them. Transport knobs add duplicates,
 * reordering and a dropped socket; they never change what the call was (the ground truth).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CallScript, type CallPhase, type ScriptEvent } from './call-script.ts';
import { createRandom, newInteractionId, type RandomSource } from './kazoo-format.ts';
import { buildScenario, type ExpectedCallData, type ScenarioName, type ScenarioParams } from './scenarios.ts';
import type { BlackholeServer } from './blackhole-server.ts';
import type { CallStore } from './call-store.ts';

export interface PlayKnobs extends ScenarioParams {
  /** Real milliseconds per scenario millisecond: 1 for the demo, 0.01 for fast tests. */
  timeScale?: number;
  /** Probability (0..1) that an event is published twice with the same msg_id. */
  duplicates?: number;
  /** Probability (0..1) that an event swaps places with the next one of the same phase. */
  reorder?: number;
  /** Drop every websocket just before this phase starts. */
  dropSocketAt?: CallPhase;
  /** After that drop, refuse reconnects this long (real ms), so the events in between are lost. */
  outageMs?: number;
  /** Stop before each new phase until `run.advance()` (for step-by-step browser tests). */
  manual?: boolean;
  seed?: number;
}

export interface ScenarioRun {
  scenario: ScenarioName;
  interactionId: string;
  /** Every leg's call id, A-leg first. */
  callIds: string[];
  /** What each agent's CallData__c record must end as. */
  expected: ExpectedCallData[];
  /** The events as the switch produced them (before duplicates, reordering and drops). */
  events: ScriptEvent[];
  /** Resolves once every event of `phase` has been published (a skipped phase resolves with the next). */
  reached(phase: CallPhase): Promise<void>;
  /** In manual mode, lets the next phase play. */
  advance(): void;
  /** Resolves when the last event is out and the recordings are saved. */
  finished: Promise<void>;
}

export interface PlayerDeps {
  blackhole: BlackholeServer;
  store: CallStore;
  random: RandomSource;
  relatedRecordCav: string;
  defaultTimeScale: number;
  /** Real ms between hangup and the recording document becoming readable. */
  recordingDelayMs: number;
  signal: AbortSignal;
  onExpected(expected: ExpectedCallData[]): void;
}

const PHASES: CallPhase[] = ['ringing', 'answered', 'ended'];

interface Emission {
  event: ScriptEvent;
  realMs: number;
  duplicate: boolean;
}

export function playScenario(deps: PlayerDeps, name: ScenarioName, knobs: PlayKnobs = {}): ScenarioRun {
  const random = knobs.seed === undefined ? deps.random : createRandom(knobs.seed);
  const startedAt = Date.now();
  const script = new CallScript(startedAt, newInteractionId(startedAt, random), random);
  const expected = buildScenario(name, { script, random, params: knobs, relatedRecordCav: deps.relatedRecordCav });
  deps.onExpected(expected);
  const timeScale = knobs.timeScale ?? deps.defaultTimeScale;
  const emissions = schedule(script.events, knobs, random, timeScale);

  const reachedPhase = new Map(PHASES.map((p) => [p, deferred()]));
  let gate = deferred();
  const run: ScenarioRun = {
    scenario: name,
    interactionId: script.interactionId,
    callIds: script.legs.map((l) => l.spec.callId),
    expected,
    events: script.events,
    reached: (phase) => reachedPhase.get(phase)?.promise ?? Promise.resolve(),
    advance: () => gate.resolve(),
    finished: Promise.resolve()
  };
  const markReached = (upTo: CallPhase) => {
    for (const p of PHASES.slice(0, PHASES.indexOf(upTo) + 1)) reachedPhase.get(p)?.resolve();
  };
  const cdrs = new Map(script.cdrs.map((c) => [String(c.call_id), c]));

  const loop = async () => {
    const begin = Date.now();
    let paused = 0;
    let phase: CallPhase | null = null;
    let dropDue = false;
    for (const [i, e] of emissions.entries()) {
      if (e.event.phase !== phase) {
        if (phase !== null) {
          markReached(phase);
          if (knobs.manual) {
            const waitStart = Date.now();
            await Promise.race([gate.promise, abortPromise(deps.signal)]);
            gate = deferred();
            paused += Date.now() - waitStart;
          }
        }
        phase = e.event.phase;
        dropDue = knobs.dropSocketAt === phase;
      }
      const wait = begin + paused + e.realMs - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal: deps.signal });
      if (deps.signal.aborted) return;
      // The drop happens at the moment the phase's first event is due, not when the previous phase ends.
      if (dropDue) deps.blackhole.dropSockets(knobs.outageMs ?? 0);
      dropDue = false;
      publish(deps, e, startedAt, cdrs);
      if (i === emissions.length - 1) markReached('ended');
    }
    await saveRecordings(deps, script, begin + paused, timeScale);
  };
  run.finished = loop().catch((error: unknown) => {
    if (!deps.signal.aborted) throw error;
  });
  return run;
}

function publish(deps: PlayerDeps, e: Emission, startedAt: number, cdrs: Map<string, Record<string, unknown>>) {
  const { name, callId, data, atMs } = e.event;
  if (!e.duplicate) {
    deps.store.apply(name, data, startedAt + atMs);
    const cdr = cdrs.get(callId);
    if (name === 'CHANNEL_DESTROY' && cdr) deps.store.addCdr(cdr);
  }
  deps.blackhole.publishCall(name, callId, data);
}

async function saveRecordings(deps: PlayerDeps, script: CallScript, begin: number, timeScale: number) {
  for (const { atMs, doc } of [...script.recordings].sort((a, b) => a.atMs - b.atMs)) {
    const wait = begin + atMs * timeScale + deps.recordingDelayMs - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: deps.signal });
    deps.store.addRecording(doc);
    deps.blackhole.publishObject('doc_created', 'call_recording', doc._id);
  }
}

/** Orders events by time, then applies the transport knobs. */
function schedule(events: ScriptEvent[], knobs: PlayKnobs, random: RandomSource, timeScale: number): Emission[] {
  const list: Emission[] = [...events]
    .sort((a, b) => a.atMs - b.atMs)
    .map((event) => ({ event, realMs: event.atMs * timeScale, duplicate: false }));
  if (knobs.reorder) {
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i] as Emission;
      const b = list[i + 1] as Emission;
      if (a.event.phase === b.event.phase && random.next() < knobs.reorder) {
        list[i] = { ...b, realMs: a.realMs };
        list[i + 1] = { ...a, realMs: b.realMs };
        i++;
      }
    }
  }
  if (!knobs.duplicates) return list;
  return list.flatMap((e) => (random.next() < (knobs.duplicates ?? 0) ? [e, { ...e, duplicate: true }] : [e]));
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Promise.withResolvers is Node 22+; the project supports Node 20. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
