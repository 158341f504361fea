/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, instance, counter)
 * plus the 3-character case-insensitive checksum suffix that makes the 18-character form.
 */
import { createHash } from 'node:crypto';

/** Key prefixes of the objects the stand-in stores. */
export const KEY_PREFIXES: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  User: '005',
  Group: '00G',
  Lead: '00Q',
  Task: '00T',
  Organization: '00D',
  PushTopic: '0IF',
  CallCenter: '04v',
  CallData__c: 'a00'
};

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Adds the checksum suffix Salesforce computes from the case of each 5-character chunk. */
export function to18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') flags += 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return id15 + suffix;
}

/** True for a well-formed 18-character id (checksum included). */
export function isId18(value: unknown): value is string {
  return typeof value === 'string' && /^[a-zA-Z0-9]{18}$/.test(value) && to18(value.slice(0, 15)) === value;
}

/** The object whose key prefix the id carries, or undefined. */
export function sobjectOfId(id: string): string | undefined {
  const prefix = id.slice(0, 3);
  return Object.keys(KEY_PREFIXES).find((name) => KEY_PREFIXES[name] === prefix);
}

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The id of the n-th record of an object: prefix + instance `Dn` + reserved `0` + counter. */
export function recordId(sobject: string, sequence: number): string {
  const prefix = KEY_PREFIXES[sobject];
  if (!prefix) throw new Error(`No key prefix for ${sobject}`);
  return to18(`${prefix}Dn0${base62(sequence, 9)}`);
}

/** A stable id derived from a name (seeded users and samples keep their ids across restarts). */
export function stableId(sobject: string, name: string): string {
  const prefix = KEY_PREFIXES[sobject];
  if (!prefix) throw new Error(`No key prefix for ${sobject}`);
  const digest = createHash('sha256').update(`${sobject}:${name}`).digest();
  let body = '';
  for (let i = 0; i < 7; i++) body += BASE62.charAt((digest[i] ?? 0) % 62);
  return to18(`${prefix}Sd0${'00'}${body}`);
}
