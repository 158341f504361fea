/**
 * The one shape of a Kazoo call event the correlator works on, whatever shape it arrived in
 * (4.x websocket envelope, bare event, legacy `{name,args}`, or a synthetic event rebuilt from
 * `/channels` and CDRs). Field names follow Kazoo's, in camelCase; see kazoo.md §1.6.
 */
export const CALL_EVENT_NAMES = [
  'CHANNEL_CREATE',
  'CHANNEL_ANSWER',
  'CHANNEL_BRIDGE',
  'CHANNEL_DESTROY',
  'CHANNEL_HOLD',
  'CHANNEL_UNHOLD'
] as const;
export type CallEventName = (typeof CALL_EVENT_NAMES)[number];

export interface KazooCallEvent {
  eventName: CallEventName;
  /** This leg's UUID. */
  callId: string;
  /** FreeSWITCH event time in Unix microseconds, digits only: orders and de-duplicates events. */
  msgId: string;
  /** The event time in Unix milliseconds (from `msg_id`, else `timestamp`). */
  timeMs: number;
  channelCreatedTimeMs: number | null;
  accountId: string | null;
  /** Relative to the switch: an A-leg from a phone is `inbound`, a B-leg to a phone `outbound`. */
  callDirection: 'inbound' | 'outbound' | null;
  callerIdNumber: string | null;
  callerIdName: string | null;
  calleeIdNumber: string | null;
  calleeIdName: string | null;
  otherLegCallId: string | null;
  request: string | null;
  to: string | null;
  from: string | null;
  presenceId: string | null;
  channelName: string | null;
  isLoopback: boolean;
  /** A user's call-forward or SmartPBX cellphone endpoint (CCV `call_forward: "true"`, kz_endpoint.erl maybe_set_call_forward/1). */
  callForward: boolean;
  disposition: string | null;
  hangupCause: string | null;
  hangupCode: string | null;
  billingSeconds: number | null;
  durationSeconds: number | null;
  ringingSeconds: number | null;
  ownerId: string | null;
  bridgeId: string | null;
  interactionId: string | null;
  authorizingId: string | null;
  authorizingType: string | null;
  inception: string | null;
  resourceId: string | null;
  resourceType: string | null;
  globalResource: boolean | null;
  username: string | null;
  referredBy: string | null;
  mediaRecordings: string[];
  /** Custom application vars as strings (quickcall CAVs come back here); a null-prototype object. */
  applicationVars: Record<string, string>;
}

/** The CAV a click-to-dial sets (kazoo.md C12); the only one the correlator keeps. */
export const RELATED_RECORD_VAR = 'sf_related_record_id';

/** The fields the correlator reads back from stored events (in snapshot order); the rest only matter on arrival. */
type StoredField =
  | 'eventName'
  | 'callId'
  | 'msgId'
  | 'timeMs'
  | 'channelCreatedTimeMs'
  | 'accountId'
  | 'callDirection'
  | 'callerIdNumber'
  | 'callerIdName'
  | 'calleeIdNumber'
  | 'calleeIdName'
  | 'otherLegCallId'
  | 'request'
  | 'to'
  | 'presenceId'
  | 'isLoopback'
  | 'callForward'
  | 'hangupCause'
  | 'billingSeconds'
  | 'ownerId'
  | 'bridgeId'
  | 'interactionId'
  | 'authorizingId'
  | 'authorizingType'
  | 'inception'
  | 'resourceId'
  | 'resourceType'
  | 'globalResource'
  | 'mediaRecordings'
  | 'applicationVars';

/** An event as the correlator state stores it: only what it reads back, without empty values (smaller snapshots). */
export type StoredCallEvent = Partial<Pick<KazooCallEvent, StoredField>> &
  Pick<KazooCallEvent, 'eventName' | 'callId' | 'msgId' | 'timeMs'>;

/** A text of the new event, as the sibling's copy when it is the same text. */
function shared<T>(value: T, siblingValue: unknown): T {
  return typeof value === 'string' && siblingValue === value ? (siblingValue as T) : value;
}

const RECENT_TEXTS_LIMIT = 8192;
const recentTexts = new Map<string, string>();

/**
 * A text that recurs across legs and calls (account, owner, device, the agent's address and
 * name, the dialled number), as the copy an earlier event kept, unless a sibling has it: each
 * event parsed brings its own copy, and 10,000 calls in flight would hold them all. Bounded:
 * emptied when full, so a burst of one-off texts costs lookups only.
 */
function recurring<T>(value: T, siblingValue: unknown): T {
  if (typeof value !== 'string') return value;
  if (siblingValue === value) return siblingValue as T;
  const known = recentTexts.get(value);
  if (known !== undefined) return known as T;
  if (recentTexts.size >= RECENT_TEXTS_LIMIT) recentTexts.clear();
  recentTexts.set(value, value);
  return value;
}

