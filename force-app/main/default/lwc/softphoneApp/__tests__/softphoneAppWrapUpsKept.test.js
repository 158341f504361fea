import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';
import { fakeStorage } from 'jest-mocks/storageMock';
import { fakeChannels, fakeLocks } from 'jest-mocks/tabMocks';
import { createLocalStore } from 'c/localStore';
import { createTabLeader } from 'c/tabLeader';

const AGENT = '005000000000001AAA';
const settle = () => flushPromises(8);
const ids = [1, 2, 3, 4, 5].map((n) => `a0100000000000${n}AAA`);

function endCalls(cometd) {
  const answeredAt = new Date(Date.now() - 65000).toISOString();
  ids.forEach((id, i) =>
    cometd.publish(
      WIRE_CHANNEL,
      callEvent({ Id: id, Status__c: 'Ended', Result__c: 'Answered', AnsweredAt__c: answeredAt }),
      40 + i
    )
  );
}

function typeNotes(textarea, notes) {
  textarea.value = notes;
  textarea.dispatchEvent(new CustomEvent('input'));
}

const formIds = (element) => [...element.querySelectorAll('[data-id="wrapup-form"]')].map((f) => f.dataset.callId);

describe('c-softphone-app: wrap-ups waiting are kept (reload, other tabs)', () => {
  afterEach(unmountAll);

  it('after a reload the same wrap-ups wait, in order, with the notes typed before it', async () => {
    const storage = fakeStorage();
    const before = await mountSoftphone({ storage: createLocalStore(storage, AGENT) });
    endCalls(before.cometd);
    await flushPromises();
    typeNotes(before.byId('wrapup-notes'), 'Wants a callback on Monday');
    await flushPromises();
    document.body.removeChild(before.element);

    const after = await mountSoftphone({ storage: createLocalStore(storage, AGENT) });

    expect(formIds(after.element)).toEqual(ids.slice(0, 3));
    expect(after.byId('wrapup-notes').value).toBe('Wants a callback on Monday');
    expect(after.byId('wrap-up-more').textContent).toBe('2 more calls to wrap up');
  });

  it('a code chosen in one tab shows in the other, and a wrap-up closed there leaves both', async () => {
    const options = { locks: fakeLocks(), BroadcastChannel: fakeChannels() };
    const tabs = () => createTabLeader({ ...options, name: `kazooSoftphone:${AGENT}` });
    const first = await mountSoftphone({ tabs: tabs() });
    const second = await mountSoftphone({ tabs: tabs() });
    await settle();
    endCalls(first.cometd);
    await settle();
    expect(formIds(second.element)).toEqual(ids.slice(0, 3));

    second.byId('wrapup-code').value = 'Resolved';
    second.byId('wrapup-code').dispatchEvent(new CustomEvent('change'));
    await settle();
    expect(first.byId('wrapup-code').value).toBe('Resolved');

    first.byId('wrapup-done').click();
    await settle();
    expect(formIds(first.element)).toEqual(ids.slice(1, 4));
    expect(formIds(second.element)).toEqual(ids.slice(1, 4));
    expect(second.byId('wrap-up-more').textContent).toBe('1 more call to wrap up');
  });
});
