/**
 * The bench's event timeline: the scripted day's calls (every fixture scenario, copied with fresh
 * ids) started at a fixed rate, each call keeping the spacing of its own events. The raw events
 * are not rewritten, so `cti-adapter replay` of the same lines is the ground truth.
 */
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { buildScriptedCalls } from '../../test/app/support/scripted-day.ts';

export interface TimedEvent {
  raw: unknown;
  /** Bench time (ms from the start) at which the event reaches the adapter. */
  atMs: number;
}

/** `calls` calls, one every `everyMs`, as raw lines (for the replay) and timed events. */
export function buildTimeline(calls: number, everyMs: number): { lines: string[]; events: TimedEvent[] } {
  const scenarios = buildScriptedCalls(Math.ceil(calls / 16)).slice(0, calls);
  const events: TimedEvent[] = [];
  scenarios.forEach((lines, index) => {
    const parsed = lines.flatMap((line) => {
      const raw = JSON.parse(line) as unknown;
      const normalized = normalizeEvent(raw);
      return normalized.ok ? [{ raw, timeMs: normalized.event.timeMs }] : [];
    });
    const start = Math.min(...parsed.map((e) => e.timeMs));
    for (const e of parsed) events.push({ raw: e.raw, atMs: index * everyMs + (e.timeMs - start) });
  });
  events.sort((a, b) => a.atMs - b.atMs);
  return { lines: scenarios.flat(), events };
}

/**
 * The fewest requests that can carry this run's work within a latency budget `windowMs`: every
 * window that holds at least one changed record needs a request per 200 records changed in it.
 */
export function floorRequests(changes: readonly { atMs: number; callId: string }[], windowMs: number): number {
  const windows = new Map<number, Set<string>>();
  for (const c of changes) {
    const w = Math.floor(c.atMs / windowMs);
    const set = windows.get(w) ?? new Set<string>();
    set.add(c.callId);
    windows.set(w, set);
  }
  let floor = 0;
  for (const set of windows.values()) floor += Math.ceil(set.size / 200);
  return floor;
}
