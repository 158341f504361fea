import { z } from 'zod';
import { CALL_DATA_TEXT_LENGTHS } from './call-data-lengths.ts';
import { CALL_EVENT_NAMES, type KazooCallEvent } from './kazoo-call-event.ts';
import { normalizeKeys, type JsonValue } from './normalize-keys.ts';
import { readPlainFrame, type ParsedFields } from './plain-event-frame.ts';
import { webhookToCallEvent } from './webhook-payload.ts';

export type { KazooCallEvent } from './kazoo-call-event.ts';

export type NormalizeResult = { ok: true; event: KazooCallEvent } | { ok: false; reason: string };

/** Kazoo's `timestamp` is Gregorian seconds; this many seconds lie between year 0 and 1970. */
const GREGORIAN_UNIX_OFFSET_S = 62167219200;

const blankToUndefined = (value: unknown): unknown => (value === null || value === '' ? undefined : value);

const text = z.preprocess(
  (value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : blankToUndefined(value)),
  z.string().max(1024).optional()
);

/** Durations arrive as integers on 4.x and as strings in older payloads and form-data webhooks. */
const seconds = z.preprocess(
  (value) =>
    typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : blankToUndefined(value),
  z.number().nonnegative().optional()
);

const digits = z.preprocess(
  (value) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : blankToUndefined(value)),
  z
    .string()
    .regex(/^\d{1,17}$/, 'must be an integer')
    .optional()
);

/**
 * Unix microseconds between 2001 and 2096: anything else is not a FreeSWITCH event time (a value
 * in seconds or milliseconds, or garbage), and keeping it would break LastEventSeq__c (< 2^53).
 */
const unixMicros = digits.refine((value) => value === undefined || (Number(value) >= 1e15 && Number(value) < 4e15), {
  message: 'must be a Unix time in microseconds'
});

const flag = z.preprocess((value) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return blankToUndefined(value);
}, z.boolean().optional());

/** An id that becomes part of a record: longer than its field can hold, it is not a Kazoo id. */
const idFor = (field: keyof typeof CALL_DATA_TEXT_LENGTHS) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(CALL_DATA_TEXT_LENGTHS[field], `longer than ${field} holds (${CALL_DATA_TEXT_LENGTHS[field]})`)
      .optional()
  );

/** A call has a handful of recordings; ids are MODB document ids (kazoo.md C13). */
const MAX_RECORDINGS = 32;
const recordings = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : blankToUndefined(value)),
  z
    .array(z.string().min(1).max(CALL_DATA_TEXT_LENGTHS.RecordingId__c, 'recording id too long'))
    .max(MAX_RECORDINGS, `more than ${MAX_RECORDINGS} recordings`)
    .optional()
);

/** Quickcall CAVs are a few short values (cb_modules_util:cavs_from_request); beyond these it is not a call. */
export const CAV_LIMITS = { count: 64, keyLength: 128, valueLength: 1024 } as const;

/** Custom application vars as a null-prototype object of strings, or why they cannot be. */
function applicationVars(raw: unknown): { ok: true; vars: Record<string, string> } | { ok: false; reason: string } {
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === undefined || raw === null) return { ok: true, vars };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: 'custom_application_vars: not an object' };
  const entries = Object.entries(raw);
  if (entries.length > CAV_LIMITS.count)
    return { ok: false, reason: `custom_application_vars: more than ${CAV_LIMITS.count} vars` };
  for (const [key, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key.length > CAV_LIMITS.keyLength)
      return { ok: false, reason: `custom_application_vars: a name longer than ${CAV_LIMITS.keyLength}` };
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value);
    if (text.length > CAV_LIMITS.valueLength)
      return { ok: false, reason: `custom_application_vars.${key}: longer than ${CAV_LIMITS.valueLength}` };
    vars[key] = text;
  }
  return { ok: true, vars };
}

const channelVars = z
  .object({
    account_id: idFor('PbxAccountId__c'),
    owner_id: idFor('PbxUserId__c'),
    bridge_id: text,
    call_interaction_id: idFor('InteractionId__c'),
    authorizing_id: text,
    authorizing_type: text,
    inception: text,
    resource_id: text,
    resource_type: text,
    global_resource: flag,
    call_forward: flag,
    username: text,
    referred_by: text,
    media_recordings: recordings
  })
  .optional();

/** A refused value in words; an object (null prototype after normalizeKeys) cannot go through String(). */
const shown = (value: unknown): string =>
  value !== null && typeof value === 'object' ? (Array.isArray(value) ? 'array' : 'object') : String(value);

const eventSchema = z.object({
  event_name: z.enum(CALL_EVENT_NAMES, { error: (issue) => `unsupported event ${shown(issue.input)}` }),
  call_id: z.string().min(1, 'must not be empty').max(255),
  /** 5.x may carry the interaction id at the top level (kapi_call.erl, master: Interaction-ID). */
  interaction_id: idFor('InteractionId__c'),
  msg_id: unixMicros,
  timestamp: digits,
  channel_created_time: unixMicros,
  call_direction: z.preprocess(blankToUndefined, z.enum(['inbound', 'outbound']).optional()),
  caller_id_number: text,
  caller_id_name: text,
  callee_id_number: text,
  callee_id_name: text,
  other_leg_call_id: text,
  request: text,
  to: text,
  from: text,
  presence_id: text,
  channel_name: text,
  channel_is_loopback: flag,
  disposition: text,
  hangup_cause: text,
  hangup_code: text,
  billing_seconds: seconds,
  duration_seconds: seconds,
  ringing_seconds: seconds,
  custom_channel_vars: channelVars
});

