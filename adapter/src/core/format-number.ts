import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Extensions and feature codes are short; they are kept exactly as dialled. */
const EXTENSION = /^\*?\d{1,6}$/;

const RECENT_LIMIT = 2000;
const recent = new Map<string, string>();

/**
 * Caller ids that say the number was withheld rather than give one: Kazoo's own anonymous values
 * (kz_privacy.erl DEFAULT_ANONYMOUS_NUMBER, DEFAULT_ANONYMOUS_VALUES, is_zero/1), what carriers
 * send for a withheld or unknown caller, and nothing at all.
 */
const WITHHELD = /^(?:anonymous|restricted|private|unknown|unavailable|anonymous@anonymous\.invalid|\+?0+)?$/i;

/** The name a record shows for a caller who withheld their number. */
export const PRIVATE_NUMBER_NAME = 'Private number';

/** True when a caller id number is no number to show or call back. */
export function isWithheld(raw: string | null): boolean {
  return WITHHELD.test(raw?.trim() ?? '');
}

/** The user part of a SIP address (`sip:4155550142@realm` → `4155550142`). */
export function userPart(address: string | null): string | null {
  if (!address) return null;
  // By hand rather than replace(/^sips?:/i) and split('@'): every projection reads several.
  // A letter's code with 0x20 set is its lower case: s 0x73, i 0x69, p 0x70; a colon is 0x3a.
  let start = 0;
  if ((address.charCodeAt(0) | 0x20) === 0x73 && (address.charCodeAt(1) | 0x20) === 0x69) {
    const third = address.charCodeAt(2) | 0x20;
    if (third === 0x70 && address.charCodeAt(3) === 0x3a) start = 4;
    else if (third === 0x70 && (address.charCodeAt(3) | 0x20) === 0x73 && address.charCodeAt(4) === 0x3a) start = 5;
  }
  const at = address.indexOf('@', start);
  const user = address.slice(start, at === -1 ? address.length : at).trim();
  return user ? user : null;
}

/**
 * A number as an agent should see it: E.164 when it is a phone number (national numbers read in
 * the default region), extensions as they are, anything else (a SIP user name) unchanged.
 */
export function formatNumber(raw: string | null, defaultRegion: CountryCode): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (EXTENSION.test(value)) return value;
  const key = `${defaultRegion}|${value}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(value, defaultRegion);
  const formatted = parsed?.isPossible() ? parsed.number : value;
  // Every projection of a call formats the same few numbers; parsing is the costly part.
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, formatted);
  return formatted;
}
