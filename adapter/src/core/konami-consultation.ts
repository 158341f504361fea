import type { KazooCallEvent } from './kazoo-call-event.ts';
import { keyedRecord, type CorrelatorState } from './correlator-state.ts';

/**
 * Kazoo's transfer from the API (crossbar `transfer` → Konami, konami_transfer.erl) originates the
 * consultation as a call of its own: a loopback whose first half is `konami-transfer-<hex>`
 * (create_call_id/0), with no interaction id of the transfer's call, so ecallmgr gives it a new
 * one (ecallmgr_originate.erl get_channel_vars/2). Its channel vars are the transferor's
 * Authorizing-ID (originate_to_extension/3), and the target's phones ring from its other half
 * with the new id. Only once the target answers does `connect_leg` give their leg the caller's
 * interaction id (ecallmgr_call_command.erl prepare_app/4). Left alone, the target's ringing would
 * be a call of its own, with a record of its own. The consultation is instead read as part of
 * the transferor's call from its first leg on: one record per agent, and the target's phone pops
 * the caller while it rings.
 */
/** konami_transfer.erl create_call_id/0: the call id of the consultation's originated loopback leg. */
export const KONAMI_TRANSFER_PREFIX = 'konami-transfer-';

/** The interaction the event belongs to, with a Konami consultation's id read as its transfer's call. */
export function withConsultationFolded(state: CorrelatorState, event: KazooCallEvent): KazooCallEvent {
  const id = event.interactionId;
  if (!id) return event;
  const folded = state.consultations?.[id] ?? startConsultation(state, event, id);
  return folded ? { ...event, interactionId: folded } : event;
}

function startConsultation(state: CorrelatorState, event: KazooCallEvent, id: string): string | null {
  if (!event.callId.startsWith(KONAMI_TRANSFER_PREFIX) || !event.authorizingId) return null;
  const transferCall = transferorCall(state, event.authorizingId, id);
  if (!transferCall) return null;
  state.consultations ??= keyedRecord();
  state.consultations[id] = transferCall;
  return transferCall;
}

/** The call of the live, non-loopback leg placed from or to the transferor's device. */
function transferorCall(state: CorrelatorState, deviceId: string, consultation: string): string | null {
  for (const leg of Object.values(state.legs)) {
    const events = leg.events;
    if (events.some((e) => e.eventName === 'CHANNEL_DESTROY' || e.isLoopback === true)) continue;
    if (!events.some((e) => e.authorizingId === deviceId)) continue;
    const call = state.calls[leg.callKey];
    if (call?.interactionId && call.interactionId !== consultation) return call.interactionId;
  }
  return null;
}

/** Forgets the consultations folded into `callKey` (its call left the finished list). */
export function forgetConsultations(state: CorrelatorState, callKey: string): void {
  const consultations = state.consultations;
  if (!consultations) return;
  for (const [id, into] of Object.entries(consultations)) if (into === callKey) delete consultations[id];
}
