// Hold, resume, transfer (blind, or consult then complete or cancel), hang up and decline from the call card.
// The adapter answers 202 once the PBX took the command, which is not proof that it happened (Konami only acts
// when metaflows are enabled on the account: adapter/src/kazoo/call-control.ts); the call's own record is. So an
// action stays "in flight" (its buttons disabled) from the click until the record shows its effect, and says so
// in plain words if it never does.
import { errorText } from './callState';

/** How long a command the PBX accepted may take to show on the call before the agent is told it did not. */
export const CONFIRM_TIMEOUT_MS = 10000;

const WHAT = {
  hold: 'the hold',
  resume: 'taking the call off hold',
  transfer: 'the transfer',
  hangup: 'the hang-up',
  decline: 'declining the call',
  consult: 'the consultation',
  'complete-transfer': 'completing the transfer',
  'cancel-transfer': 'going back to the caller'
};

/**
 * Done once the PBX took them: a consultation and its cancel leave the agent's own record as it was (the agent
 * stays on the call), so no record change can confirm them. Completing one ends the agent's record, like a transfer.
 */
const DONE_WHEN_SENT = new Set(['consult', 'cancel-transfer']);

/** What an action did not do, said to the agent when the PBX accepted it but the call never changed. */
const UNCONFIRMED = {
  hold: 'The PBX accepted the hold but the call is not on hold — your account may not enable hold (Konami metaflows).',
  resume: 'The PBX accepted the resume but the call is still on hold. Try again, or resume on your phone.',
  transfer:
    'The PBX accepted the transfer but the call is still with you. Check the number, or transfer on your phone.',
  hangup: 'The PBX accepted the hang-up but the call is still going. Hang up on your phone.',
  decline: 'The PBX accepted the decline but the call still rings. Ignore it, or decline on your phone.',
  // Kazoo's Konami transfer: the transferor hanging up completes an attended transfer (adapter/src/kazoo).
  'complete-transfer':
    'The PBX accepted completing the transfer but the call is still with you. Hang up on your phone to complete it.'
};

/** The call's record shows the action happened (a call that ended is gone: see `settle`). */
export function confirms(action, call) {
  if (!call) return true;
  if (action === 'hold') return call.status === 'OnHold';
  if (action === 'resume') return call.status === 'Connected';
  return call.status === 'Ended';
}

/** Why an action failed, in words: which action, then what the server said. */
export function failureText(action, error) {
  const detail = errorText(error);
  if (action === 'hold') return `The PBX did not accept the hold — your account may not enable it. (${detail})`;
  if (action === 'cancel-transfer') return `You are still consulting. ${detail}`;
  return `The PBX did not accept ${WHAT[action] || 'the action'}. ${detail}`;
}

/** `stale`: call updates are not flowing, so the call may have changed without the softphone hearing of it. */
export function unconfirmedText(action, stale = false) {
  if (stale) {
    return `The PBX accepted ${WHAT[action] || 'the action'}, but call updates are not coming through right now: the call may not show it yet.`;
  }
  return UNCONFIRMED[action] || 'The PBX accepted the action but the call did not change.';
}

/**
 * The call with its hold clock: `heldSince` (this browser's clock) is set when the call goes on hold and
 * cleared when it comes off. The record keeps only the total (`HoldSeconds__c`), not when this hold began.
 */
export function withHoldClock(known, call, nowMs) {
  if (call.status === 'OnHold') {
    const heldSince = known && known.status === 'OnHold' && known.heldSince ? known.heldSince : nowMs;
    return { ...call, heldSince };
  }
  if (call.heldSince === undefined) return call;
  return { ...call, heldSince: null };
}

// The confirmation window needs a clock; tests pass their own.
/* eslint-disable @lwc/lwc/no-async-operation */
const BROWSER_TIMERS = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) };
/* eslint-enable @lwc/lwc/no-async-operation */

/**
 * Runs call actions one per call: `update(callId, change)` edits a shown call, `fail(message)` tells the
 * agent, `refused(callId, action, error)` lets the container react to a refusal first, `stale()` says whether
 * call updates are flowing. `timers` ({ set, clear }) is injectable so tests drive the confirmation window.
 */
export function createCallControls({
  apex,
  update,
  fail,
  refused = () => undefined,
  stale = () => false,
  timers = BROWSER_TIMERS,
  timeoutMs = CONFIRM_TIMEOUT_MS
}) {
  /** callId → { action, sent, confirmed, timer } */
  const pending = new Map();

  function finish(callId) {
    const entry = pending.get(callId);
    if (!entry) return;
    if (entry.timer) timers.clear(entry.timer);
    pending.delete(callId);
    update(callId, (c) => ({ ...c, pendingAction: null }));
  }

  function watch(callId, entry) {
    entry.timer = timers.set(() => {
      if (pending.get(callId) !== entry) return;
      finish(callId);
      fail(unconfirmedText(entry.action, stale()));
    }, timeoutMs);
  }

  return {
    /** Sends the action; false when one is already in flight for this call. */
    async run(callId, action, target) {
      if (pending.has(callId)) return false;
      const entry = { action, sent: false, confirmed: false, timer: null };
      pending.set(callId, entry);
      update(callId, (c) => ({ ...c, pendingAction: action }));
      try {
        await apex.controlCall(callId, action, target);
      } catch (error) {
        if (pending.get(callId) === entry) finish(callId);
        refused(callId, action, error);
        fail(failureText(action, error));
        return false;
      }
      if (pending.get(callId) !== entry) return true;
      entry.sent = true;
      if (entry.confirmed || DONE_WHEN_SENT.has(action)) finish(callId);
      else watch(callId, entry);
      return true;
    },

    /** A call update arrived (or the call ended: `call` null): an action it shows as done is no longer pending. */
    settle(callId, call) {
      const entry = pending.get(callId);
      if (!entry || !confirms(entry.action, call)) return;
      if (entry.sent) finish(callId);
      else entry.confirmed = true;
    },

    stop() {
      for (const entry of pending.values()) if (entry.timer) timers.clear(entry.timer);
      pending.clear();
    }
  };
}
