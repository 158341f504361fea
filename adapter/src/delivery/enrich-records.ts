/**
 * Turns queued states into the records that are written: every record gets its owner (the
 * agent's Salesforce user from User.PbxUserId__c, else the tenant's default owner); an inbound or
 * outbound record's first write gets the matched caller, with one SOSL for the whole batch.
 */
import type { Connection } from 'jsforce';
import type { CountryCode } from 'libphonenumber-js';
import type { CallDataRecord } from '../core/call-data.ts';
import { matchCallers, type CallerMatch } from '../salesforce/caller-matcher.ts';
import type { OwnerDirectory } from '../salesforce/owner-directory.ts';
import type { OutboxEntry } from '../store/tenant-store.ts';

const MATCHED_DIRECTIONS = new Set(['Inbound', 'Outbound']);

export interface EnrichOptions {
  owners: OwnerDirectory;
  defaultOwnerId: string;
  region: CountryCode;
  /** Counts the search (and says why it failed: a failed lookup never holds up the write). */
  onSearch: (outcome: 'ok' | 'error', error?: unknown) => void;
}

/** The records to upsert for a batch, in the batch's order. Throws when the owner lookup fails. */
export async function enrichRecords(
  conn: Connection,
  batch: readonly OutboxEntry[],
  options: EnrichOptions
): Promise<CallDataRecord[]> {
  const pbxUsers = [...new Set(batch.map((e) => e.record.PbxUserId__c).filter((id): id is string => !!id))];
  const ownerIds = await options.owners.userIdsFor(pbxUsers);
  const numbers = batch
    .filter((e) => e.firstWrite && MATCHED_DIRECTIONS.has(e.record.Direction__c))
    .map((e) => e.record.ExternalNumber__c)
    .filter((n): n is string => !!n);
  let matches = new Map<string, CallerMatch>();
  if (numbers.length > 0) {
    try {
      matches = await matchCallers(conn, numbers, options.region);
      options.onSearch('ok');
    } catch (error) {
      options.onSearch('error', error);
    }
  }
  return batch.map((entry) => {
    const record: CallDataRecord = { ...entry.record };
    const pbxUser = entry.record.PbxUserId__c;
    record.OwnerId = (pbxUser && ownerIds.get(pbxUser)) || options.defaultOwnerId;
    const number = entry.record.ExternalNumber__c;
    const match = entry.firstWrite && number ? matches.get(number) : undefined;
    // Only fill what matched: later writes never clear a caller an agent picked by hand.
    for (const [field, id] of Object.entries(match ?? {}) as [keyof CallerMatch, string | null][]) {
      if (id) record[field] = id;
    }
    return record;
  });
}
