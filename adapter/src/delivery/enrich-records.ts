/**
 * Turns queued states into the records that are written: every record gets its owner (the
 * agent's Salesforce user from User.PbxUserId__c, else the tenant's default owner); an inbound or
 * outbound record whose caller match has not been written yet gets it once it is known.
 */
import type { CallDataRecord } from '../core/call-data.ts';
import type { CallerMatch } from '../salesforce/caller-matcher.ts';
import type { OutboxEntry, StoredCallerMatch } from '../store/tenant-store.ts';

const MATCHED_DIRECTIONS = new Set(['Inbound', 'Outbound']);

/** The number this entry still needs a caller match for, or null (internal call, already written, stored). */
export function numberToMatch(entry: OutboxEntry): string | null {
  if (!entry.matchPending || entry.callerMatch) return null;
  if (!MATCHED_DIRECTIONS.has(entry.record.Direction__c)) return null;
  return entry.record.ExternalNumber__c || null;
}

/** Whether the entry needs a caller match at all (it may be stored already). */
export function wantsCallerMatch(entry: OutboxEntry): boolean {
  return entry.matchPending && MATCHED_DIRECTIONS.has(entry.record.Direction__c) && !!entry.record.ExternalNumber__c;
}

/** The record to upsert for an entry with its owner and (when known) its caller match. */
export function buildRecord(entry: OutboxEntry, ownerId: string, match: StoredCallerMatch | null): CallDataRecord {
  const record: CallDataRecord = { ...entry.record, OwnerId: ownerId };
  // Only fill what matched: later writes never clear a caller an agent picked by hand.
  for (const field of ['Contact__c', 'Lead__c', 'Account__c'] as const) {
    const id = match?.[field];
    if (id) record[field] = id;
  }
  return record;
}

export type { CallerMatch };
