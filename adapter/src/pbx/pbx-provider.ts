/**
 * The seam between the adapter and a PBX. Kazoo is the first implementation
 * (adapter/src/kazoo/); nothing outside that folder knows Kazoo's wire details.
 */

export interface PbxMember {
  /** The PBX's user id: what User.PbxUserId__c holds in Salesforce. */
  pbxUserId: string;
  name: string;
  email: string | null;
  extensions: string[];
}

export interface ConnectionReport {
  ok: boolean;
  /** Plain words for an admin: what worked, or what is wrong and how to fix it. */
  detail: string;
}

/** A period during which events may have been missed (socket down), in Unix milliseconds. */
export interface EventGap {
  startedAt: number;
  endedAt: number;
}

/**
 * `gap`: events may have been lost from `startedAt` (socket down, adapter not running): rebuild
 * what happened inside it. `live`: a routine check while subscribed (a PBX may drop frames
 * silently): only channels still up and the ends of open calls, never a finished call again.
 */
export type RecoveryScope = 'gap' | 'live';

export type StreamStatus = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/**
 * Something wrong on a stream that stays up or reconnects by itself: counted and shown, never silent.
 * `reply-timeout`: a subscribe got no reply in time (a PBX that drops frames silently, e.g. Kazoo
 * 4.3 above `blackhole.max_queued_messages`); `unsolicited-error`: an error reply to no request
 * of ours; `oversized-frame`: a frame above the size bound was refused.
 */
export interface StreamFault {
  kind: 'reply-timeout' | 'unsolicited-error' | 'oversized-frame';
  detail: string;
}

export interface EventStreamHandlers {
  /** A raw event as it came off the wire; the core normalizer validates it. */
  onEvent(raw: unknown): void;
  onGap(gap: EventGap): void;
  onStatus?(status: StreamStatus, detail?: string): void;
  onFault?(fault: StreamFault): void;
}

export interface EventStreamOptions {
  /**
   * When the newest event a previous run stored arrived (null: none). The PBX may have done
   * anything since, so the first subscription reports a gap from here, exactly as a reconnect
   * does: a start is a gap (issue 11 item 1).
   */
  missedSince?: number | null;
}

export interface EventStream {
  close(): Promise<void>;
}

/** A star or hash code (`*97`, `*8`, `#1`): up to 16 of `*`, `#` and digits, starting with `*` or `#`. */
export const FEATURE_CODE = /^[*#][0-9*#]{1,15}$/;

export interface OriginateRequest {
  pbxUserId: string;
  /** As the agent typed or clicked it; the provider normalizes for dialling. */
  number: string;
  /** Carried as a custom application var so the resulting record says where the call started. */
  relatedRecordId?: string | null;
}

export interface OriginateResult {
  /** An opaque reference the caller can show or log (Kazoo: the answered quickcall leg's call id). */
  reference: string;
  /**
   * `answered`: the agent's phone picked up and the number is being dialled. `ringing`: the PBX
   * had not answered when the adapter stopped waiting; the phone may still be ringing. Absent: answered.
   */
  state?: 'answered' | 'ringing';
}

/** What an agent can do to a call of theirs from the softphone. */
export const CALL_CONTROL_ACTIONS = [
  'hangup',
  'hold',
  'resume',
  'decline',
  'transfer',
  'consult',
  'complete-transfer',
  'cancel-transfer'
] as const;
export type CallControlAction = (typeof CALL_CONTROL_ACTIONS)[number];

export interface CallControlRequest {
  /** The agent's PBX user: the provider acts only on that user's own legs of the call. */
  pbxUserId: string;
  /** The call (CallData__c.InteractionId__c). */
  interactionId: string;
  action: CallControlAction;
  /** For `transfer` and `consult`: an extension or a number in E.164. */
  target?: string | null;
}

export interface CallControlResult {
  /** The PBX legs the action was sent to. */
  legs: string[];
}

/** The agent statuses the softphone offers; the PBX knows only "ring me" or "do not disturb". */
export const AGENT_STATUSES = ['Available', 'DoNotDisturb', 'Away'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** Errors a provider throws for a request the PBX refused, with a stable code. */
export class PbxRequestError extends Error {
  constructor(
    readonly code:
      | 'DESTINATION_OUT_OF_ORDER'
      | 'NO_ANSWER'
      | 'USER_BUSY'
      | 'CALL_REJECTED'
      | 'NO_DEVICES'
      | 'INVALID_NUMBER'
      | 'USER_NOT_FOUND'
      | 'UNAUTHORIZED'
      | 'PBX_UNAVAILABLE'
      | 'NOT_YOUR_CALL'
      | 'CALL_NOT_FOUND'
      | 'CALL_NOT_RINGING'
      | 'CALL_NOT_CONNECTED'
      | 'NO_CONSULTATION'
      | 'CONSULT_RINGING'
      | 'TRANSFER_NOT_STARTED',
    message: string
  ) {
    super(message);
    this.name = 'PbxRequestError';
  }
}

export interface RecordingLocation {
  /** Where the audio can be fetched upstream, with the headers that authorize it. */
  url: string;
  headers: Record<string, string>;
  contentType: string;
}

export interface PbxProvider {
  readonly source: string;
  readonly accountId: string;
  /** The PBX runs star/hash feature codes (FEATURE_CODE) itself, so click-to-dial may send them. */
  readonly dialsFeatureCodes?: boolean;
  testConnection(): Promise<ConnectionReport>;
  streamEvents(handlers: EventStreamHandlers, options?: EventStreamOptions): EventStream;
  listMembers(): Promise<PbxMember[]>;
  originate(request: OriginateRequest): Promise<OriginateResult>;
  /** Null when the PBX does not know the recording (yet: it may appear seconds after hangup). */
  recordingLink(recordingId: string): Promise<RecordingLocation | null>;
  /**
   * Raw events that rebuild what happened during a gap: still-live channels and legs of calls
   * that ended meanwhile. They go through the same normalizer and correlator as live events.
   */
  recoverEvents(
    gap: EventGap,
    knownInteractionIds: readonly string[],
    scope?: RecoveryScope,
    /** Legs of the open calls the correlator holds: a routine check gives the others of those calls in full. */
    knownLegIds?: readonly string[]
  ): Promise<unknown[]>;
  /**
   * Hangs up, holds, resumes, declines or transfers the agent's own leg(s) of a call. Throws
   * `NOT_YOUR_CALL` when the agent has no leg in it, `CALL_NOT_FOUND` when the call is over.
   */
  controlCall(request: CallControlRequest): Promise<CallControlResult>;
  /** Whether the PBX user's phones are set not to ring (set from the softphone or the desk phone). */
  doNotDisturb(pbxUserId: string): Promise<boolean>;
  setAgentStatus(pbxUserId: string, status: AgentStatus): Promise<void>;
}
