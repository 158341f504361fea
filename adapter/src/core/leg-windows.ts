import type { StoredCallEvent } from './kazoo-call-event.ts';
import {
  derivedSlot,
  type BridgeMark,
  type CallState,
  type CorrelatorState,
  type LegState
} from './correlator-state.ts';
import type { LegWindow } from './summarize-leg.ts';

/**
 * A leg's events split where the interaction id they carry changes (kazoo.md C1 does not hold for
 * live re-tagging: ecallmgr_events.erl event/4 copies another call's id onto a live channel on
 * `sofia::intercepted` and `sofia::transferor`). Events before the first id belong to the first run.
 */
interface Run {
  interactionId: string | null;
  events: StoredCallEvent[];
}

function runsOf(events: readonly StoredCallEvent[]): Run[] {
  const runs: Run[] = [];
  for (const event of events) {
    const id = event.interactionId ?? null;
    const last = runs.at(-1);
    if (!last) runs.push({ interactionId: id, events: [event] });
    else if (id === null || id === last.interactionId) last.events.push(event);
    else if (last.interactionId === null) {
      last.interactionId = id;
      last.events.push(event);
    } else runs.push({ interactionId: id, events: [event] });
  }
  return runs;
}

/** The interaction of the leg's latest event that carried one: where the leg belongs now. */
export function homeOf(events: readonly StoredCallEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const id = events[i]?.interactionId;
    if (id) return id;
  }
  return null;
}

/** The leg as any part of the state holds it: live, or in a finished call. */
export function findLeg(state: CorrelatorState, callId: string): LegState | undefined {
  const live = state.legs[callId];
  if (live) return live;
  const finishedKey = state.finishedLegs[callId];
  return finishedKey ? state.finished[finishedKey]?.legs.find((leg) => leg.callId === callId) : undefined;
}

/** Whether any event of the leg carried `interactionId`. */
const carries = (leg: LegState, interactionId: string): boolean =>
  leg.events.some((event) => event.interactionId === interactionId);

/**
 * Whether the call `interactionId` goes on without the leg that left it (an attended transfer's
 * consultation still has the transferor's leg): then it keeps its part of that leg. A call that
 * was only that leg (a pickup routed as a call of its own) keeps nothing. Decided from the events
 * alone, so arrival order cannot change it.
 */
function keptBy(state: CorrelatorState, interactionId: string | null, callId: string): boolean {
  if (!interactionId) return false;
  const call = state.calls[interactionId] ?? state.finished[interactionId]?.call;
  if (!call) return false;
  return sortedIds(call).some((id) => {
    if (id === callId) return false;
    const other = findLeg(state, id);
    if (!other || other.events.length === 0) return false;
    return carries(other, interactionId) || (call.legIds.includes(id) && homeOf(other.events) === null);
  });
}

/**
 * The last sorted id list of each call, with the lists it was made from. Membership changes
 * always give a call new `legIds`/`visited` arrays (call-membership.ts never edits one in place),
 * so the same arrays mean the same ids: every event reads the list, few change it. A derived slot
 * of the call, so snapshots never carry it.
 */
const sortedIdsOf = derivedSlot<
  CallState,
  { legIds: readonly string[]; visited: readonly string[] | undefined; sorted: readonly string[] }
>('sorted ids');

/** Every leg a call has or had, sorted. Shared: never change the list returned. */
export function sortedIds(call: CallState): readonly string[] {
  const cached = sortedIdsOf.get(call);
  if (cached && cached.legIds === call.legIds && cached.visited === call.visited) return cached.sorted;
  const sorted = visitedAmongLegs(call.legIds, call.visited)
    ? call.legIds
    : [...new Set([...call.legIds, ...(call.visited ?? [])])].sort();
  sortedIdsOf.set(call, { legIds: call.legIds, visited: call.visited, sorted });
  return sorted;
}

const increasing = (ids: readonly string[]): boolean => ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);

/**
 * Whether the legs (sorted, each once, as call-membership.ts keeps them) already are every leg
 * the call has or had: most calls' legs all carried its id, so no list of their own is needed.
 */
function visitedAmongLegs(legIds: readonly string[], visited: readonly string[] | undefined): boolean {
  if (!increasing(legIds)) return false;
  if (!visited) return true;
  if (!increasing(visited)) return false;
  let at = 0;
  for (const id of visited) {
    while (at < legIds.length && (legIds[at] as string) < id) at += 1;
    if (legIds[at] !== id) return false;
  }
  return true;
}

/** When the leg joined run `run`: its first event there, or an earlier bridge to it from that call. */
function joinTime(run: Run, after: number, marks: readonly BridgeMark[]): number {
  const first = run.events[0]?.timeMs ?? Number.POSITIVE_INFINITY;
  const bridged = marks
    .filter((mark) => mark.interactionId === run.interactionId && mark.timeMs >= after)
    .map((mark) => mark.timeMs);
  return Math.min(first, ...bridged);
}

/**
 * The events of `leg` that belong to call `interactionId`, and the window the call sees the leg
 * in. A leg that moved here brings everything folded from the call it left, unless that call
 * kept its part (then this call sees it from when it joined). A leg that moved on from here is
 * seen until it left.
 */
export function legInCall(
  state: CorrelatorState,
  leg: LegState,
  interactionId: string | null
): { events: StoredCallEvent[]; window: LegWindow } {
  const runs = runsOf(leg.events);
  const mine = runs.flatMap((run, index) => (run.interactionId === interactionId ? [index] : []));
  const firstIndex = mine[0];
  const lastIndex = mine.at(-1);
  if (!interactionId) return { events: leg.events, window: {} };
  // A leg with no interaction id yet is the call's through a bridge link, if it is still listed.
  if (firstIndex === undefined || lastIndex === undefined) {
    const untagged = homeOf(leg.events) === null && leg.callKey === interactionId;
    return { events: untagged ? leg.events : [], window: {} };
  }
  let start = firstIndex;
  while (start > 0 && !keptBy(state, runs[start - 1]?.interactionId ?? null, leg.callId)) start -= 1;
  const window: LegWindow = {};
  const marks = leg.bridgedFrom ?? [];
  if (start > 0) {
    const before = runs.slice(0, start).flatMap((run) => run.events);
    window.joinedAtMs = joinTime(runs[start] as Run, before.at(-1)?.timeMs ?? 0, marks);
    window.answeredBefore = before.some((event) => event.eventName === 'CHANNEL_ANSWER');
  }
  const next = runs[lastIndex + 1];
  if (next) window.leftAtMs = joinTime(next, runs[lastIndex]?.events.at(-1)?.timeMs ?? 0, marks);
  return { events: runs.slice(start, lastIndex + 1).flatMap((run) => run.events), window };
}
