// The wrap-up queue in the agent's store (c/localStore) and in the agent's other tabs, written entry by entry.
// An agent may have a day's backlog of calls to wrap up; every event of an ended call (its end, Task id,
// recording), every keystroke of a draft and every save changes one entry, so only that entry is written and
// sent, with the queue's order as a list of ids. Writing the whole queue each time made every call event cost
// more the longer the backlog (≈ 0.3 MB of JSON per event with 300 calls waiting), and slowed the pops.
import { EMPTY_WRAP_UPS, fromStored } from './wrapUpQueue';

/** The queue's order and the closed ids: `{ pending: [callId], closed: [callId] }`. */
const INDEX = 'wrapUpQueue';
/** The whole queue under one key, as softphones before the per-entry keys stored it. */
const LEGACY = 'wrapUps';

export const entryKey = (id) => `wrapUp:${id}`;

/** An entry as it survives a reload: never a save in flight. */
function toStoredEntry(entry) {
  return { ...entry, saving: false, error: '' };
}

function sameIds(a, b) {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const idsOf = (wrapUps) => wrapUps.pending.map((e) => e.id);

/** The queue a reload starts from (a queue stored the old way is moved to the per-entry keys once). */
export function loadWrapUps(store) {
  const index = store.load(INDEX);
  if (index && Array.isArray(index.pending)) {
    return fromStored({ pending: index.pending.map((id) => store.load(entryKey(id))), closed: index.closed });
  }
  const legacy = fromStored(store.load(LEGACY));
  if (legacy.pending.length || legacy.closed.length) {
    saveWrapUps(store, EMPTY_WRAP_UPS, legacy);
    store.remove(LEGACY);
  }
  return legacy;
}

/**
 * Stores what changed from `before` to `after` and answers the tab message that shares it. The queue's functions
 * (wrapUpQueue.js) keep an unchanged entry as the same object, so a changed entry is one that is not.
 */
export function saveWrapUps(store, before, after) {
  const old = new Map(before.pending.map((e) => [e.id, e]));
  const changed = after.pending.filter((e) => old.get(e.id) !== e);
  const pending = idsOf(after);
  // New entries first, the index next, the entries that left last: a reload in between finds every entry it lists.
  changed.forEach((e) => store.save(entryKey(e.id), toStoredEntry(e)));
  if (!sameIds(idsOf(before), pending) || !sameIds(before.closed, after.closed)) {
    store.save(INDEX, { pending, closed: after.closed });
  }
  const kept = new Set(pending);
  before.pending.filter((e) => !kept.has(e.id)).forEach((e) => store.remove(entryKey(e.id)));
  return { kind: 'wrapUps', pending, closed: after.closed, changed };
}

/**
 * Another tab's change applied to this tab's queue: the entries it sent, the others as this tab has them (or as
 * the store has them, for a tab that missed a message: the agent's tabs share one store).
 */
export function withSharedWrapUps(wrapUps, message, store) {
  if (!Array.isArray(message.pending) || !Array.isArray(message.changed)) return wrapUps;
  const known = new Map(wrapUps.pending.map((e) => [e.id, e]));
  message.changed.forEach((e) => e && known.set(e.id, e));
  const pending = message.pending.map((id) => known.get(id) || store.load(entryKey(id)));
  return fromStored({ pending, closed: message.closed });
}
