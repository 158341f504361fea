const GREGORIAN_UNIX_OFFSET_S = 62167219200;

/**
 * A full CDR document as `GET /cdrs/legs/{interaction_id}` serves it (cb_cdrs.erl load_legs/2
 * with include_docs): the leg's CHANNEL_DESTROY event as cdr_channel_destroy.erl saved it.
 */
export interface CdrDocument {
  _id?: string;
  call_id?: string;
  /** The destroy event's own msg_id (µs): the same as the live CHANNEL_DESTROY's. */
  msg_id?: string | number;
  /** Gregorian seconds of the CHANNEL_DESTROY: the leg's END (cdr_channel_destroy.erl:75). */
  timestamp?: number | string;
  /** µs: the leg's start. */
  channel_created_time?: number | string;
  call_direction?: string;
  duration_seconds?: number | string;
  billing_seconds?: number | string;
  ringing_seconds?: number | string;
  hangup_cause?: string;
  hangup_code?: string;
  /** Moved out of the CCVs by set_interaction/3 (cdr_channel_destroy.erl:205-217). */
  interaction_id?: string;
  custom_channel_vars?: Record<string, unknown>;
  custom_application_vars?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Keys of the document that are not the channel's (CouchDB and CDR bookkeeping) or belong to the destroy only. */
const NOT_CHANNEL_FIELDS = new Set([
  '_id',
  '_rev',
  'id',
  'event_name',
  'event_category',
  'msg_id',
  'timestamp',
  'interaction_id',
  'interaction_time',
  'interaction_key',
  'hangup_cause',
  'hangup_code',
  'duration_seconds',
  'billing_seconds',
  'ringing_seconds',
  'disposition'
]);

const numberOf = (value: unknown): number | null =>
  value === undefined || value === null || value === '' || Number.isNaN(Number(value)) ? null : Number(value);
const isMicros = (value: unknown): boolean =>
  (typeof value === 'string' || typeof value === 'number') && /^\d{16}$/.test(String(value));

/**
 * CREATE, ANSWER (when billed) and DESTROY that rebuild one finished leg from its full CDR
 * document. The DESTROY keeps the document's own msg_id, so it is the live event's copy; the
 * start is `channel_created_time` and the answer `end − billing_seconds` (Kazoo keeps no answer
 * time). With `notBeforeMs`, events from before then are left out: the stream delivered those.
 */
export function cdrDocumentEvents(doc: CdrDocument, notBeforeMs: number | null): unknown[] {
  const endS = numberOf(doc.timestamp);
  if (!doc.call_id || (endS === null && !isMicros(doc.msg_id))) return [];
  const exactEnd = isMicros(doc.msg_id);
  const endUs = exactEnd ? Number(doc.msg_id) : ((endS as number) - GREGORIAN_UNIX_OFFSET_S) * 1_000_000;
  const duration = numberOf(doc.duration_seconds) ?? 0;
  const billing = numberOf(doc.billing_seconds) ?? 0;
  const startUs = isMicros(doc.channel_created_time) ? Number(doc.channel_created_time) : endUs - duration * 1_000_000;
  const channel: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!NOT_CHANNEL_FIELDS.has(key) && !key.startsWith('pvt_')) channel[key] = value;
  }
  const ccv = doc.custom_channel_vars ?? {};
  const base = {
    ...channel,
    call_id: doc.call_id,
    channel_created_time: startUs,
    custom_channel_vars: { ...ccv, call_interaction_id: ccv.call_interaction_id ?? doc.interaction_id },
    custom_application_vars: doc.custom_application_vars ?? {}
  };
  const after = (us: number, slackMs = 0): boolean => notBeforeMs === null || us / 1000 >= notBeforeMs - slackMs;
  const events: unknown[] = [];
  if (notBeforeMs !== null && after(startUs)) {
    events.push({ ...base, event_name: 'CHANNEL_CREATE', msg_id: String(startUs) });
  }
  const answerUs = Math.max(startUs, endUs - billing * 1_000_000);
  if (notBeforeMs !== null && billing > 0 && after(answerUs)) {
    events.push({ ...base, event_name: 'CHANNEL_ANSWER', msg_id: String(answerUs) });
  }
  // A DESTROY dated from `timestamp` is cut to the second: it may be up to 1 s before the real one.
  // Outside a gap only the exact copy is given, so a live DESTROY's time is never replaced.
  if (exactEnd ? after(endUs) : notBeforeMs !== null && after(endUs, 1000)) {
    events.push({
      ...base,
      event_name: 'CHANNEL_DESTROY',
      msg_id: String(endUs),
      hangup_cause: doc.hangup_cause,
      hangup_code: doc.hangup_code,
      billing_seconds: billing,
      duration_seconds: duration,
      ringing_seconds: doc.ringing_seconds
    });
  }
  return events;
}
