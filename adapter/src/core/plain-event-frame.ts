/**
 * The fast path of event validation: the shape nearly every event arrives in (a 4.x blackhole
 * frame or its bare `data`, keys already normalized, every field of the expected type) read
 * without copying the frame and without zod. It accepts only what the schema in
 * normalize-event.ts accepts, with the same values; anything else (a legacy or webhook shape, a
 * Title-Case key, a value the schema converts in a way not mirrored here, or an invalid value)
 * returns null and goes the schema's way, which also words the reason for a refusal. A test
 * checks that both paths agree (test/core/plain-event-frame.test.ts).
 */
import { CALL_DATA_TEXT_LENGTHS } from './call-data-lengths.ts';
import { CALL_EVENT_NAMES, type CallEventName } from './kazoo-call-event.ts';
import { normalizeKeys } from './normalize-keys.ts';

/** What the schema yields for the fields the event is built from (undefined: absent or blank). */
export interface ParsedFields {
  event_name: CallEventName;
  call_id: string;
  interaction_id?: string | undefined;
  msg_id?: string | undefined;
  timestamp?: string | undefined;
  channel_created_time?: string | undefined;
  call_direction?: 'inbound' | 'outbound' | undefined;
  caller_id_number?: string | undefined;
  caller_id_name?: string | undefined;
  callee_id_number?: string | undefined;
  callee_id_name?: string | undefined;
  other_leg_call_id?: string | undefined;
  request?: string | undefined;
  to?: string | undefined;
  from?: string | undefined;
  presence_id?: string | undefined;
  channel_name?: string | undefined;
  channel_is_loopback?: boolean | undefined;
  disposition?: string | undefined;
  hangup_cause?: string | undefined;
  hangup_code?: string | undefined;
  billing_seconds?: number | undefined;
  duration_seconds?: number | undefined;
  ringing_seconds?: number | undefined;
  custom_channel_vars?:
    | {
        account_id?: string | undefined;
        owner_id?: string | undefined;
        bridge_id?: string | undefined;
        call_interaction_id?: string | undefined;
        authorizing_id?: string | undefined;
        authorizing_type?: string | undefined;
        inception?: string | undefined;
        resource_id?: string | undefined;
        resource_type?: string | undefined;
        global_resource?: boolean | undefined;
        call_forward?: boolean | undefined;
        username?: string | undefined;
        referred_by?: string | undefined;
        media_recordings?: string[] | undefined;
      }
    | undefined;
}

/** Thrown inside the fast path when a value needs the schema; never leaves this module. */
const NEEDS_SCHEMA = new Error('the value needs the schema');

type Fields = Record<string, unknown>;

/** Keys as normalize-keys.ts leaves them (no upper case, no `-`). */
const NORMALIZED = /^[^A-Z-]*$/;
/**
 * Keys already found normalized: every frame repeats the same few dozen, and a set lookup costs
 * less than the expression. Bounded, so a stream of made-up keys cannot grow it.
 */
const normalizedKeys = new Set<string>();
const MAX_NORMALIZED_KEYS = 1_000;

function isNormalized(key: string): boolean {
  if (normalizedKeys.has(key)) return true;
  if (!NORMALIZED.test(key)) return false;
  if (normalizedKeys.size < MAX_NORMALIZED_KEYS) normalizedKeys.add(key);
  return true;
}
/** Each name to its one constant copy (10,000 calls in flight hold an event name per event). */
const EVENT_NAMES: ReadonlyMap<string, CallEventName> = new Map(CALL_EVENT_NAMES.map((name) => [name, name]));
const MAX_TEXT = 1024;
const MAX_RECORDINGS = 32;

/** A plain object (not an array) whose own keys are all normalized, else null. */
function plainObject(value: unknown): Fields | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const key in value) if (!Object.hasOwn(value, key) || !isNormalized(key)) return null;
  return value as Fields;
}

const blank = (value: unknown): boolean => value === undefined || value === null || value === '';

function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (blank(value)) return undefined;
  if (typeof value === 'string' && value.length <= MAX_TEXT) return value;
  throw NEEDS_SCHEMA;
}

function id(value: unknown, field: keyof typeof CALL_DATA_TEXT_LENGTHS): string | undefined {
  if (blank(value)) return undefined;
  if (typeof value === 'string' && value.length <= CALL_DATA_TEXT_LENGTHS[field]) return value;
  throw NEEDS_SCHEMA;
}

const DIGITS = /^\d{1,17}$/;

function digits(value: unknown): string | undefined {
  const converted = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (blank(converted)) return undefined;
  if (typeof converted === 'string' && DIGITS.test(converted)) return converted;
  throw NEEDS_SCHEMA;
}

function unixMicros(value: unknown): string | undefined {
  const micros = digits(value);
  if (micros === undefined || (Number(micros) >= 1e15 && Number(micros) < 4e15)) return micros;
  throw NEEDS_SCHEMA;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function seconds(value: unknown): number | undefined {
  const converted = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
  if (blank(converted)) return undefined;
  if (typeof converted === 'number' && Number.isFinite(converted) && converted >= 0) return converted;
  throw NEEDS_SCHEMA;
}

function flag(value: unknown): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (blank(value)) return undefined;
  if (typeof value === 'boolean') return value;
  throw NEEDS_SCHEMA;
}