type ParsedEvent = z.infer<typeof eventSchema>;
// The fast path yields exactly what the schema does (checked by the compiler both ways).
const sameFields: ParsedFields extends ParsedEvent ? (ParsedEvent extends ParsedFields ? true : never) : never = true;
void sameFields;

/** Levels of a raw frame the schema reads; anything deeper is never looked at. */
const READ_DEPTH = 5;

/**
 * Finds the event object inside any shape it arrives in (a blackhole frame, its bare `data`, a
 * legacy `{name, args}` frame, a webhooks-app delivery), with Kazoo-normalized keys.
 */
function unwrap(raw: unknown): { ok: true; data: Record<string, JsonValue> } | { ok: false; reason: string } {
  let value: unknown = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  // Deep enough for every field read: frame → data → custom_channel_vars → media_recordings → id.
  const top = normalizeKeys(value, READ_DEPTH);
  if (top === null || typeof top !== 'object' || Array.isArray(top)) return { ok: false, reason: 'not a JSON object' };
  const name = typeof top.name === 'string' ? top.name : undefined;
  const inner = 'data' in top && top.action !== undefined ? top.data : 'args' in top && name ? top.args : top;
  if (top.action !== undefined && top.action !== 'event')
    return { ok: false, reason: `not an event frame (action ${JSON.stringify(top.action)})` };
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner))
    return { ok: false, reason: 'event data is not an object' };
  const data = Object.assign(Object.create(null), inner) as Record<string, JsonValue>;
  if (data.event_name === undefined && name) data.event_name = name;
  if (data.event_name === undefined && typeof data.hook_event === 'string') {
    const mapped = webhookToCallEvent(data);
    return mapped.kind === 'event' ? { ok: true, data: mapped.event } : { ok: false, reason: mapped.reason };
  }
  return { ok: true, data };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid event';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function toEvent(parsed: ParsedEvent, msgId: string, vars: Record<string, string>): KazooCallEvent {
  const ccv = parsed.custom_channel_vars ?? {};
  const channelName = parsed.channel_name ?? null;
  return {
    eventName: parsed.event_name,
    callId: parsed.call_id,
    msgId,
    timeMs: Math.floor(Number(msgId) / 1000),
    channelCreatedTimeMs: parsed.channel_created_time ? Math.floor(Number(parsed.channel_created_time) / 1000) : null,
    accountId: ccv.account_id ?? null,
    callDirection: parsed.call_direction ?? null,
    callerIdNumber: parsed.caller_id_number ?? null,
    callerIdName: parsed.caller_id_name ?? null,
    calleeIdNumber: parsed.callee_id_number ?? null,
    calleeIdName: parsed.callee_id_name ?? null,
    otherLegCallId: parsed.other_leg_call_id ?? null,
    request: parsed.request ?? null,
    to: parsed.to ?? null,
    from: parsed.from ?? null,
    presenceId: parsed.presence_id ?? null,
    channelName,
    isLoopback: parsed.channel_is_loopback === true || (channelName?.startsWith('loopback/') ?? false),
    callForward: ccv.call_forward === true,
    disposition: parsed.disposition ?? null,
    hangupCause: parsed.hangup_cause ?? null,
    hangupCode: parsed.hangup_code ?? null,
    billingSeconds: parsed.billing_seconds ?? null,
    durationSeconds: parsed.duration_seconds ?? null,
    ringingSeconds: parsed.ringing_seconds ?? null,
    ownerId: ccv.owner_id ?? null,
    bridgeId: ccv.bridge_id ?? null,
    interactionId: ccv.call_interaction_id ?? parsed.interaction_id ?? null,
    authorizingId: ccv.authorizing_id ?? null,
    authorizingType: ccv.authorizing_type ?? null,
    inception: ccv.inception ?? null,
    resourceId: ccv.resource_id ?? null,
    resourceType: ccv.resource_type ?? null,
    globalResource: ccv.global_resource ?? null,
    username: ccv.username ?? null,
    referredBy: ccv.referred_by ?? null,
    mediaRecordings: ccv.media_recordings ?? [],
    applicationVars: vars
  };
}

/**
 * Turns one raw Kazoo call event, in any shape it really arrives in, into a validated
 * {@link KazooCallEvent}, or says in words why it cannot be used. Never throws.
 */
export function normalizeEvent(raw: unknown): NormalizeResult {
  // Most events take the fast path (plain-event-frame.ts); the schema handles the rest.
  const plain = readPlainFrame(raw);
  return plain ? toResult(plain.fields, plain.applicationVars) : normalizeEventBySchema(raw);
}

/**
 * {@link normalizeEvent} by the schema alone, for every shape: the reference the fast path must
 * agree with (a test compares them).
 */
export function normalizeEventBySchema(raw: unknown): NormalizeResult {
  const unwrapped = unwrap(raw);
  if (!unwrapped.ok) return unwrapped;
  const parsed = eventSchema.safeParse(unwrapped.data);
  if (!parsed.success) return { ok: false, reason: describe(parsed.error) };
  return toResult(parsed.data, unwrapped.data.custom_application_vars);
}

function toResult(event: ParsedEvent, rawApplicationVars: unknown): NormalizeResult {
  const vars = applicationVars(rawApplicationVars);
  if (!vars.ok) return vars;
  // msg_id is the µs event time; without it the Gregorian `timestamp` (1 s resolution) stands in.
  const unixSeconds = event.timestamp ? Number(event.timestamp) - GREGORIAN_UNIX_OFFSET_S : null;
  const msgId = event.msg_id ?? (unixSeconds !== null && unixSeconds > 0 ? `${unixSeconds}000000` : undefined);
  if (!msgId) return { ok: false, reason: 'msg_id: neither msg_id nor timestamp gives the event time' };
  return { ok: true, event: toEvent(event, msgId, vars.vars) };
}
