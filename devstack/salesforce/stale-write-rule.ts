/**
 * The stale-write rule of the package's before-update trigger, the one description the Salesforce
 * stand-in and the adapter's fake org both apply.
 *
 * Source: force-app/main/default/classes/CallDataTriggerHandler.cls `keepNewerState` and `isStale`.
 * On BEFORE_UPDATE, a record whose incoming LastEventSeq__c is lower than the stored one (both
 * known) gets every field of `PROJECTED_FIELDS` put back to its stored value. The write itself
 * still happens: fields outside that list (OwnerId, Contact__c, Lead__c, Account__c, wrap-up
 * fields) take the incoming values, and the after-update Task logger sees the restored record.
 * The Apex list is the projection minus the external id; scripts/test/data-model.test.mjs and
 * devstack/test/salesforce/stale-write-rule.test.ts read the .cls and check that.
 */
import { PROJECTION_FIELDS } from '../../adapter/src/core/call-data.ts';

/** The fields CallDataTriggerHandler.PROJECTED_FIELDS restores on a stale write. */
export const TRIGGER_RESTORED_FIELDS: readonly string[] = PROJECTION_FIELDS.filter((field) => field !== 'CallId__c');

type Fields = Record<string, unknown>;

/**
 * The sequence the trigger compares: Trigger.new holds the stored value of every field the write
 * does not set, so a write without LastEventSeq__c compares equal and is never stale.
 */
function incomingSequence(incoming: Fields, stored: Fields): unknown {
  return 'LastEventSeq__c' in incoming ? incoming.LastEventSeq__c : stored.LastEventSeq__c;
}

/** `isStale`: both sequences known and the incoming one lower (an equal one is a harmless resend). */
export function isStaleWrite(incoming: Fields, stored: Fields): boolean {
  const next = incomingSequence(incoming, stored);
  const current = stored.LastEventSeq__c;
  if (next === null || next === undefined || current === null || current === undefined) return false;
  return Number(next) < Number(current);
}

/**
 * The update as the trigger leaves it: unchanged when it is not stale, otherwise with every
 * restored field set back to the stored value (null when the stored record has none).
 */
export function keepNewerState(incoming: Fields, stored: Fields): Fields {
  if (!isStaleWrite(incoming, stored)) return incoming;
  const kept: Fields = { ...incoming };
  for (const field of TRIGGER_RESTORED_FIELDS) kept[field] = stored[field] ?? null;
  return kept;
}
