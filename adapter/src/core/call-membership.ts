import type { KazooCallEvent } from './kazoo-call-event.ts';
import { keyedRecord, type CallState, type CorrelatorState, type LegState } from './correlator-state.ts';

/**
 * Which call each leg belongs to (kazoo.md C1–C4): legs are created, joined into calls by
 * interaction id or bridge links, re-opened from finished calls, and moved when re-tagged.
 */

export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const sortedUnion = (a: readonly string[], b: readonly string[]): string[] =>
  [...new Set([...a, ...b])].sort(byText);

/** Moves a finished call back into the live state (a late leg or event arrived). */
export function reopen(state: CorrelatorState, key: string): void {
  const finished = state.finished[key];
  if (!finished) return;
  delete state.finished[key];
  state.finishedOrder = state.finishedOrder.filter((item) => item !== key);
  state.calls[key] = finished.call;
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
  state.calls[key] = {
    key,
    interactionId: null,
    legIds: [callId],
    lastActivityMs: 0,
    finalizations: 0,
    emitted: keyedRecord()
  };
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
  state.calls[interactionId] = call;
  return call;
}

/** Joins two calls; never two different interaction ids (a bridge across calls is not one call). */
export function merge(state: CorrelatorState, aKey: string, bKey: string): void {
  const a = state.calls[aKey];
  const b = state.calls[bKey];
  if (!a || !b || a === b) return;
  if (a.interactionId && b.interactionId) return;
  const [into, from] = b.interactionId || (!a.interactionId && bKey < aKey) ? [b, a] : [a, b];
  into.legIds = [...new Set([...into.legIds, ...from.legIds])].sort(byText);
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
 * that call, with everything folded from it. The call it left keeps its part of the leg when that
 * call goes on without it or already showed it to an agent; otherwise nothing of it stays there.
 */
export function moveLeg(state: CorrelatorState, leg: LegState, from: CallState, interactionId: string): void {
  const to = ensureInteraction(state, interactionId);
  from.legIds = from.legIds.filter((id) => id !== leg.callId);
  const othersRemain = from.legIds.some((id) => (state.legs[id]?.events.length ?? 0) > 0);
  const shown = Object.keys(from.emitted).length > 0;
  if (othersRemain || shown) {
    from.departed = sortedUnion(from.departed ?? [], [leg.callId]);
    leg.keptBy = sortedUnion(leg.keptBy ?? [], [from.key]);
  } else if (from.legIds.length === 0 && (from.departed ?? []).length === 0) delete state.calls[from.key];
  to.legIds = sortedUnion(to.legIds, [leg.callId]);
  if (to.departed) to.departed = to.departed.filter((id) => id !== leg.callId);
  if (leg.keptBy) leg.keptBy = leg.keptBy.filter((key) => key !== to.key);
  to.lastActivityMs = Math.max(to.lastActivityMs, from.lastActivityMs);
  leg.callKey = to.key;
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
