import type { CountryCode } from 'libphonenumber-js';
import type { CallDataProjection } from './call-data.ts';
import { compactEvent, type KazooCallEvent, type StoredCallEvent } from './kazoo-call-event.ts';
import { projectCall } from './project-call.ts';
import { compareEvents, summarizeLeg, type LegSummary } from './summarize-leg.ts';
import {
  byText,
  ensureInteraction,
  ensureLeg,
  liveCalls,
  markBridge,
  merge,
  moveLeg,
  visit
} from './call-membership.ts';
import {
  createCorrelatorState,
  boundedSlot,
  derivedSlot,
  restoreCorrelatorState,
  type CallState,
  type CorrelatorState,
  type LegState
} from './correlator-state.ts';
import { findLeg, homeOf, legInCall, sortedIds } from './leg-windows.ts';
import { forgetConsultations, withConsultationFolded } from './konami-consultation.ts';

export { createCorrelatorState, restoreCorrelatorState };
export type { CorrelatorState };

export interface CorrelatorOptions {
  /** Region for reading national numbers, e.g. `US`. */
  defaultRegion: CountryCode;
  /** How long a call whose legs are all destroyed waits for late legs (transfers) before it is final. */
  graceMs: number;
  /** Source__c of every projection; default `kazoo`. */
  source?: string;
  /** Finished calls remembered for late duplicates and late legs; default 200. */
  maxFinishedCalls?: number;
  /** A call with no event for this long is finalized even with live legs (a lost DESTROY); default 12 h. */
  staleMs?: number;
}

export interface CorrelateResult {
  state: CorrelatorState;
  projections: CallDataProjection[];
  duplicate: boolean;
}

export interface ExpireResult {
  state: CorrelatorState;
  projections: CallDataProjection[];
}

const DEFAULT_MAX_FINISHED = 200;
const DEFAULT_STALE_MS = 12 * 3600 * 1000;

/** The same event: the same name at the same `msg_id`. */
function holds(events: readonly StoredCallEvent[], event: KazooCallEvent): boolean {
  for (const known of events) if (known.msgId === event.msgId && known.eventName === event.eventName) return true;
  return false;
}

function isDuplicate(state: CorrelatorState, event: KazooCallEvent): boolean {
  const live = state.legs[event.callId];
  if (live) return holds(live.events, event);
  const finishedKey = state.finishedLegs[event.callId];
  const finishedLeg = finishedKey
    ? state.finished[finishedKey]?.legs.find((leg) => leg.callId === event.callId)
    : undefined;
  return finishedLeg ? holds(finishedLeg.events, event) : false;
}

/**
 * The leg's events with `event` added where {@link compareEvents} sorts it. Events mostly arrive in
 * order, so the search runs from the end; no two events compare equal (duplicates are refused), so
 * this is the order a sort of all of them gives. A new list of exactly their number: a list grown
 * by `push` reserves room for 16 more, and with 10,000 calls in flight most legs hold two or three.
 */
function withEventSorted(events: readonly StoredCallEvent[], event: StoredCallEvent): StoredCallEvent[] {
  let at = events.length;
  while (at > 0 && compareEvents(events[at - 1] as StoredCallEvent, event) > 0) at -= 1;
  // concat allocates exactly the length it returns (and keeps the list packed).
  return at === events.length ? events.concat([event]) : events.slice(0, at).concat([event], events.slice(at));
}

/** The newest `msg_id` (µs) of each leg and its event count then: events are only ever added. */
const newestOf = derivedSlot<LegState, { count: number; maxMsgId: number }>('newest msg id');

function newestMsgId(leg: LegState): number {
  const cached = newestOf.get(leg);
  if (cached?.count === leg.events.length) return cached.maxMsgId;
  let maxMsgId = 0;
  for (const event of leg.events) maxMsgId = Math.max(maxMsgId, Number(event.msgId));
  newestOf.set(leg, { count: leg.events.length, maxMsgId });
  return maxMsgId;
}

/**
 * LastEventSeq__c: the newest msg_id (µs) plus twice the number of distinct events, plus one when
 * final. It depends only on the set of events (not their order or the grace period), and grows with
 * every new event even across a re-open (+2 for the event, −1 for no longer being final).
 */
