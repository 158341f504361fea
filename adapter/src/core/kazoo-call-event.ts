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

/** The fields the correlator reads back from stored events; the rest only matter on arrival. */
const STORED_FIELDS = [
  'eventName',
  'callId',
  'msgId',
  'timeMs',
  'channelCreatedTimeMs',
  'accountId',
  'callDirection',
  'callerIdNumber',
  'callerIdName',
  'calleeIdNumber',
  'calleeIdName',
  'otherLegCallId',
  'request',
  'to',
  'presenceId',
  'isLoopback',
  'callForward',
  'hangupCause',
  'billingSeconds',
  'ownerId',
  'bridgeId',
  'interactionId',
  'authorizingId',
  'authorizingType',
  'inception',
  'resourceId',
  'resourceType',
  'globalResource',
  'mediaRecordings',
  'applicationVars'
] as const satisfies readonly (keyof KazooCallEvent)[];

/** An event as the correlator state stores it: only what it reads back, without empty values (smaller snapshots). */
export type StoredCallEvent = Partial<Pick<KazooCallEvent, (typeof STORED_FIELDS)[number]>> &
  Pick<KazooCallEvent, 'eventName' | 'callId' | 'msgId' | 'timeMs'>;

/**
 * Keeps the fields the correlator reads back, dropping those that hold nothing; of the custom
 * application vars only the related record id (snapshots hold only what the correlator needs).
 * A text equal to the same field of `sibling` (another event of the leg) is kept as the sibling's
 * copy: a leg's events repeat most of their texts, and 10,000 calls in flight hold them all.
 */
export function compactEvent(event: KazooCallEvent, sibling?: StoredCallEvent): StoredCallEvent {
  const stored: Record<string, unknown> = {};
  const shared = sibling as Record<string, unknown> | undefined;
  const related = event.applicationVars[RELATED_RECORD_VAR];
  const applicationVars = related === undefined ? {} : { [RELATED_RECORD_VAR]: related };
  for (const key of STORED_FIELDS) {
    const value: unknown = key === 'applicationVars' ? applicationVars : event[key];
    const empty =
      value === null ||
      value === false ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (empty) continue;
    stored[key] = typeof value === 'string' && shared?.[key] === value ? shared[key] : value;
  }
  return stored as StoredCallEvent;
}
