// What an ended call leaves behind on the Phone tab: a missed call stays in sight until the agent calls back
// or dismisses it (review #19), a dial that failed says why (Busy, No answer) above its wrap-up (review #17).
import {
  PRIVATE_NUMBER,
  RESULT_LABELS,
  dialableNumberOf,
  formatNumber,
  isIncoming,
  isPrivateNumber,
  otherPartyName
} from 'c/callFormat';

/** How many missed calls the list keeps (oldest dropped first); History › Missed has them all. */
export const MISSED_KEPT = 50;

const FAILED_DIAL_RESULTS = new Set(['Busy', 'NoAnswer', 'Failed']);

/** A call that rang for this agent and ended with nobody answering it (not one a colleague took). */
export function isMissedCall(call) {
  return call.status === 'Ended' && call.result === 'Missed' && isIncoming(call);
}

/** An outbound call that never connected, for a reason the agent can act on. */
export function isFailedDial(call) {
  return call.status === 'Ended' && call.direction === 'Outbound' && FAILED_DIAL_RESULTS.has(call.result);
}

/** The missed-call list entry: who, when, and the number to call back (none for a withheld number). */
export function toMissedEntry(call) {
  const label = isPrivateNumber(call) ? PRIVATE_NUMBER : formatNumber(dialableNumberOf(call) || '');
  return {
    id: call.id,
    number: dialableNumberOf(call),
    numberLabel: label || 'Unknown number',
    name: call.matchedName || otherPartyName(call) || '',
    recordId: call.contactId || call.leadId || call.accountId || call.pickedRecordId || null,
    endedAt: call.endedAt || call.ringStartedAt || null
  };
}

/** How many handled (called back or dismissed) ids are remembered, so a late update never brings one back. */
const DONE_KEPT = 200;

/** `{ calls: [entry], done: [callId] }`: the list shown, and the calls the agent has dealt with. */
export const NO_OUTCOMES = Object.freeze({ calls: [], done: [] });

/**
 * The list with the call at the top, once. An ended call is announced several times (Task id, recording,
 * wrap-up): a later announcement updates the entry where it stands and never brings back a handled call.
 */
export function withOutcome(state, entry) {
  if (state.done.includes(entry.id)) return state;
  const known = state.calls.some((c) => c.id === entry.id);
  const calls = known
    ? state.calls.map((c) => (c.id === entry.id ? entry : c))
    : [entry, ...state.calls].slice(0, MISSED_KEPT);
  return { ...state, calls };
}

/** The call leaves the list for good (called back or dismissed). */
export function withHandled(state, callDataId) {
  return {
    calls: state.calls.filter((c) => c.id !== callDataId),
    done: [...state.done.filter((id) => id !== callDataId), callDataId].slice(-DONE_KEPT)
  };
}

/**
 * A dial to a missed caller's number is a call back, however it was placed (the list, "Call again?",
 * the dial pad, click-to-dial): every missed entry of that number leaves the list.
 */
export function withCalledBack(state, dialledNumber) {
  return state.calls
    .filter((c) => c.number && c.number === dialledNumber)
    .reduce((next, c) => withHandled(next, c.id), state);
}

/** A stored state, checked: anything that is not an entry with an id is dropped. */
export function outcomesFromStored(stored) {
  const calls = stored && Array.isArray(stored.calls) ? stored.calls : [];
  const done = stored && Array.isArray(stored.done) ? stored.done : [];
  return {
    calls: calls.filter((c) => c && typeof c.id === 'string').slice(0, MISSED_KEPT),
    done: done.filter((id) => typeof id === 'string').slice(-DONE_KEPT)
  };
}

/** "Call to +1 415 555 0130 failed: Busy" for the dial-outcome notice. */
export function toFailedDial(call) {
  const who = call.matchedName || formatNumber(dialableNumberOf(call) || '') || 'the number';
  return { id: call.id, text: `Call to ${who} did not connect: ${RESULT_LABELS[call.result] || call.result}` };
}