function sequence(state: CorrelatorState, call: CallState, finalized: boolean): number {
  let maxMsgId = 0;
  let count = 0;
  for (const legId of sortedIds(call)) {
    const leg = findLeg(state, legId);
    if (!leg || leg.events.length === 0) continue;
    maxMsgId = Math.max(maxMsgId, newestMsgId(leg));
    count += leg.events.length;
  }
  return maxMsgId + 2 * count + (finalized ? 1 : 0);
}

/** Legs whose last summary is kept: several times the legs of the calls that change within a second at a busy tenant. */
const SUMMARIES_KEPT = 4_096;

interface CachedSummary {
  /** The leg's event count when summarized: events are only ever added (duplicates are refused). */
  count: number;
  interactionId: string | null;
  callKey: string;
  summary: LegSummary;
}

/**
 * The last summary of each leg, so an event re-summarizes only its own leg, not every leg of the
 * call. Kept only for a leg whose events carry at most one interaction id: then what a call sees
 * of it (`legInCall`) depends on the leg alone, not on other legs. A derived slot of the leg, so
 * snapshots never carry it; a restored state starts without it. Summaries are shared: never mutate one.
 * Kept for the legs summarized most recently only: a leg's summary is a fold of its one to three
 * events, quick to redo when its call next changes, while one for every leg of 10,000 calls in
 * flight holds about 8 MiB (a 33-field summary, its cache entry and their boxed times per leg).
 */
const summaries = boundedSlot<LegState, CachedSummary>('summary', SUMMARIES_KEPT);

/**
 * The one interaction id the leg's events carry: null for none, undefined for several (or an
 * empty one, which only {@link legInCall} reads right).
 */
function soleInteraction(events: readonly StoredCallEvent[]): string | null | undefined {
  let seen: string | null = null;
  for (const event of events) {
    const id = event.interactionId;
    if (id === undefined || id === null) continue;
    if (id === '' || (seen !== null && id !== seen)) return undefined;
    seen = id;
  }
  return seen;
}

/**
 * What call `interactionId` sees of the leg, as {@link legInCall} says, without splitting the
 * events into runs when they carry at most one interaction id (nearly every leg): then the call
 * sees all of them with no window, or none.
 */
function seenByCall(
  state: CorrelatorState,
  leg: LegState,
  interactionId: string | null,
  sole: string | null | undefined
) {
  if (!interactionId || (sole !== undefined && sole === interactionId)) return { events: leg.events, window: {} };
  if (sole === null) return { events: leg.callKey === interactionId ? leg.events : [], window: {} };
  if (sole !== undefined) return { events: [], window: {} };
  return legInCall(state, leg, interactionId);
}

function legSummary(state: CorrelatorState, call: CallState, legId: string): LegSummary {
  const leg = findLeg(state, legId);
  if (!leg) return summarizeLeg(legId, []);
  const cached = summaries.get(leg);
  if (
    cached &&
    cached.count === leg.events.length &&
    cached.interactionId === call.interactionId &&
    cached.callKey === leg.callKey
  )
    return cached.summary;
  const sole = soleInteraction(leg.events);
  const { events, window } = seenByCall(state, leg, call.interactionId, sole);
  const summary = summarizeLeg(legId, events, window);
  if (sole !== undefined)
    summaries.set(leg, {
      count: leg.events.length,
      interactionId: call.interactionId,
      callKey: leg.callKey,
      summary
    });
  else summaries.delete(leg);
  return summary;
}

/** The legs of a call as its records see them, sorted by call id (moved legs in their window). */
function callLegs(state: CorrelatorState, call: CallState) {
  return sortedIds(call).map((legId) => legSummary(state, call, legId));
}

