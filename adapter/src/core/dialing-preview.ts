/**
 * What the ringing channel can show of a call an agent places before it is a call: the A-leg's
 * CHANNEL_CREATE from the agent's phone carries neither bridge nor interaction id (kazoo.md C4: the
 * interaction id is set in the route response), so no CallData__c record (`<interaction id>:<user>`)
 * exists until the B-leg names it, about a second later. The preview is the agent's own "dialing"
 * state, keyed by the leg (`dialing:<call id>`) and carrying the leg's call id, so that the softphone
 * merges it into the record once a record of that agent names the same leg. It is never stored.
 */
import type { CountryCode } from 'libphonenumber-js';
import { formatNumber, userPart } from './format-number.ts';
import type { KazooCallEvent } from './kazoo-call-event.ts';

const EXTENSION = /^\*?\d{1,6}$/;

/** The agent's view of the call being dialled, in the record's API names. */
export interface DialingPreview {
  CallId__c: string;
  /** The A-leg: the record that later names this leg is the same call. Not a field of the object. */
  ALegCallId: string;
  InteractionId__c: null;
  Direction__c: 'Outbound' | 'Internal';
  Status__c: 'Ringing' | 'Ended';
  Result__c: null;
  ExternalNumber__c: string | null;
  FromNumber__c: string | null;
  FromName__c: string | null;
  ToNumber__c: string | null;
  RingStartedAt__c: string;
  PbxUserId__c: string;
  /** Below every record's sequence: a record of the same call always wins over the preview. */
  LastEventSeq__c: 0;
}

/** The CallId__c of a leg's preview. */
export const dialingCallId = (legCallId: string) => `dialing:${legCallId}`;

/**
 * The preview for a CHANNEL_CREATE of a leg an agent's phone opens toward the PBX (`inbound` to the
 * switch, an owner, no interaction id yet), else null: carrier legs have no owner, legs toward a
 * phone are `outbound`, and a click-to-dial's `-quickcall` legs are shown by the correlator at once.
 */
export function dialingPreview(event: KazooCallEvent, defaultRegion: CountryCode): DialingPreview | null {
  if (event.eventName !== 'CHANNEL_CREATE' || event.callDirection !== 'inbound') return null;
  if (!event.ownerId || event.interactionId || event.isLoopback || event.callId.endsWith('-quickcall')) return null;
  const dialed = formatNumber(userPart(event.request ?? event.to), defaultRegion);
  return {
    CallId__c: dialingCallId(event.callId),
    ALegCallId: event.callId,
    InteractionId__c: null,
    Direction__c: dialed && EXTENSION.test(dialed) ? 'Internal' : 'Outbound',
    Status__c: 'Ringing',
    Result__c: null,
    ExternalNumber__c: dialed,
    FromNumber__c: formatNumber(event.callerIdNumber, defaultRegion),
    FromName__c: event.callerIdName,
    ToNumber__c: dialed,
    RingStartedAt__c: new Date(event.timeMs).toISOString(),
    PbxUserId__c: event.ownerId,
    LastEventSeq__c: 0
  };
}
