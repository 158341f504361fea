// Attended transfers in progress, as this browser knows them. The records say nothing of a consultation (the
// agent's own record stays Connected while the caller waits on music hold), so the softphone keeps it from the
// accepted consult until the agent's record of the call ends, the cancel is accepted, or the page reloads.
import { formatNumber } from 'c/callFormat';

/** AdapterClient.NO_CONSULTATION_MESSAGE: the PBX has no consultation on the call (it ended or Kazoo gave up). */
export const NO_CONSULTATION_TEXT = 'No consultation is in progress on this call.';

/** Keyed by the call's interaction id, which every record of the call shares (the record id when unknown). */
export function consultationKey(call) {
  return (call && (call.interactionId || call.id)) || '';
}

/** Who the agent is consulting, as the card says it: the colleague and extension, or the number. */
export function targetLabel(target, name) {
  return name ? `${name} (${target})` : formatNumber(target) || target;
}

export function withConsultation(consultations, call, target, name) {
  return { ...consultations, [consultationKey(call)]: { target, label: targetLabel(target, name) } };
}

export function withoutConsultation(consultations, call) {
  const key = consultationKey(call);
  if (!key || !(key in consultations)) return consultations;
  const rest = { ...consultations };
  delete rest[key];
  return rest;
}

/** Only the consultations of calls still open (the others ended while no update came, e.g. during a reconnect). */
export function consultationsOf(consultations, openCalls) {
  const open = new Set(openCalls.map(consultationKey));
  const kept = Object.entries(consultations).filter(([key]) => open.has(key));
  return kept.length === Object.keys(consultations).length ? consultations : Object.fromEntries(kept);
}

/** The calls as the cards show them: a call under consultation carries `consultation` ({ target, label }). */
export function withConsultations(calls, consultations) {
  return calls.map((call) => {
    const consultation = consultations[consultationKey(call)];
    return consultation ? { ...call, consultation } : call;
  });
}

/** The PBX says there is nothing to complete or cancel: the card goes back to the call's own controls. */
export function isNoConsultation(error) {
  const message = (error && error.message) || String(error || '');
  return message.includes(NO_CONSULTATION_TEXT);
}
