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
  /** Custom application vars as strings (quickcall CAVs come back here). */
  applicationVars: Record<string, string>;
}
