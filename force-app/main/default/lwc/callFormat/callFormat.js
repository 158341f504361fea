// Pure display helpers shared by the components: numbers, durations, times, and the dial input rule
// of softphoneContract.json (`dial.phoneNumber`: digits, +, * and #, spaces, dashes, dots, parentheses; 2..32).

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** How a CallData__c Result__c reads to the agent. */
export const RESULT_LABELS = {
  Answered: 'Answered',
  Missed: 'Missed',
  AnsweredElsewhere: 'Answered elsewhere',
  Busy: 'Busy',
  NoAnswer: 'No answer',
  Cancelled: 'Cancelled',
  Failed: 'Failed'
};

const DIALABLE = /^[0-9+*#\s\-.()]{2,32}$/;
/** A PBX feature code (`*97` voicemail, `*8` pickup): sent as typed, the adapter asks the PBX. */
const FEATURE_CODE = /^[*#][0-9*#]{1,15}$/;
const VANITY = /^[0-9A-Za-z+\s\-.()]{2,32}$/;

/** ITU-T E.161: the letters on a phone keypad (1-800-FLOWERS → 1-800-3569377). */
const KEYPAD_LETTERS = { 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' };
const LETTER_DIGIT = Object.fromEntries(
  Object.entries(KEYPAD_LETTERS).flatMap(([digit, letters]) => [...letters].map((letter) => [letter, digit]))
);
/**
 * A vanity number is a North American number with its last digits spelled (1-800-FLOWERS, 800-FLOWERS):
 * 10 or 11 digits once converted, at least 3 of them typed as digits. Anything else with letters is refused.
 */
const VANITY_DIGITS = /^1?\d{10}$/;
const VANITY_MIN_TYPED_DIGITS = 3;
const NANP = /^\+1(\d{3})(\d{3})(\d{4})$/;

// ITU country codes are prefix-free: these 1- and 2-digit codes, every other code has 3 digits.
const ONE_DIGIT = /^[17]/;
const TWO_DIGITS = /^(2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;

function countryCodeLength(digits) {
  if (ONE_DIGIT.test(digits)) return 1;
  return TWO_DIGITS.test(digits) ? 2 : 3;
}

/** 2071838750 → 207 183 8750: groups of three, the last group up to four. */
function groupDigits(national) {
  const groups = [];
  let rest = national;
  while (rest.length > 4) {
    groups.push(rest.slice(0, 3));
    rest = rest.slice(3);
  }
  groups.push(rest);
  return groups.join(' ');
}

/** The call center's home region (`/kazooSettings/defaultRegion`, e.g. `GB`): its numbers read nationally. */
let homeRegion = '';

/**
 * Numbers already formatted for the home region: every card re-renders on each call update (its `now` changes),
 * formatting its number several times (label, aria label, controls), and libphonenumber's parse and format take
 * ~70 µs a number (measured in Node). The page lives all shift: past FORMATTED_KEPT numbers, the one shown least
 * recently is forgotten.
 */
const formatted = new Map();
const FORMATTED_KEPT = 500;

/** Set once the Call Center settings are read; '' shows every number internationally. */
export function setHomeRegion(region) {
  homeRegion = typeof region === 'string' ? region.trim().toUpperCase() : '';
  formatted.clear();
}

/**
 * Shows an E.164 number as its country writes it (ux-walk #36): in the national format when it belongs to the
 * call center's home region ("020 7183 8750" in a GB call center), else in libphonenumber's international
 * format ("+44 20 7183 8750", not a naive "+44 207 183 8750"); extensions and anything it cannot parse as they
 * are, grouped for reading when E.164.
 */
export function formatNumber(number) {
  if (!number) return '';
  let text = formatted.get(number);
  if (text === undefined) {
    text = formatUncached(number);
    if (formatted.size >= FORMATTED_KEPT) formatted.delete(formatted.keys().next().value);
  } else {
    // A Map iterates in insertion order: re-inserting keeps the numbers on screen at the end, last to go.
    formatted.delete(number);
  }
  formatted.set(number, text);
  return text;
}

function formatUncached(number) {
  const parsed = /^\+\d{8,15}$/.test(number) ? parsePhoneNumberFromString(number) : undefined;
  if (parsed && parsed.isPossible()) {
    return homeRegion && parsed.country === homeRegion ? parsed.formatNational() : parsed.formatInternational();
  }
  const nanp = NANP.exec(number);
  if (nanp) return `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}`;
  if (/^\+\d{8,15}$/.test(number)) {
    const digits = number.slice(1);
    const country = countryCodeLength(digits);
    return `+${digits.slice(0, country)} ${groupDigits(digits.slice(country))}`;
  }
  return number;
}

/** Seconds → `m:ss`, or `h:mm:ss` from one hour. */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(Number(totalSeconds) || 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Seconds a live call has run: talk time once answered, ring time before. */
export function elapsedSeconds(call, nowMs) {
  const start = call && (call.answeredAt || call.ringStartedAt);
  if (!start) return 0;
  const end = call.endedAt ? Date.parse(call.endedAt) : nowMs;
  return Math.max(0, Math.floor((end - Date.parse(start)) / 1000));
}

// `hour: 'numeric'` lets the agent's locale decide: "3:36 PM" in en-US, "15:36" in en-GB (ux-walk #36 saw "03:36 AM").
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit'
});

/** Today's calls show the time only; older calls the date too. */
export function formatWhen(iso, nowMs) {
  if (!iso) return '';
  const when = new Date(iso);
  const now = new Date(nowMs);
  return when.toDateString() === now.toDateString() ? timeFormat.format(when) : dateTimeFormat.format(when);
}

/** Letters → keypad digits (E.161); everything else unchanged. */
export function vanityToDigits(text) {
  return (text || '').replace(/[A-Za-z]/g, (letter) => LETTER_DIGIT[letter.toUpperCase()]);
}

/**
 * Keeps what the agent typed readable but sends the PBX only `+` and digits, or a feature code (`*97`) as typed. Vanity letters are converted
 * (1-800-FLOWERS → 18003569377) when they complete a full phone number. Returns null if not dialable.
 */
export function normalizeDialInput(text) {
  const trimmed = (text || '').trim();
  const code = trimmed.replace(/[\s\-.()]/g, '');
  if (/^[*#]/.test(code)) return FEATURE_CODE.test(code) ? code : null;
  const hasLetters = /[A-Za-z]/.test(trimmed);
  if (!(hasLetters ? VANITY : DIALABLE).test(trimmed)) return null;
  const plus = trimmed.startsWith('+') ? '+' : '';
  if (/[*#]/.test(trimmed)) return null;
  const digits = vanityToDigits(trimmed).replace(/\D/g, '');
  const typedDigits = trimmed.replace(/\D/g, '').length;
  if (hasLetters && (plus || typedDigits < VANITY_MIN_TYPED_DIGITS || !VANITY_DIGITS.test(digits))) return null;
  return digits.length >= 2 ? `${plus}${digits}` : null;
}

/** Why a typed number cannot be dialled, in the agent's words. */
export function dialRefusal(text) {
  return /[A-Za-z]/.test(text || '')
    ? `Cannot dial "${text}": letters are only converted in a full phone number such as 1-800-FLOWERS.`
    : `Cannot dial "${text}": use digits, with + for international numbers, or * and # for a feature code such as *97.`;
}

const NANP_REGIONS = new Set(['US', 'CA', 'PR', 'GU', 'VI', 'AS', 'MP']);

/**
 * Completes a national North American number to E.164 when the call center's default region is in the
 * NANP (4155550100 → +14155550100); anything else (extensions, other regions) goes to the PBX as typed.
 */
export function withDefaultRegion(number, region) {
  if (!number || number.startsWith('+') || !NANP_REGIONS.has((region || '').toUpperCase())) return number;
  if (/^[2-9]\d{9}$/.test(number)) return `+1${number}`;
  if (/^1[2-9]\d{9}$/.test(number)) return `+${number}`;
  return number;
}

/** What the dial pad accepts as typed characters. */
export function cleanDialTyping(text) {
  return (text || '').replace(/[^0-9A-Za-z+*#\s\-.()]/g, '').slice(0, 32);
}

export { PRIVATE_NUMBER, dialableNumberOf, isIncoming, isPrivateNumber, numberOf, otherPartyName } from './callParty';
