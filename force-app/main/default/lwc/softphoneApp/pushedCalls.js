// A record reaches the softphone twice: pushed by the adapter's ringing channel before the org write, then from
// the org (PushTopic, getOpenCalls). Whichever comes first shows the card; the other merges into it by CallId__c
// and never brings an older state back (LastEventSeq__c orders them). A pushed state has no record Id yet: its
// card is provisional, keyed by its CallId__c, until the org's copy gives it the Id every Apex action needs.
import { mergeCall } from './callState';

/** How many ended calls are remembered, so a late delivery of an older state cannot bring a card back. */
export const ENDED_KEPT = 500;

/** What one record is known by, whichever way it came: its CallId__c (the record Id when a view has none). */
export function callKey(call) {
  return (call && (call.callId || call.id)) || '';
}

/** Whether `update` carries an older state of the record than `known` shows. */
export function isOlderState(known, update) {
  const shown = known && known.lastEventSeq;
  const came = update && update.lastEventSeq;
  return typeof shown === 'number' && typeof came === 'number' && came < shown;
}

/**
 * The card after an update of its record. A newer (or equal, or unnumbered) state wins field by field as before;
 * an older one only adds what the card lacks (the caller match the org added), and its record Id.
 */
export function mergeOrdered(known, update) {
  const merged = isOlderState(known, update) ? { ...update, ...known } : mergeCall(known, update);
  if (update.provisional) return merged;
  // The org's copy: from now on the card has its record Id.
  return { ...merged, id: update.id || merged.id, provisional: false };
}

/** The pushed state as the app applies it: on the known card's Id, or a provisional card keyed by CallId__c. */
export function asPushedUpdate(known, pushed) {
  if (known && !known.provisional) return { ...pushed, id: known.id, provisional: false };
  return { ...pushed, id: callKey(pushed), provisional: true };
}

/** The set of ended keys with `key` added, the oldest forgotten past ENDED_KEPT. */
export function withEnded(ended, key) {
  if (!key || ended.has(key)) return ended;
  const next = new Set(ended);
  next.add(key);
  if (next.size > ENDED_KEPT) next.delete(next.values().next().value);
  return next;
}
