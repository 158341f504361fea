import type { StoredCallEvent } from './kazoo-call-event.ts';

/** What the correlator knows about one leg (channel), folded from its events in `msg_id` order. */
export interface LegSummary {
  callId: string;
  /** False for a leg known only because another leg points at it. */
  seen: boolean;
  isLoopback: boolean;
  /** A user's forwarded phone (call-forward / SmartPBX cellphone): a loopback leg that is the user's. */
  callForward: boolean;
  createdAtMs: number | null;
  answeredAtMs: number | null;
  destroyedAtMs: number | null;
  /** Legs this leg's CHANNEL_BRIDGE events said it was bridged to. */
  bridgedTo: string[];
  ownerId: string | null;
  bridgeId: string | null;
  authorizingId: string | null;
  authorizingType: string | null;
  inception: string | null;
  resourceId: string | null;
  resourceType: string | null;
  globalResource: boolean | null;
  accountId: string | null;
  /** FreeSWITCH's view: `outbound` for a leg the switch dialled (B-legs), `inbound` for one that called in. */
  callDirection: 'inbound' | 'outbound' | null;
  callerIdNumber: string | null;
  callerIdName: string | null;
  calleeIdNumber: string | null;
  calleeIdName: string | null;
  request: string | null;
  to: string | null;
  presenceId: string | null;
  hangupCause: string | null;
  billingSeconds: number | null;
  mediaRecordings: string[];
  applicationVars: Record<string, string>;
  /** The latest CHANNEL_HOLD / CHANNEL_UNHOLD on this leg, for the on-hold state. */
  lastHold: { msgId: string; held: boolean } | null;
  /** Each time this leg was on hold; `toMs` null while it still is (or until it ended). */
  holds: { fromMs: number; toMs: number | null }[];
  lastEventMs: number | null;
}

/**
 * The part of a leg's life one call sees when the leg moved between interactions (attended
 * transfer): from when it joined (already answered, perhaps) until it left.
 */
export interface LegWindow {
  joinedAtMs?: number;
  /** The leg was answered before it joined, so it was talking from the moment it joined. */
  answeredBefore?: boolean;
  leftAtMs?: number;
}

/** Fields where the leg keeps the latest non-empty value any of its events carried. */
const LATEST_FIELDS = [
  'ownerId',
  'bridgeId',
  'authorizingId',
  'authorizingType',
  'inception',
  'resourceId',
  'resourceType',
  'globalResource',
  'accountId',
  'callDirection',
  'callerIdNumber',
  'callerIdName',
  'calleeIdNumber',
  'calleeIdName',
  'request',
  'to',
  'presenceId'
] as const satisfies readonly (keyof StoredCallEvent & keyof LegSummary)[];
type LatestField = (typeof LATEST_FIELDS)[number];

const NO_TEXTS: readonly string[] = Object.freeze([]);
const NO_HOLDS: LegSummary['holds'] = Object.freeze([]) as unknown as LegSummary['holds'];
const NO_VARS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** Orders events of one leg: by `msg_id` (µs), then by name so equal times sort the same way. */
export function compareEvents(a: StoredCallEvent, b: StoredCallEvent): number {
  if (a.msgId.length !== b.msgId.length) return a.msgId.length - b.msgId.length;
  if (a.msgId !== b.msgId) return a.msgId < b.msgId ? -1 : 1;
  return a.eventName < b.eventName ? -1 : a.eventName > b.eventName ? 1 : 0;
}

function firstTime(current: number | null, candidate: number): number {
  return current === null ? candidate : Math.min(current, candidate);
}

/**
 * Folds a leg's events (already sorted with {@link compareEvents}) into one summary. Later
 * events win for descriptive fields (caller id is rewritten during a call, bridge ids appear
 * after routing); times take the earliest ANSWER and DESTROY.
 */
