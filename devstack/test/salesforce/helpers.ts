/** Shared test helpers: a stand-in per test file, jsforce connections per user, sample projections. */
import jsforce from 'jsforce';
import type { CallDataProjection } from '../../../adapter/src/core/call-data.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../salesforce/index.ts';
import type { StandInOptions } from '../../salesforce/index.ts';

export const ALICE = 'alice@kazoo-cti.example';
export const BOB = 'bob@kazoo-cti.example';
export const INTEGRATION = 'integration@kazoo-cti.example';

export async function standIn(options: StandInOptions = {}): Promise<SalesforceStandIn> {
  return startSalesforceStandIn({ harness: false, longPollSeconds: 2, ...options });
}

/** A jsforce connection with a fresh session of the given seeded user. */
export function connectionFor(sf: SalesforceStandIn, username: string): jsforce.Connection {
  return new jsforce.Connection({
    instanceUrl: sf.instanceUrl,
    accessToken: sf.sessionFor(sf.userId(username)),
    version: sf.apiVersion
  });
}

/** A projection as the correlator emits it (every key present), with overrides. */
export function projection(overrides: Partial<CallDataProjection> & { CallId__c: string }): CallDataProjection {
  const [interaction = 'int-1'] = overrides.CallId__c.split(':');
  return {
    InteractionId__c: interaction,
    Direction__c: 'Inbound',
    Status__c: 'Ringing',
    Result__c: null,
    ExternalNumber__c: '+14155550123',
    FromNumber__c: '+14155550123',
    FromName__c: 'JANE DOE',
    ToNumber__c: '101',
    ToName__c: 'Alice Archer',
    RingStartedAt__c: '2026-11-21T09:30:00.000Z',
    AnsweredAt__c: null,
    EndedAt__c: null,
    RingSeconds__c: null,
    TalkSeconds__c: null,
    HoldSeconds__c: null,
    DurationSeconds__c: null,
    HangupCause__c: null,
    PbxUserId__c: 'a1f3c2e4b5d6478899aabbccddeeff01',
    Extension__c: '101',
    PbxAccountId__c: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
    Source__c: 'kazoo',
    RecordingId__c: null,
    HasRecording__c: false,
    RelatedRecordId__c: null,
    LastEventSeq__c: 1,
    ...overrides
  };
}

/** Raw HTTP against the stand-in (for status codes and headers jsforce hides). */
export async function http(
  sf: SalesforceStandIn,
  method: string,
  path: string,
  token?: string,
  body?: unknown
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${sf.instanceUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}
