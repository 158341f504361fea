import { fakeStorage } from 'jest-mocks/storageMock';
import { createLocalStore } from 'c/localStore';
import { EMPTY_WRAP_UPS, withClosed, withDraft, withEndedCall, withEntry } from '../wrapUpQueue';
import { loadWrapUps, saveWrapUps, withSharedWrapUps } from '../wrapUpStore';

const call = (n) => ({ id: `a01${n}`, status: 'Ended', externalNumber: '+14155550100', answeredAt: 'x' });
const KEY = 'kazooSoftphone:005U:';

/** The queue after `count` calls ended one by one, stored as the app stores it. */
function endedCalls(store, count) {
  let queue = EMPTY_WRAP_UPS;
  for (let n = 1; n <= count; n++) {
    const next = withEndedCall(queue, call(n));
    saveWrapUps(store, queue, next);
    queue = next;
  }
  return queue;
}

describe('wrap-up queue in the store', () => {
  let storage;
  let store;
  beforeEach(() => {
    storage = fakeStorage();
    store = createLocalStore(storage, '005U');
  });

  it('a later event of one waiting call writes that call alone, however many wait', () => {
    const queue = endedCalls(store, 100);
    storage.written.length = 0;

    const message = saveWrapUps(store, queue, withEndedCall(queue, { ...call(50), taskId: '00T1' }));

    expect(storage.written).toEqual([`${KEY}wrapUp:a0150`]);
    expect(message.changed.map((e) => e.id)).toEqual(['a0150']);
    expect(message.pending).toHaveLength(100);
  });

  it('a reload finds every wrap-up in order with its draft, and no save in flight', () => {
    let queue = endedCalls(store, 3);
    const drafted = withDraft(queue, 'a012', { wrapUpCode: 'Resolved', notes: 'called back' });
    saveWrapUps(store, queue, drafted);
    queue = withEntry(drafted, 'a013', (e) => ({ ...e, saving: true }));
    saveWrapUps(store, drafted, queue);

    const reloaded = loadWrapUps(createLocalStore(storage, '005U'));

    expect(reloaded.pending.map((e) => e.id)).toEqual(['a011', 'a012', 'a013']);
    expect(reloaded.pending[1]).toMatchObject({ wrapUpCode: 'Resolved', notes: 'called back' });
    expect(reloaded.pending[2].saving).toBe(false);
  });

  it('a closed wrap-up leaves the store and stays closed after a reload', () => {
    const queue = endedCalls(store, 2);
    saveWrapUps(store, queue, withClosed(queue, 'a011'));

    expect(storage.items.has(`${KEY}wrapUp:a011`)).toBe(false);
    const reloaded = loadWrapUps(store);
    expect(reloaded.pending.map((e) => e.id)).toEqual(['a012']);
    expect(reloaded.closed).toEqual(['a011']);
  });

  it('moves a queue stored whole (before the per-call keys) once, losing nothing', () => {
    const entry = { ...withEndedCall(EMPTY_WRAP_UPS, call(7)).pending[0], notes: 'typed' };
    storage.setItem(`${KEY}wrapUps`, JSON.stringify({ pending: [entry], closed: ['a016'] }));

    expect(loadWrapUps(store).pending.map((e) => [e.id, e.notes])).toEqual([['a017', 'typed']]);
    expect(storage.items.has(`${KEY}wrapUps`)).toBe(false);
    expect(loadWrapUps(store)).toMatchObject({ pending: [{ id: 'a017', notes: 'typed' }], closed: ['a016'] });
  });

  it('reads junk and nothing as an empty queue', () => {
    storage.setItem(`${KEY}wrapUpQueue`, '{"pending":"x"}');
    expect(loadWrapUps(store)).toEqual(EMPTY_WRAP_UPS);
    expect(loadWrapUps(createLocalStore(fakeStorage(), '005U'))).toEqual(EMPTY_WRAP_UPS);
  });

  it("another tab takes the entries it was sent and keeps its own copy of the rest, in the sender's order", () => {
    const queue = endedCalls(store, 2);
    const otherTab = { ...queue };
    const drafted = withDraft(queue, 'a012', { notes: 'typed in the first tab' });
    const next = withEndedCall(drafted, call(3));

    const shared = withSharedWrapUps(otherTab, saveWrapUps(store, queue, next), store);

    expect(shared.pending.map((e) => [e.id, e.notes])).toEqual([
      ['a011', ''],
      ['a012', 'typed in the first tab'],
      ['a013', '']
    ]);
    expect(shared.pending[0]).toBe(otherTab.pending[0]);
  });
});