function project(
  state: CorrelatorState,
  call: CallState,
  finalized: boolean,
  options: CorrelatorOptions
): CallDataProjection[] {
  const legs = callLegs(state, call);
  const seen = legs.filter((leg) => leg.seen);
  if (seen.length === 0) return [];
  // A lone A-leg may still turn out to be part of another call (a pickup is routed as a call of
  // its own, then re-tagged): nothing is shown for it until a second leg or its end says what it is.
  const lone = seen.length === 1 && !seen[0]?.callId.endsWith('-quickcall');
  if (!finalized && lone) return [];
  const interactionId =
    call.interactionId ??
    legs.find((leg) => leg.seen && !leg.isLoopback && (leg.bridgeId ?? leg.callId) === leg.callId)?.callId ??
    call.legIds[0] ??
    call.key;
  if (!call.interactionId && !finalized) return [];
  return projectCall(legs, {
    interactionId,
    seq: sequence(state, call, finalized),
    finalized,
    defaultRegion: options.defaultRegion,
    source: options.source ?? 'kazoo'
  });
}

/**
 * A 53-bit fingerprint (cyrb53) of a projection without its sequence: the state remembers what was
 * emitted per record by fingerprint only, which keeps snapshots small. Every projection has the
 * same fields in the same order (project-call.ts), so only the values are hashed, each after a
 * code for its type (null and "null" differ); numbers as their two 32-bit halves, without a text.
 * It runs for every record of a call each time the call is projected (tens of thousands of times
 * in the pipeline bench), so the two halves live in locals and each value's codes are mixed in
 * line, not through calls.
 */
function fingerprint(projection: CallDataProjection): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const values = projection as unknown as Record<string, unknown>;
  for (const key in values) {
    if (key === 'LastEventSeq__c') continue;
    const value = values[key];
    let code: number;
    let text: string | null = null;
    if (value === null || value === undefined) code = NULL;
    else if (typeof value === 'boolean') code = value ? TRUE : FALSE;
    else if (typeof value === 'string') {
      code = STRING;
      text = value;
    } else if (typeof value === 'number' && Number.isSafeInteger(value)) code = INTEGER;
    else {
      // A fraction or a value no field of a record holds today (every field is a primitive).
      code = OTHER;
      text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? '');
    }
    h1 = Math.imul(h1 ^ code, M1);
    h2 = Math.imul(h2 ^ code, M2);
    if (code === INTEGER) {
      const low = (value as number) | 0;
      const high = Math.floor((value as number) / 4294967296) | 0;
      h1 = Math.imul(Math.imul(h1 ^ low, M1) ^ high, M1);
      h2 = Math.imul(Math.imul(h2 ^ low, M2) ^ high, M2);
    }
    if (text === null) continue;
    // A text's length is mixed after it: what separates one value from the next.
    for (let i = 0; i < text.length; i += 1) {
      const char = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ char, M1);
      h2 = Math.imul(h2 ^ char, M2);
    }
    h1 = Math.imul(h1 ^ text.length, M1);
    h2 = Math.imul(h2 ^ text.length, M2);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** cyrb53's multipliers of the two halves. */
const M1 = 2654435761;
const M2 = 1597334677;

/** Type codes: what separates values too. */
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const STRING = 4;
const INTEGER = 5;
const OTHER = 6;

/** Emits the projections that differ from what was emitted before (all of them when `all`). */
function emit(call: CallState, projections: CallDataProjection[], all: boolean): CallDataProjection[] {
  const changed: CallDataProjection[] = [];
  for (const projection of projections) {
    const id = projection.CallId__c;
    const stored = call.emitted[id];
    const print = fingerprint(projection);
    if (all || stored !== print) changed.push(projection);
    if (stored !== print) call.emitted[id] = print;
  }
  return changed;
}

/**
 * Applies one normalized event to the correlator state and returns the records it changed.
 * Pure and deterministic: no clock (time is `nowMs`), no I/O, no randomness. The state is updated
 * in place and also returned; callers should use the returned one.
 */
export function correlateEvent(
  state: CorrelatorState,
  arrived: KazooCallEvent,
  nowMs: number,
  options: CorrelatorOptions
): CorrelateResult {
  const folded = foldEvent(state, arrived, nowMs);
  return {
    state: folded.state,
    projections: projectCalls(folded.state, folded.calls, options),
    duplicate: folded.duplicate
  };
}

/** What folding one event changed: the calls whose records may now read differently, in order. */
export interface FoldResult {
  state: CorrelatorState;
  calls: string[];
  duplicate: boolean;
}

