/**
 * Finds who is calling: one SOSL search per batch over Contact, Lead and Account phone fields,
 * then an exact comparison in E.164 (libphonenumber-js) so that formatting differences in the
 * org never produce a wrong match. A kind is filled only when exactly one record of it matches.
 */
import type { Connection } from 'jsforce';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface CallerMatch {
  Contact__c: string | null;
  Lead__c: string | null;
  Account__c: string | null;
}

interface FoundRecord {
  attributes?: { type?: string };
  Id: string;
  Phone?: string | null;
  MobilePhone?: string | null;
}

const RETURNING =
  'RETURNING Contact(Id, Name, Phone, MobilePhone), Lead(Id, Name, Phone, MobilePhone), Account(Id, Name, Phone)';
const KINDS = { Contact: 'Contact__c', Lead: 'Lead__c', Account: 'Account__c' } as const;

function toE164(text: string | null | undefined, region: CountryCode): string | null {
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed?.isValid() ? parsed.number : null;
}

/** The SOSL for a set of E.164 numbers: each as its full and its national digits. */
export function buildCallerSearch(numbers: readonly string[]): string | null {
  const terms = new Set<string>();
  for (const number of numbers) {
    const parsed = parsePhoneNumberFromString(number);
    if (!parsed) continue;
    terms.add(`"${parsed.number.slice(1)}"`);
    terms.add(`"${parsed.nationalNumber}"`);
  }
  if (terms.size === 0) return null;
  return `FIND {${[...terms].join(' OR ')}} IN PHONE FIELDS ${RETURNING}`;
}

/** Looks up every number at once; returns a match per E.164 number that was searched. */
export async function matchCallers(
  conn: Connection,
  numbers: readonly string[],
  region: CountryCode
): Promise<Map<string, CallerMatch>> {
  const wanted = [...new Set(numbers.filter((n) => toE164(n, region) === n))];
  const matches = new Map<string, CallerMatch>();
  const sosl = buildCallerSearch(wanted);
  if (!sosl) return matches;
  // Not conn.search: jsforce retries a failed GET five times over 15.5 s by default (lib/request.js
  // startFetchRequest, retry defaults), six searches per attempt in an outage and a stalled sink.
  // The sink's own retry and circuit breaker decide when to try again.
  const result = await conn.request<{ searchRecords?: unknown[] }>(
    { method: 'GET', url: `/search?q=${encodeURIComponent(sosl)}` },
    { retry: { maxRetries: 0 } }
  );
  const found = (result.searchRecords ?? []) as FoundRecord[];
  for (const number of wanted) {
    const match: CallerMatch = { Contact__c: null, Lead__c: null, Account__c: null };
    for (const [type, field] of Object.entries(KINDS)) {
      const hits = found.filter(
        (r) =>
          r.attributes?.type === type &&
          (toE164(r.Phone, region) === number || toE164(r.MobilePhone, region) === number)
      );
      if (hits.length === 1 && hits[0]) match[field] = hits[0].Id;
    }
    matches.set(number, match);
  }
  return matches;
}
