/** A steady stream of random calls (calls per second) for benchmarks and the demo. */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlayKnobs, ScenarioRun } from './scenario-player.ts';
import { SCENARIOS, type ScenarioName } from './scenarios.ts';

export interface LoadOptions {
  callsPerSecond: number;
  durationMs: number;
  /** Scenarios to draw from, in turn (default: all of them). */
  scenarios?: readonly ScenarioName[];
  /** Knobs for every call; a benchmark usually compresses time (e.g. timeScale 0.05). */
  knobs?: PlayKnobs;
}

export interface LoadHandle {
  /** Calls started so far. */
  readonly started: number;
  readonly runs: readonly ScenarioRun[];
  /** Resolves when the last call has been started and every call has finished. */
  done: Promise<void>;
  stop(): void;
}

export function startLoad(
  play: (scenario: ScenarioName, knobs: PlayKnobs) => ScenarioRun,
  options: LoadOptions,
  signal: AbortSignal
): LoadHandle {
  if (!(options.callsPerSecond > 0)) throw new Error('callsPerSecond must be > 0');
  const scenarios = options.scenarios ?? SCENARIOS;
  const runs: ScenarioRun[] = [];
  const stopper = new AbortController();
  const both = AbortSignal.any([signal, stopper.signal]);
  setMaxListeners(0, both);
  const interval = 1000 / options.callsPerSecond;
  const loop = async () => {
    const begin = Date.now();
    for (let i = 0; begin + i * interval < begin + options.durationMs && !both.aborted; i++) {
      const wait = begin + i * interval - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal: both }).catch(() => undefined);
      if (both.aborted) break;
      runs.push(play(scenarios[i % scenarios.length] as ScenarioName, options.knobs ?? {}));
    }
    await Promise.allSettled(runs.map((r) => r.finished));
  };
  const done = loop();
  return {
    get started() {
      return runs.length;
    },
    runs,
    done,
    stop: () => stopper.abort()
  };
}
