/**
 * Kazoo's value formats: Gregorian seconds, µs message ids, interaction ids, call ids, and the
 * AMQP encoding of call ids in routing keys. A seeded random source keeps scenarios reproducible.
 */

/** Seconds between 0000-01-01 (Erlang's Gregorian epoch) and 1970-01-01. */
export const GREGORIAN_OFFSET_SECONDS = 62_167_219_200;

export function gregorianSeconds(unixMs: number): number {
  return Math.floor(unixMs / 1000) + GREGORIAN_OFFSET_SECONDS;
}

export function unixMsFromGregorian(gregorian: number): number {
  return (gregorian - GREGORIAN_OFFSET_SECONDS) * 1000;
}

/** `kz_amqp_util:encode/1`: `.` becomes `%2E` and space becomes `+`. */
export function amqpEncode(value: string): string {
  return value.replaceAll('.', '%2E').replaceAll(' ', '+');
}

/** `YYYYMM` of a time, as used in MODB document ids (`YYYYMM-<id>`). */
export function modbPrefix(unixMs: number): string {
  const d = new Date(unixMs);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
  hex(length: number): string;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast and good enough to make simulated calls repeatable from a seed. */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    hex: (length) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(''),
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    }
  };
}

/** `<gregorian seconds>-<8 hex>`, as ecallmgr builds Call-Interaction-ID. */
export function newInteractionId(unixMs: number, random: RandomSource): string {
  return `${gregorianSeconds(unixMs)}-${random.hex(8)}`;
}

/** A FreeSWITCH channel UUID, as Kazoo uses for B-legs and device-originated legs. */
export function newUuid(random: RandomSource): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A carrier's SIP Call-ID: it contains dots, which the routing key must AMQP-encode. */
export function newCarrierCallId(random: RandomSource, host: string): string {
  return `${random.hex(24)}@${host}`;
}

/** `set_quickcall_outbound_call_id/1`: 18 random bytes as hex, then `-quickcall`. */
export function newQuickcallId(random: RandomSource): string {
  return `${random.hex(36)}-quickcall`;
}

/** E.164 for North American numbers as the carrier and stepswitch present them. */
export function toE164(number: string): string {
  const digits = number.replace(/[^0-9]/g, '');
  if (number.startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return digits;
}

/** The usual `hangup_code` for a cause (kz_call_response defaults); none for internal causes. */
export function hangupCodeFor(cause: string): string | undefined {
  const codes: Record<string, string> = {
    NORMAL_CLEARING: 'sip:200',
    ORIGINATOR_CANCEL: 'sip:487',
    NO_ANSWER: 'sip:480',
    NO_USER_RESPONSE: 'sip:408',
    USER_BUSY: 'sip:486',
    CALL_REJECTED: 'sip:603',
    UNALLOCATED_NUMBER: 'sip:404',
    NORMAL_TEMPORARY_FAILURE: 'sip:503',
    DESTINATION_OUT_OF_ORDER: 'sip:502'
  };
  return codes[cause];
}