export function summarizeLeg(callId: string, events: readonly StoredCallEvent[], window: LegWindow = {}): LegSummary {
  const leg: LegSummary = {
    callId,
    seen: events.length > 0,
    isLoopback: false,
    callForward: false,
    createdAtMs: null,
    answeredAtMs: null,
    destroyedAtMs: null,
    bridgedTo: [],
    ownerId: null,
    bridgeId: null,
    authorizingId: null,
    authorizingType: null,
    inception: null,
    resourceId: null,
    resourceType: null,
    globalResource: null,
    accountId: null,
    callDirection: null,
    callerIdNumber: null,
    callerIdName: null,
    calleeIdNumber: null,
    calleeIdName: null,
    request: null,
    to: null,
    presenceId: null,
    hangupCause: null,
    billingSeconds: null,
    mediaRecordings: [],
    applicationVars: NO_VARS,
    lastHold: null,
    holds: [],
    lastEventMs: null
  };
  const fields = leg as unknown as Record<LatestField, unknown>;
  for (const event of events) {
    leg.isLoopback ||= event.isLoopback === true;
    leg.callForward ||= event.callForward === true;
    leg.lastEventMs = Math.max(leg.lastEventMs ?? event.timeMs, event.timeMs);
    for (const field of LATEST_FIELDS) if (event[field] != null) fields[field] = event[field];
    if (event.channelCreatedTimeMs != null) leg.createdAtMs = firstTime(leg.createdAtMs, event.channelCreatedTimeMs);
    for (const id of event.mediaRecordings ?? []) if (!leg.mediaRecordings.includes(id)) leg.mediaRecordings.push(id);
    if (event.applicationVars)
      leg.applicationVars = Object.assign(Object.create(null), event.applicationVars, leg.applicationVars) as Record<
        string,
        string
      >;
    switch (event.eventName) {
      case 'CHANNEL_CREATE':
        leg.createdAtMs = firstTime(leg.createdAtMs, event.timeMs);
        break;
      case 'CHANNEL_ANSWER':
        leg.answeredAtMs = firstTime(leg.answeredAtMs, event.timeMs);
        break;
      case 'CHANNEL_BRIDGE':
        if (event.otherLegCallId && !leg.bridgedTo.includes(event.otherLegCallId))
          leg.bridgedTo.push(event.otherLegCallId);
        break;
      case 'CHANNEL_DESTROY':
        leg.destroyedAtMs = firstTime(leg.destroyedAtMs, event.timeMs);
        leg.hangupCause = event.hangupCause ?? leg.hangupCause;
        leg.billingSeconds = event.billingSeconds ?? leg.billingSeconds;
        break;
      case 'CHANNEL_HOLD':
      case 'CHANNEL_UNHOLD':
        leg.lastHold = { msgId: event.msgId, held: event.eventName === 'CHANNEL_HOLD' };
        trackHold(leg, event.eventName === 'CHANNEL_HOLD', event.timeMs);
        break;
    }
  }
  // A destroyed leg was created no later than it ended, even when its CREATE was lost.
  if (leg.createdAtMs === null && events[0]) leg.createdAtMs = events[0].timeMs;
  // Summaries are kept for every leg in flight and never changed once made: the empty lists
  // most of them have are one shared (frozen) list each.
  if (leg.bridgedTo.length === 0) leg.bridgedTo = NO_TEXTS as string[];
  if (leg.mediaRecordings.length === 0) leg.mediaRecordings = NO_TEXTS as string[];
  if (leg.holds.length === 0) leg.holds = NO_HOLDS;
  return applyWindow(leg, window);
}

/** Opens a hold period on HOLD, closes the open one on UNHOLD; repeats of either change nothing. */
function trackHold(leg: LegSummary, held: boolean, atMs: number): void {
  const open = leg.holds.at(-1)?.toMs === null ? leg.holds.at(-1) : undefined;
  if (held && !open) leg.holds.push({ fromMs: atMs, toMs: null });
  if (!held && open) open.toMs = atMs;
}

/** Times and talk of a leg as the call it joined, or left, saw them (its billing covers both calls). */
function applyWindow(leg: LegSummary, window: LegWindow): LegSummary {
  if (window.joinedAtMs !== undefined) {
    leg.createdAtMs = window.joinedAtMs;
    if (window.answeredBefore) leg.answeredAtMs = window.joinedAtMs;
    leg.billingSeconds = null;
  }
  if (window.leftAtMs !== undefined) {
    leg.destroyedAtMs = window.leftAtMs;
    leg.hangupCause = null;
    leg.billingSeconds = null;
    if (leg.answeredAtMs !== null && leg.answeredAtMs > window.leftAtMs) leg.answeredAtMs = null;
  }
  return leg;
}
