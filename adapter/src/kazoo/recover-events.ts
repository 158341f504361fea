import type { EventGap } from '../pbx/pbx-provider.ts';
import type { CrossbarClient } from './crossbar-client.ts';

const GREGORIAN_UNIX_OFFSET_S = 62167219200;

/** A `/channels` entry (kazoo.md §3.6). */
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
  is_onhold?: boolean;
  custom_application_vars?: Record<string, unknown>;
}

/** A CDR leg (kazoo.md §3.5); `timestamp` is the Gregorian start of the leg. */
interface CdrRow {
  call_id?: string;
  direction?: string;
  caller_id_name?: string;
  caller_id_number?: string;
  callee_id_name?: string;
  callee_id_number?: string;
  other_leg_call_id?: string;
  owner_id?: string;
  authorizing_id?: string;
  request?: string;
  to?: string;
  from?: string;
  duration_seconds?: number | string;
  billing_seconds?: number | string;
  hangup_cause?: string;
  timestamp?: number | string;
  bridge_id?: string;
  interaction_id?: string;
  media_recordings?: string | string[];
  channel_is_loopback?: boolean | string;
  custom_channel_vars?: Record<string, unknown>;
  custom_application_vars?: Record<string, unknown>;
}

const toUnixUs = (gregorianSeconds: number): number => (gregorianSeconds - GREGORIAN_UNIX_OFFSET_S) * 1_000_000;
const numberOf = (value: unknown): number | null =>
  value === undefined || value === null || value === '' || Number.isNaN(Number(value)) ? null : Number(value);

/** Raw bare events (the normalizer's input) for a channel that is still up. */
function channelEvents(row: ChannelRow, gap: EventGap): unknown[] {
  const created = numberOf(row.timestamp);
  if (!row.uuid || created === null) return [];
  const createdUs = toUnixUs(created);
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
      owner_id: row.owner_id,
      authorizing_id: row.authorizing_id,
      authorizing_type: row.authorizing_type,
      call_interaction_id: row.interaction_id,
      bridge_id: isBLeg ? row.other_leg : undefined
    },
    custom_application_vars: row.custom_application_vars ?? {}
  };
  const events: unknown[] = [{ ...base, event_name: 'CHANNEL_CREATE', msg_id: String(createdUs) }];
  // The real answer time is unknown; it lies between the channel's start and the end of the gap.
  // The gap start is the earliest moment it can have been missed, and it is stable across retries.
  if (row.answered)
    events.push({ ...base, event_name: 'CHANNEL_ANSWER', msg_id: String(Math.max(createdUs, gap.startedAt * 1000)) });
  return events;
}

/** Raw bare events (CREATE, ANSWER when billed, DESTROY) that rebuild one finished leg from its CDR. */
function cdrEvents(row: CdrRow): unknown[] {
  const start = numberOf(row.timestamp);
  if (!row.call_id || start === null) return [];
  const duration = numberOf(row.duration_seconds) ?? 0;
  const billing = numberOf(row.billing_seconds) ?? 0;
  const startUs = toUnixUs(start);
  const base = {
    call_id: row.call_id,
    call_direction: row.direction,
    caller_id_name: row.caller_id_name,
    caller_id_number: row.caller_id_number,
    callee_id_name: row.callee_id_name,
    callee_id_number: row.callee_id_number,
    other_leg_call_id: row.other_leg_call_id,
    request: row.request,
    to: row.to,
    from: row.from,
    channel_is_loopback: row.channel_is_loopback,
    channel_created_time: startUs,
    custom_channel_vars: {
      ...(row.custom_channel_vars ?? {}),
      owner_id: row.owner_id ?? row.custom_channel_vars?.owner_id,
      authorizing_id: row.authorizing_id ?? row.custom_channel_vars?.authorizing_id,
      bridge_id: row.bridge_id ?? row.custom_channel_vars?.bridge_id,
      call_interaction_id: row.interaction_id ?? row.custom_channel_vars?.call_interaction_id,
      media_recordings: row.media_recordings ?? row.custom_channel_vars?.media_recordings
    },
    custom_application_vars: row.custom_application_vars ?? {}
  };
  const endUs = startUs + duration * 1_000_000;
  const events: unknown[] = [{ ...base, event_name: 'CHANNEL_CREATE', msg_id: String(startUs) }];
  if (billing > 0) events.push({ ...base, event_name: 'CHANNEL_ANSWER', msg_id: String(endUs - billing * 1_000_000) });
  events.push({
    ...base,
    event_name: 'CHANNEL_DESTROY',
    msg_id: String(endUs),
    hangup_cause: row.hangup_cause,
    billing_seconds: billing,
    duration_seconds: duration
  });
  return events;
}

const eventKey = (event: unknown): string => {
  const { call_id, event_name, msg_id } = event as Record<string, unknown>;
  return `${String(call_id)}|${String(event_name)}|${String(msg_id)}`;
};

/**
 * What happened during a gap, as raw events with msg_ids derived from Kazoo's own timestamps (so
 * a retry yields the same events and the correlator drops the copies): channels still up
 * (`GET /channels`), legs that ended during the gap (`GET /cdrs?created_from&created_to`) and the
 * legs of every call still open in the correlator (`GET /cdrs/legs/{interaction_id}`).
 */
export async function recoverEvents(
  crossbar: CrossbarClient,
  accountId: string,
  gap: EventGap,
  knownInteractionIds: readonly string[]
): Promise<unknown[]> {
  const account = `/v2/accounts/${encodeURIComponent(accountId)}`;
  const channels = await crossbar.list<ChannelRow>(`${account}/channels`);
  const live = new Set(channels.map((row) => row.interaction_id).filter((id): id is string => Boolean(id)));
  const fromS = Math.floor(gap.startedAt / 1000) + GREGORIAN_UNIX_OFFSET_S;
  const toS = Math.ceil(gap.endedAt / 1000) + GREGORIAN_UNIX_OFFSET_S;
  const ended = await crossbar.list<CdrRow>(`${account}/cdrs`, {
    created_from: String(fromS),
    created_to: String(toS)
  });
  const legs: CdrRow[] = [...ended];
  for (const interactionId of [...new Set([...knownInteractionIds, ...live])].sort()) {
    legs.push(...(await crossbar.list<CdrRow>(`${account}/cdrs/legs/${encodeURIComponent(interactionId)}`)));
  }
  const events = [...channels.flatMap((row) => channelEvents(row, gap)), ...legs.flatMap(cdrEvents)];
  const unique = new Map(events.map((event) => [eventKey(event), event]));
  return [...unique.values()];
}
