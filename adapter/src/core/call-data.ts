/**
 * The contract between the correlator, the delivery pipeline, the Salesforce stand-in and the
 * package: one CallData__c record per agent participation, keyed by CallId__c.
 * Keys are the Salesforce API names (see force-app/main/default/objects/CallData__c).
 */

export const DIRECTIONS = ['Inbound', 'Outbound', 'Internal'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const STATUSES = ['Ringing', 'Connected', 'OnHold', 'Ended'] as const;
export type CallStatus = (typeof STATUSES)[number];

export const RESULTS = ['Answered', 'Missed', 'AnsweredElsewhere', 'Busy', 'NoAnswer', 'Cancelled', 'Failed'] as const;
export type CallResult = (typeof RESULTS)[number];

/** The suffix of CallId__c for a call that reached no agent. */
export const UNASSIGNED = 'unassigned';

/**
 * What the correlator says one agent's record is now. Every key is always present (null when
 * unknown) so that an upsert also clears a value that stopped being true, and so the replay CLI
 * prints the same keys for every record.
 */
export interface CallDataProjection {
  /** `<interaction id>:<PBX user id>` or `<interaction id>:unassigned`. */
  CallId__c: string;
  InteractionId__c: string;
  Direction__c: Direction;
  Status__c: CallStatus;
  /** Null while the outcome for this agent is not known yet. */
  Result__c: CallResult | null;
  /** The other party as this agent sees it: E.164 for phone numbers, extensions as they are. */
  ExternalNumber__c: string | null;
  FromNumber__c: string | null;
  FromName__c: string | null;
  ToNumber__c: string | null;
  ToName__c: string | null;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-21T09:30:00.000Z. */
  RingStartedAt__c: string | null;
  AnsweredAt__c: string | null;
  EndedAt__c: string | null;
  RingSeconds__c: number | null;
  TalkSeconds__c: number | null;
  /** Seconds of this agent's talk the other party spent on hold (CHANNEL_HOLD to UNHOLD). */
  HoldSeconds__c: number | null;
  DurationSeconds__c: number | null;
  HangupCause__c: string | null;
  /** The Kazoo user id of the agent; null on the unassigned record. */
  PbxUserId__c: string | null;
  Extension__c: string | null;
  PbxAccountId__c: string;
  /** Which PBX integration produced the record, e.g. `kazoo`. */
  Source__c: string;
  RecordingId__c: string | null;
  HasRecording__c: boolean;
  /** The Salesforce record a click-to-dial started from (a custom application var). */
  RelatedRecordId__c: string | null;
  /** Strictly increasing per record; the org keeps the stored values when a write carries less. */
  LastEventSeq__c: number;
}

/** Fields the delivery pipeline adds before writing; never set by the correlator. */
export interface CallDataEnrichment {
  OwnerId?: string;
  Contact__c?: string | null;
  Lead__c?: string | null;
  Account__c?: string | null;
}

export type CallDataRecord = CallDataProjection & CallDataEnrichment;

/** Field order used when printing a projection, so output is byte-stable. */
export const PROJECTION_FIELDS: readonly (keyof CallDataProjection)[] = [
  'CallId__c',
  'InteractionId__c',
  'Direction__c',
  'Status__c',
  'Result__c',
  'ExternalNumber__c',
  'FromNumber__c',
  'FromName__c',
  'ToNumber__c',
  'ToName__c',
  'RingStartedAt__c',
  'AnsweredAt__c',
  'EndedAt__c',
  'RingSeconds__c',
  'TalkSeconds__c',
  'HoldSeconds__c',
  'DurationSeconds__c',
  'HangupCause__c',
  'PbxUserId__c',
  'Extension__c',
  'PbxAccountId__c',
  'Source__c',
  'RecordingId__c',
  'HasRecording__c',
  'RelatedRecordId__c',
  'LastEventSeq__c'
];