/**
 * {@link correlateEvent} without the projections: the event is applied and the calls it may have
 * changed are named, so a batch of events can be projected once per call with
 * {@link projectCalls} after all of them (what a record reads after the batch is what it read
 * after the last event of the batch that named its call). Pure like correlateEvent.
 */
export function foldEvent(state: CorrelatorState, arrived: KazooCallEvent, nowMs: number): FoldResult {
  if (isDuplicate(state, arrived)) return { state, calls: [], duplicate: true };
  const event = withConsultationFolded(state, arrived);
  const leg = ensureLeg(state, event.callId);
  leg.events = withEventSorted(leg.events, compactEvent(event, leg.events[leg.events.length - 1]));
  if (event.interactionId) visit(state, event.callId, event.interactionId);
  const home = homeOf(leg.events);
  const current = state.calls[leg.callKey];
  const touched = new Set<string>();
  if (home && current && !current.interactionId) merge(state, ensureInteraction(state, home).key, current.key);
  else if (home && current && current.interactionId !== home) {
    moveLeg(state, leg, current, home);
    touched.add(current.key);
  }
  // A bridge id or other leg links into the call the event was sent in (a moved leg's bridge id
  // still names the A-leg of the call it left).
  const linkKey = event.interactionId ?? leg.callKey;
  for (const linked of [event.bridgeId, event.otherLegCallId]) {
    if (linked && linked !== event.callId) merge(state, linkKey, ensureLeg(state, linked).callKey);
  }
  markBridge(state, event);
  const callKey = state.legs[event.callId]?.callKey ?? '';
  const call = state.calls[callKey];
  if (!call) return { state, calls: [], duplicate: false };
  call.lastActivityMs = Math.max(call.lastActivityMs, nowMs);
  hadLiveLeg.delete(call);
  // Every call the leg is or was part of may see it differently now (the call it left sees it go).
  for (const known of leg.events) if (known.interactionId) touched.add(known.interactionId);
  touched.delete(callKey);
  return { state, calls: [callKey, ...[...touched].sort(byText)], duplicate: false };
}

/** The records of the given live calls that changed since they were last emitted (calls gone since are skipped). */
export function projectCalls(
  state: CorrelatorState,
  callKeys: Iterable<string>,
  options: CorrelatorOptions
): CallDataProjection[] {
  const projections: CallDataProjection[] = [];
  for (const key of callKeys) {
    const call = state.calls[key];
    if (call) projections.push(...emit(call, project(state, call, false, options), false));
  }
  return projections;
}

/** Whether the call still has a leg of its own (not only legs that moved on). */
function hasOwnLegs(state: CorrelatorState, call: CallState): boolean {
  return call.legIds.some((legId) => (state.legs[legId]?.events.length ?? 0) > 0);
}

function isDestroyedOrLoopback(events: readonly StoredCallEvent[] | undefined): boolean {
  if (!events) return true;
  for (const event of events) if (event.eventName === 'CHANNEL_DESTROY' || event.isLoopback === true) return true;
  return events.length === 0;
}

/**
 * Calls last seen with a live leg, and the leg list they had then. Until an event reaches one of
 * its legs (correlateEvent forgets the call) or its legs change (merges and moves give the call a
 * new list), the call still has that live leg, so the once-a-second expiry check need not scan its
 * legs again: most calls in progress are mid-conversation, with no event for many seconds.
 * A derived slot of the call, like the summaries.
 */
const hadLiveLeg = derivedSlot<CallState, readonly string[]>('had live leg');

/**
 * Whether a call is over at the time `bounds` were taken for: no event for the stale time, or
 * idle for the grace period with every leg that must end destroyed. Run once a second for every
 * live call, so the times it compares are worked out once per run, not per call.
 */
