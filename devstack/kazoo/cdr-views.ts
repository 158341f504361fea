/**
 * The two shapes Crossbar gives a CDR (Kazoo 4.3): the `/cdrs` listing row, a fixed set of
 * columns computed from the document, and the full document `/cdrs/legs/{id}` serves. The call
 * script keeps each leg's listing-ish row with the destroy event as `_doc`; these views derive
 * Kazoo's two shapes from it so neither carries more than Kazoo's does.
 */

/** cb_cdrs.erl ?COLUMNS (4.3:54-91): the only keys a listing row has; no CCVs, no CAVs. */
const LISTING_COLUMNS = [
  'id',
  'call_id',
  'caller_id_number',
  'caller_id_name',
  'callee_id_number',
  'callee_id_name',
  'duration_seconds',
  'billing_seconds',
  'timestamp',
  'hangup_cause',
  'disposition',
  'other_leg_call_id',
  'owner_id',
  'to',
  'from',
  'direction',
  'request',
  'authorizing_id',
  'cost',
  'dialed_number',
  'calling_from',
  'datetime',
  'unix_timestamp',
  'rfc_1036',
  'iso_8601',
  'iso_8601_combined',
  'call_type',
  'rate',
  'rate_name',
  'bridge_id',
  'recording_url',
  'media_recordings',
  'media_server',
  'call_priority',
  'interaction_id'
] as const;

type Cdr = Record<string, unknown>;

const docOf = (cdr: Cdr): Cdr => (cdr._doc ?? {}) as Cdr;

/** When the CDR was saved (the destroy's Gregorian second): what `created_from/to` match (cdrs.json view). */
export function cdrCreatedGregorian(cdr: Cdr): number {
  return Number(docOf(cdr)._created);
}

/**
 * A `/cdrs` listing row: exactly ?COLUMNS, a missing value as `""` (cb_cdrs.erl col_* funs
 * default to <<>>), `authorizing_id` blanked when it is the account itself (col_authorizing_id,
 * cb_cdrs.erl:526-533).
 */
export function cdrListingRow(cdr: Cdr, accountId: string): Cdr {
  const row: Cdr = {};
  for (const column of LISTING_COLUMNS) row[column] = cdr[column] ?? '';
  if (row.authorizing_id === accountId) row.authorizing_id = '';
  return row;
}

/**
 * The full CDR document (cb_cdrs.erl load_legs/2 with include_docs, 4.3:668-686): the
 * CHANNEL_DESTROY event as cdr_channel_destroy.erl saved it, so `timestamp` is the leg's END
 * (`kz_call_event:timestamp`, :75), the start is `channel_created_time` (µs), the direction is
 * `call_direction`, and set_interaction/3 (:205-217) moves the interaction id out of the CCVs
 * to the top level as `interaction_id`, `interaction_time` and `interaction_key`.
 */
export function cdrDocument(cdr: Cdr): Cdr {
  const { _created: _saved, custom_channel_vars: ccvs, ...event } = docOf(cdr);
  const { call_interaction_id: interactionId, ...channelVars } = (ccvs ?? {}) as Cdr;
  const fallback = typeof cdr.interaction_id === 'string' ? cdr.interaction_id : '';
  const interaction = typeof interactionId === 'string' ? interactionId : fallback;
  const [time = '', key = ''] = interaction.split(/-(.*)/s);
  return {
    ...event,
    _id: cdr.id,
    custom_channel_vars: channelVars,
    interaction_id: interaction,
    interaction_time: Number(time),
    interaction_key: key
  };
}
