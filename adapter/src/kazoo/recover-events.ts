import type { EventGap, RecoveryScope } from '../pbx/pbx-provider.ts';
import type { CrossbarClient } from './crossbar-client.ts';
import { cdrDocumentEvents, type CdrDocument } from './cdr-document-events.ts';

const GREGORIAN_UNIX_OFFSET_S = 62167219200;

/** A `/channels` entry (ecallmgr_fs_channel.erl to_json/1, 4.3:212-256). */
interface ChannelRow {
  uuid?: string;
  direction?: string;
  answered?: boolean;
  other_leg?: string;
  owner_id?: string;
  authorizing_id?: string;
  authorizing_type?: string;
  presence_id?: string;
  caller_id_name?: string;
  caller_id_number?: string;
  callee_id_name?: string;
  callee_id_number?: string;
  destination?: string;
  timestamp?: number | string;
  interaction_id?: string;
  is_loopback?: boolean;
  custom_application_vars?: Record<string, unknown>;
}

/** A `/cdrs` listing row: cb_cdrs.erl ?COLUMNS only (no CCVs, no CAVs); we only take its ids. */
interface CdrListingRow {
  id?: string;
  interaction_id?: string;
}

const toUnixUs = (gregorianSeconds: number): number => (gregorianSeconds - GREGORIAN_UNIX_OFFSET_S) * 1_000_000;
const numberOf = (value: unknown): number | null =>
  value === undefined || value === null || value === '' || Number.isNaN(Number(value)) ? null : Number(value);

/**
 * Raw bare events for a channel that is still up. `/channels[].timestamp` is when ecallmgr made
 * its channel record (`kz_time:now_s()`, ecallmgr_fs_channel.erl:705), which is at or after the
 * real start, but in whole seconds, so up to a second before the live CREATE. A channel the
 * stream has shown (a call the correlator follows, and the channel existed before the gap)
 * therefore gives no CREATE, only its ANSWER with no other fields, dated `answerAtMs` (no
 * earlier than any answer the stream can have delivered), so nothing the correlator knew moves.
 */
function channelEvents(
  row: ChannelRow,
  answerAtMs: number,
  followed: (row: ChannelRow, createdMs: number) => boolean
): unknown[] {
  const created = numberOf(row.timestamp);
  if (!row.uuid || created === null) return [];
  const createdUs = toUnixUs(created);
  const answerUs = String(Math.max(createdUs, answerAtMs * 1000));
  const interaction = { call_interaction_id: row.interaction_id };
  if (followed(row, createdUs / 1000)) {
    if (!row.answered) return [];
    return [{ call_id: row.uuid, event_name: 'CHANNEL_ANSWER', msg_id: answerUs, custom_channel_vars: interaction }];
  }
  // /channels strips bridge_id; a B-leg's other leg is its A-leg (kazoo.md C3), a quickcall leg is an A-leg.
  const isBLeg = row.direction === 'outbound' && !row.uuid.endsWith('-quickcall') && Boolean(row.other_leg);
  const base = {
    call_id: row.uuid,
    call_direction: row.direction,
    caller_id_name: row.caller_id_name,
    caller_id_number: row.caller_id_number,
    callee_id_name: row.callee_id_name,
    callee_id_number: row.callee_id_number,
    other_leg_call_id: row.other_leg,
    presence_id: row.presence_id,
    request: row.destination,
    channel_is_loopback: row.is_loopback === true,
    channel_created_time: createdUs,
    custom_channel_vars: {
      ...interaction,
      owner_id: row.owner_id,
      authorizing_id: row.authorizing_id,
      authorizing_type: row.authorizing_type,
      bridge_id: isBLeg ? row.other_leg : undefined
    },
    custom_application_vars: row.custom_application_vars ?? {}
  };
  const events: unknown[] = [{ ...base, event_name: 'CHANNEL_CREATE', msg_id: String(createdUs) }];
  if (row.answered) events.push({ ...base, event_name: 'CHANNEL_ANSWER', msg_id: answerUs });
  return events;
}