function isOver(state: CorrelatorState, call: CallState, bounds: ExpiryBounds): boolean {
  if (call.lastActivityMs <= bounds.staleAt) return true;
  if (call.lastActivityMs > bounds.graceAt) return false;
  if (hadLiveLeg.get(call) === call.legIds) return false;
  if (!hasOwnLegs(state, call)) return true;
  // Cheap first test: a real leg without a DESTROY is live.
  if (!call.legIds.every((legId) => isDestroyedOrLoopback(state.legs[legId]?.events))) {
    hadLiveLeg.set(call, call.legIds);
    return false;
  }
  const legs = call.legIds.map((legId) => state.legs[legId]?.events ?? []).filter((events) => events.length > 0);
  const real = legs.filter((events) => !events.some((event) => event.isLoopback === true));
  const mustEnd = real.length > 0 ? real : legs;
  return mustEnd.length > 0 && mustEnd.every((events) => events.some((event) => event.eventName === 'CHANNEL_DESTROY'));
}

/** The latest last-activity times at which a call is stale, and past its grace period. */
interface ExpiryBounds {
  staleAt: number;
  graceAt: number;
}

function finalize(state: CorrelatorState, call: CallState, options: CorrelatorOptions): CallDataProjection[] {
  call.finalizations += 1;
  // A call whose only leg moved on before anything was shown (a pickup routed as its own call) leaves nothing.
  if (!hasOwnLegs(state, call) && Object.keys(call.emitted).length === 0) {
    delete state.calls[call.key];
    return [];
  }
  const projections = emit(call, project(state, call, true, options), true);
  const legs = call.legIds.flatMap((legId) => state.legs[legId] ?? []);
  for (const leg of legs) {
    delete state.legs[leg.callId];
    state.finishedLegs[leg.callId] = call.key;
  }
  delete state.calls[call.key];
  state.finished[call.key] = { call, legs };
  state.finishedOrder.push(call.key);
  const max = options.maxFinishedCalls ?? DEFAULT_MAX_FINISHED;
  while (state.finishedOrder.length > max) {
    const oldest = state.finishedOrder.shift() as string;
    for (const leg of state.finished[oldest]?.legs ?? []) delete state.finishedLegs[leg.callId];
    delete state.finished[oldest];
    forgetConsultations(state, oldest);
  }
  return projections;
}

/**
 * Finalizes every call whose legs are all destroyed and whose grace period has passed at `nowMs`
 * (or that went stale), emitting each of its records once more with its final values, and moves
 * it out of the live state.
 */
export function expireCalls(state: CorrelatorState, nowMs: number, options: CorrelatorOptions): ExpireResult {
  const projections: CallDataProjection[] = [];
  // Whether a call is over depends on its own legs only (each leg is listed by one call), never on
  // finalizing another: so only the calls that are over are sorted (their order is the output's).
  const bounds = { staleAt: nowMs - (options.staleMs ?? DEFAULT_STALE_MS), graceAt: nowMs - options.graceMs };
  const over: string[] = [];
  for (const call of liveCalls(state)) if (isOver(state, call, bounds)) over.push(call.key);
  for (const key of over.sort(byText)) {
    const call = state.calls[key];
    if (call) projections.push(...finalize(state, call, options));
  }
  return { state, projections };
}

/** Finalizes every call, finished or not (end of a replay). */
export function flushAll(state: CorrelatorState, options: CorrelatorOptions): ExpireResult {
  const projections: CallDataProjection[] = [];
  for (const key of Object.keys(state.calls).sort(byText)) {
    const call = state.calls[key];
    if (call) projections.push(...finalize(state, call, options));
  }
  return { state, projections };
}

/**
 * Whether a live stream should already have shown `event` to this state: it is a copy of an event
 * the state holds, or an event other than the end of a leg the state knows. A recovered event for
 * which this is false was never delivered (unless it is still on the wire).
 */
export function streamShowed(state: CorrelatorState, event: KazooCallEvent): boolean {
  if (isDuplicate(state, event)) return true;
  return knowsLeg(state, event.callId) && event.eventName !== 'CHANNEL_DESTROY';
}

/** Whether the correlator holds the leg, open or finished (and still remembered). */
export function knowsLeg(state: CorrelatorState, callId: string): boolean {
  return Boolean(state.legs[callId] ?? state.finishedLegs[callId]);
}

/** Interaction ids of the calls still in progress (what gap reconciliation should look up). */
export function openInteractionIds(state: CorrelatorState): string[] {
  return Object.values(state.calls)
    .flatMap((call) => (call.interactionId ? [call.interactionId] : []))
    .sort(byText);
}
