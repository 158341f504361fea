// The wrap-up queue: every ended call that needs a wrap-up stays pending until the agent saves and closes it
// or dismisses it. Later events of the same call (its Task id, a recording, the save's own update) only
// refresh the call's fields; they never reopen a closed wrap-up nor touch the agent's draft.

/** How many closed call ids are remembered, so a late event of an old call cannot reopen its wrap-up. */
const CLOSED_KEPT = 200;

export const EMPTY_WRAP_UPS = { pending: [], closed: [] };

function newEntry(call) {
  return {
    id: call.id,
    call,
    wrapUpCode: call.wrapUpCode || '',
    notes: call.notes || '',
    saving: false,
    saved: false,
    error: ''
  };
}

/** A call ended (or another event of an ended call arrived): queue it once, keep the draft, never reopen. */
export function withEndedCall(wrapUps, call) {
  if (wrapUps.closed.includes(call.id)) return wrapUps;
  const known = wrapUps.pending.find((e) => e.id === call.id);
  if (known) {
    return withEntry(wrapUps, call.id, (e) => ({ ...e, call: { ...e.call, ...call } }));
  }
  return { ...wrapUps, pending: [...wrapUps.pending, newEntry(call)] };
}

/**
 * Opens a past call's wrap-up again (from History), prefilled with what was saved. It goes first:
 * the agent asked for it, and only the first few wrap-ups of the queue show as forms.
 */
export function withReopened(wrapUps, call) {
  const rest = { ...wrapUps, closed: wrapUps.closed.filter((id) => id !== call.id) };
  const known = rest.pending.find((e) => e.id === call.id);
  const entry = known || { ...newEntry(call), saved: Boolean(call.wrapUpCode || call.notes) };
  return { ...rest, pending: [entry, ...rest.pending.filter((e) => e !== known)] };
}

export function withEntry(wrapUps, id, change) {
  return { ...wrapUps, pending: wrapUps.pending.map((e) => (e.id === id ? change(e) : e)) };
}

/** The agent typed: the draft is kept, and what was saved before is no longer what the form shows. */
export function withDraft(wrapUps, id, draft) {
  return withEntry(wrapUps, id, (e) => ({ ...e, ...draft, saved: false, error: '' }));
}

/** Closed or dismissed: gone from the queue, and remembered so its late events are ignored. */
export function withClosed(wrapUps, id) {
  return {
    pending: wrapUps.pending.filter((e) => e.id !== id),
    closed: [...wrapUps.closed.filter((c) => c !== id), id].slice(-CLOSED_KEPT)
  };
}

/** A stored (or shared) queue, checked: an entry without its call is dropped (wrapUpStore.js stores them). */
export function fromStored(value) {
  const ok = value && Array.isArray(value.pending) && Array.isArray(value.closed);
  if (!ok) return EMPTY_WRAP_UPS;
  const pending = value.pending.filter((e) => e && typeof e.id === 'string' && e.call && e.call.id === e.id);
  return { pending, closed: value.closed.filter((id) => typeof id === 'string').slice(-CLOSED_KEPT) };
}