const eventKey = (event: unknown): string => {
  const { call_id, event_name, msg_id } = event as Record<string, unknown>;
  return `${String(call_id)}|${String(event_name)}|${String(msg_id)}`;
};

/**
 * What blackhole may not have delivered, as raw events with msg_ids derived from Kazoo's own
 * records (a retry yields the same events; the correlator drops the copies):
 *
 * - `scope: 'gap'` (the socket was down, or the adapter was not running, from `gap.startedAt`):
 *   channels still up (`GET /channels`), and every leg of every interaction that ended in the
 *   gap (ids from `GET /cdrs?created_from&created_to`), is still up, or is open in the
 *   correlator, rebuilt from its full CDR document (`GET /cdrs/legs/{id}`; the listing lacks
 *   the CCVs and CAVs a call needs, cb_cdrs.erl ?COLUMNS). Only events that happened inside the
 *   gap are given: before it, the stream was up and delivered them live.
 * - `scope: 'live'` (a routine check while subscribed; Kazoo 4.3 drops frames silently above
 *   `max_queued_messages`): channels the correlator does not follow (with `knownLegIds`, also a
 *   leg it lacks of a call it follows), answers of those it does,
 *   and the DESTROYs of open calls, whose msg_id is the live event's own (the CDR document is
 *   the CHANNEL_DESTROY event). It never rebuilds a call from its CDRs, so a finished call is
 *   never re-opened or rewritten, however long ago the correlator forgot it.
 */
export async function recoverEvents(
  crossbar: CrossbarClient,
  accountId: string,
  gap: EventGap,
  knownInteractionIds: readonly string[],
  scope: RecoveryScope = 'gap',
  knownLegIds?: readonly string[]
): Promise<unknown[]> {
  const account = `/v2/accounts/${encodeURIComponent(accountId)}`;
  const known = new Set(knownInteractionIds);
  const channels = await crossbar.list<ChannelRow>(`${account}/channels`);
  const live = channels.map((row) => row.interaction_id).filter((id): id is string => Boolean(id));
  const interactions = new Set([...knownInteractionIds, ...(scope === 'gap' ? live : [])]);
  if (scope === 'gap') {
    const fromS = Math.floor(gap.startedAt / 1000) + GREGORIAN_UNIX_OFFSET_S;
    const toS = Math.ceil(gap.endedAt / 1000) + GREGORIAN_UNIX_OFFSET_S;
    const ended = await crossbar.list<CdrListingRow>(`${account}/cdrs`, {
      created_from: String(fromS),
      created_to: String(toS)
    });
    // cb_cdrs.erl load_legs/2 also takes a CDR id, for a row without an interaction id.
    for (const row of ended) if (row.interaction_id || row.id) interactions.add(row.interaction_id || String(row.id));
  }
  const documents: CdrDocument[] = [];
  for (const id of [...interactions].sort()) {
    documents.push(...(await crossbar.list<CdrDocument>(`${account}/cdrs/legs/${encodeURIComponent(id)}`)));
  }
  // In a routine check a leg the correlator lacks is not followed even when its call is: its CREATE
  // frame was lost (Kazoo 4.3 drops frames above max_queued_messages), so it is given in full.
  const legs = knownLegIds ? new Set(knownLegIds) : null;
  const followed = (row: ChannelRow, createdMs: number): boolean =>
    Boolean(row.interaction_id && known.has(row.interaction_id)) &&
    (scope === 'live' ? legs === null || legs.has(String(row.uuid)) : createdMs + 1000 <= gap.startedAt);
  const events = [
    // Inside a gap an answer can date from its start; in a routine check, only from now.
    ...channels.flatMap((row) => channelEvents(row, scope === 'gap' ? gap.startedAt : gap.endedAt, followed)),
    ...documents.flatMap((doc) => cdrDocumentEvents(doc, scope === 'gap' ? gap.startedAt : null))
  ];
  const unique = new Map(events.map((event) => [eventKey(event), event]));
  return [...unique.values()];
}