function direction(value: unknown): 'inbound' | 'outbound' | undefined {
  if (blank(value)) return undefined;
  if (value === 'inbound') return 'inbound';
  if (value === 'outbound') return 'outbound';
  throw NEEDS_SCHEMA;
}

function recordings(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (blank(list)) return undefined;
  if (!Array.isArray(list) || list.length > MAX_RECORDINGS) throw NEEDS_SCHEMA;
  for (const item of list as unknown[])
    if (typeof item !== 'string' || item.length < 1 || item.length > CALL_DATA_TEXT_LENGTHS.RecordingId__c)
      throw NEEDS_SCHEMA;
  return [...(list as string[])];
}

function channelVars(data: Fields): ParsedFields['custom_channel_vars'] {
  // Absent is fine; a present undefined is null to the schema (normalize-keys.ts), which refuses it.
  if (!('custom_channel_vars' in data)) return undefined;
  const value = data.custom_channel_vars;
  const ccv = plainObject(value);
  if (!ccv) throw NEEDS_SCHEMA;
  return {
    account_id: id(ccv.account_id, 'PbxAccountId__c'),
    owner_id: id(ccv.owner_id, 'PbxUserId__c'),
    bridge_id: text(ccv.bridge_id),
    call_interaction_id: id(ccv.call_interaction_id, 'InteractionId__c'),
    authorizing_id: text(ccv.authorizing_id),
    authorizing_type: text(ccv.authorizing_type),
    inception: text(ccv.inception),
    resource_id: text(ccv.resource_id),
    resource_type: text(ccv.resource_type),
    global_resource: flag(ccv.global_resource),
    call_forward: flag(ccv.call_forward),
    username: text(ccv.username),
    referred_by: text(ccv.referred_by),
    media_recordings: recordings(ccv.media_recordings)
  };
}

function fields(data: Fields): ParsedFields {
  const name = typeof data.event_name === 'string' ? EVENT_NAMES.get(data.event_name) : undefined;
  const callId = data.call_id;
  if (name === undefined) throw NEEDS_SCHEMA;
  if (typeof callId !== 'string' || callId.length < 1 || callId.length > 255) throw NEEDS_SCHEMA;
  return {
    event_name: name,
    call_id: callId,
    interaction_id: id(data.interaction_id, 'InteractionId__c'),
    msg_id: unixMicros(data.msg_id),
    timestamp: digits(data.timestamp),
    channel_created_time: unixMicros(data.channel_created_time),
    call_direction: direction(data.call_direction),
    caller_id_number: text(data.caller_id_number),
    caller_id_name: text(data.caller_id_name),
    callee_id_number: text(data.callee_id_number),
    callee_id_name: text(data.callee_id_name),
    other_leg_call_id: text(data.other_leg_call_id),
    request: text(data.request),
    to: text(data.to),
    from: text(data.from),
    presence_id: text(data.presence_id),
    channel_name: text(data.channel_name),
    channel_is_loopback: flag(data.channel_is_loopback),
    disposition: text(data.disposition),
    hangup_cause: text(data.hangup_cause),
    hangup_code: text(data.hangup_code),
    billing_seconds: seconds(data.billing_seconds),
    duration_seconds: seconds(data.duration_seconds),
    ringing_seconds: seconds(data.ringing_seconds),
    custom_channel_vars: channelVars(data)
  };
}

/** Levels below a legacy frame's `args` that the schema's path reads (its READ_DEPTH less the frame). */
const LEGACY_ARGS_DEPTH = 4;

/**
 * A legacy `{name, args}` frame's event data as the schema's path sees it (unwrap() in
 * normalize-event.ts): the args with Kazoo-normalized keys, the frame's name standing in for a
 * missing event_name. Null when it is no such frame or the schema must read it.
 */
function legacyData(top: Fields): Fields | null {
  const args = top.args;
  if (!(typeof top.name === 'string' && top.name) || args === null || typeof args !== 'object' || Array.isArray(args))
    return null;
  const data = normalizeKeys(args, LEGACY_ARGS_DEPTH) as Fields;
  if (data.event_name === undefined) data.event_name = top.name;
  return data;
}

/**
 * The event fields of a plain frame and its raw custom application vars (they are checked as on
 * the schema's path), or null when the frame must go the schema's way.
 */
export function readPlainFrame(raw: unknown): { fields: ParsedFields; applicationVars: unknown } | null {
  const top = plainObject(raw);
  if (!top) return null;
  // The shapes unwrap() in normalize-event.ts tells apart: a blackhole frame, its bare data, or a
  // legacy `{name, args}` frame (Title-Case keys, normalized here as there).
  let data: Fields | null;
  if (top.action === 'event' && 'data' in top) data = plainObject(top.data);
  else if (top.action === undefined && 'args' in top && typeof top.name === 'string' && top.name)
    data = legacyData(top);
  else if (top.action === undefined) data = top;
  else return null;
  if (!data) return null;
  const vars: unknown = data.custom_application_vars;
  if (vars !== null && typeof vars === 'object' && !Array.isArray(vars) && !plainObject(vars)) return null;
  try {
    return { fields: fields(data), applicationVars: vars };
  } catch (error) {
    if (error === NEEDS_SCHEMA) return null;
    throw error;
  }
}