/** Null and false hold nothing: a stored event leaves them out. */
const kept = <T>(value: T | null | false): T | undefined => (value === null || value === false ? undefined : value);

/**
 * Keeps the fields the correlator reads back, dropping those that hold nothing; of the custom
 * application vars only the related record id (snapshots hold only what the correlator needs).
 * A text equal to the same field of `sibling` (another event of the leg) is kept as the sibling's
 * copy: a leg's events repeat most of their texts, and 10,000 calls in flight hold them all.
 *
 * Every stored event has the same fields in the same order, those that hold nothing undefined:
 * JSON leaves undefined out, so a snapshot is what it was when they were left out of the object,
 * and one shape for every event keeps reading them fast (this runs once per event, and every
 * summary reads every event of its leg).
 */
export function compactEvent(event: KazooCallEvent, sibling?: StoredCallEvent): StoredCallEvent {
  const was = (sibling ?? {}) as Partial<StoredCallEvent>;
  const related = event.applicationVars[RELATED_RECORD_VAR];
  const recordings = event.mediaRecordings as string[] | null | undefined;
  const stored: Record<StoredField, unknown> = {
    eventName: kept(event.eventName),
    callId: shared(kept(event.callId), was.callId),
    msgId: kept(event.msgId),
    timeMs: kept(event.timeMs),
    channelCreatedTimeMs: kept(event.channelCreatedTimeMs),
    accountId: recurring(kept(event.accountId), was.accountId),
    callDirection: recurring(kept(event.callDirection), was.callDirection),
    callerIdNumber: shared(kept(event.callerIdNumber), was.callerIdNumber),
    callerIdName: shared(kept(event.callerIdName), was.callerIdName),
    calleeIdNumber: recurring(kept(event.calleeIdNumber), was.calleeIdNumber),
    calleeIdName: recurring(kept(event.calleeIdName), was.calleeIdName),
    otherLegCallId: shared(kept(event.otherLegCallId), was.otherLegCallId),
    request: recurring(kept(event.request), was.request),
    to: recurring(kept(event.to), was.to),
    presenceId: recurring(kept(event.presenceId), was.presenceId),
    isLoopback: kept(event.isLoopback),
    callForward: kept(event.callForward),
    hangupCause: recurring(kept(event.hangupCause), was.hangupCause),
    billingSeconds: kept(event.billingSeconds),
    ownerId: recurring(kept(event.ownerId), was.ownerId),
    bridgeId: shared(kept(event.bridgeId), was.bridgeId),
    interactionId: shared(kept(event.interactionId), was.interactionId),
    authorizingId: recurring(kept(event.authorizingId), was.authorizingId),
    authorizingType: recurring(kept(event.authorizingType), was.authorizingType),
    inception: recurring(kept(event.inception), was.inception),
    resourceId: recurring(kept(event.resourceId), was.resourceId),
    resourceType: recurring(kept(event.resourceType), was.resourceType),
    globalResource: kept(event.globalResource),
    mediaRecordings: recordings === null || recordings?.length === 0 ? undefined : recordings,
    applicationVars: related === undefined ? undefined : { [RELATED_RECORD_VAR]: related }
  };
  return stored as StoredCallEvent;
}

/**
 * A stored event read back from a snapshot (JSON leaves out what holds nothing) in the one shape
 * {@link compactEvent} gives: a restored state then reads, and compares, like the one saved.
 */
export function reshapeStoredEvent(value: StoredCallEvent): StoredCallEvent {
  const stored: Record<StoredField, unknown> = {
    eventName: value.eventName,
    callId: value.callId,
    msgId: value.msgId,
    timeMs: value.timeMs,
    channelCreatedTimeMs: value.channelCreatedTimeMs,
    accountId: value.accountId,
    callDirection: value.callDirection,
    callerIdNumber: value.callerIdNumber,
    callerIdName: value.callerIdName,
    calleeIdNumber: value.calleeIdNumber,
    calleeIdName: value.calleeIdName,
    otherLegCallId: value.otherLegCallId,
    request: value.request,
    to: value.to,
    presenceId: value.presenceId,
    isLoopback: value.isLoopback,
    callForward: value.callForward,
    hangupCause: value.hangupCause,
    billingSeconds: value.billingSeconds,
    ownerId: value.ownerId,
    bridgeId: value.bridgeId,
    interactionId: value.interactionId,
    authorizingId: value.authorizingId,
    authorizingType: value.authorizingType,
    inception: value.inception,
    resourceId: value.resourceId,
    resourceType: value.resourceType,
    globalResource: value.globalResource,
    mediaRecordings: value.mediaRecordings,
    applicationVars: value.applicationVars
  };
  return stored as StoredCallEvent;
}
