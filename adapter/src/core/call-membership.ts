import type { KazooCallEvent } from './kazoo-call-event.ts';
import { derivedSlot, keyedRecord, type CallState, type CorrelatorState, type LegState } from './correlator-state.ts';

/**
 * Which call each leg belongs to (kazoo.md C1–C4): legs are created, joined into calls by
 * interaction id or bridge links, re-opened from finished calls, and moved when re-tagged.
 */

/**
 * The calls put into `state.calls` since the list was made, in that order, kept with the state:
 * the once-a-second expiry check walks this instead of listing `state.calls`, which with
 * thousands of calls keeps its keys as a dictionary and sorts them on every listing (a third of
 * the expiry check in the pipeline bench). Calls that left the state are dropped as they are met.
 * Every insertion into `state.calls` is in this file and adds to the list.
 */
const callList = derivedSlot<CorrelatorState, Set<CallState>>('live calls');

function putCall(state: CorrelatorState, call: CallState): void {
  state.calls[call.key] = call;
  callList.get(state)?.add(call);
}

/** The calls in progress, in the order they came into the state (a restored state: its order). */
export function liveCalls(state: CorrelatorState): ReadonlySet<CallState> {
  let list = callList.get(state);
  if (!list) {
    list = new Set(Object.values(state.calls));
    callList.set(state, list);
  }
  for (const call of list) if (state.calls[call.key] !== call) list.delete(call);
  return list;
}

export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const sortedUnion = (a: readonly string[], b: readonly string[]): string[] =>
  [...new Set([...a, ...b])].sort(byText);

/** Moves a finished call back into the live state (a late leg or event arrived). */
export function reopen(state: CorrelatorState, key: string): void {
  const finished = state.finished[key];
  if (!finished) return;
  delete state.finished[key];
  state.finishedOrder = state.finishedOrder.filter((item) => item !== key);
  putCall(state, finished.call);
  for (const leg of finished.legs) {
    state.legs[leg.callId] = leg;
    delete state.finishedLegs[leg.callId];
  }
}

export function ensureLeg(state: CorrelatorState, callId: string): LegState {
  const finishedKey = state.finishedLegs[callId];
  if (finishedKey) reopen(state, finishedKey);
  const existing = state.legs[callId];
  if (existing) return existing;
  const key = `leg:${callId}`;
  putCall(state, {
    key,
    interactionId: null,
    legIds: [callId],
    lastActivityMs: 0,
    finalizations: 0,
    emitted: keyedRecord()
  });
  const leg: LegState = { callId, callKey: key, events: [] };
  state.legs[callId] = leg;
  return leg;
}

export function ensureInteraction(state: CorrelatorState, interactionId: string): CallState {
  if (state.finished[interactionId]) reopen(state, interactionId);
  const existing = state.calls[interactionId];
  if (existing) return existing;
  const call: CallState = {
    key: interactionId,
    interactionId,
    legIds: [],
    lastActivityMs: 0,
    finalizations: 0,
    emitted: keyedRecord()
  };
  putCall(state, call);
  return call;
}

/** Joins two calls; never two different interaction ids (a bridge across calls is not one call). */
export function merge(state: CorrelatorState, aKey: string, bKey: string): void {
  const a = state.calls[aKey];
  const b = state.calls[bKey];
  if (!a || !b || a === b) return;
  if (a.interactionId && b.interactionId) return;
  const [into, from] = b.interactionId || (!a.interactionId && bKey < aKey) ? [b, a] : [a, b];
  into.legIds = sortedUnion(into.legIds, from.legIds);
  if (from.visited) into.visited = sortedUnion(into.visited ?? [], from.visited);
  into.lastActivityMs = Math.max(into.lastActivityMs, from.lastActivityMs);
  into.finalizations = Math.max(into.finalizations, from.finalizations);
  into.emitted = Object.assign(keyedRecord<string>(), from.emitted, into.emitted);
  for (const legId of from.legIds) {
    const leg = state.legs[legId];
    if (leg) leg.callKey = into.key;
  }
  delete state.calls[from.key];
}

/**
 * Moves a leg whose latest event carries another interaction id (pickup, attended transfer) into
 * that call, with everything folded from it. The call it left still lists it as visited; whether
 * that call keeps its part of the leg is decided from the events alone (see leg-windows.ts); it lists
 the leg as visited only if an event of the leg carried its id.
 */
export function moveLeg(state: CorrelatorState, leg: LegState, from: CallState, interactionId: string): void {
  const to = ensureInteraction(state, interactionId);
  from.legIds = from.legIds.filter((id) => id !== leg.callId);
  to.legIds = sortedUnion(to.legIds, [leg.callId]);
  to.lastActivityMs = Math.max(to.lastActivityMs, from.lastActivityMs);
  leg.callKey = to.key;
}

/**
 * Notes that the leg took part in call `interactionId` (an event of it carried that id): the
 * call counts the leg's events in its sequence for good, even after the leg moves on.
 */
export function visit(state: CorrelatorState, callId: string, interactionId: string): CallState {
  const call = ensureInteraction(state, interactionId);
  if (!call.visited?.includes(callId)) call.visited = sortedUnion(call.visited ?? [], [callId]);
  return call;
}

/** Notes on the named leg that a leg of another interaction bridged to it (when a moved leg joined). */
export function markBridge(state: CorrelatorState, event: KazooCallEvent): void {
  if (event.eventName !== 'CHANNEL_BRIDGE' || !event.interactionId || !event.otherLegCallId) return;
  if (event.otherLegCallId === event.callId) return;
  const other = ensureLeg(state, event.otherLegCallId);
  const marks = other.bridgedFrom ?? [];
  if (marks.some((mark) => mark.msgId === event.msgId && mark.interactionId === event.interactionId)) return;
  other.bridgedFrom = [...marks, { interactionId: event.interactionId, msgId: event.msgId, timeMs: event.timeMs }];
}
