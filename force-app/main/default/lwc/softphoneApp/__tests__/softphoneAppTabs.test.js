import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';
import { fakeChannels, fakeLocks } from 'jest-mocks/tabMocks';
import { createTabLeader } from 'c/tabLeader';

const settle = () => flushPromises(8);

describe('c-softphone-app in two browser tabs of one agent (deploy review #12)', () => {
  let tabOptions;
  const tabs = () => createTabLeader({ ...tabOptions, name: 'kazooSoftphone:005000000000001AAA' });

  beforeEach(() => {
    tabOptions = { locks: fakeLocks(), BroadcastChannel: fakeChannels() };
  });
  afterEach(unmountAll);

  it('only the leader connects and pops; the other tab mirrors the call and pops when it takes over', async () => {
    const first = await mountSoftphone({ tabs: tabs() });
    const second = await mountSoftphone({ tabs: tabs() });
    await settle();
    expect(first.cometd.sentOn('/meta/handshake')).toHaveLength(1);
    expect(second.cometd.sentOn('/meta/handshake')).toHaveLength(0);

    first.cometd.publish(WIRE_CHANNEL, callEvent({}), 1);
    await settle();
    expect(first.openCti.argsOf('searchAndScreenPop')).toHaveLength(1);
    expect(second.openCti.argsOf('searchAndScreenPop')).toHaveLength(0);
    expect(second.allById('call-card').map((c) => c.dataset.callId)).toEqual(['a01000000000001AAA']);
    expect(second.byId('connection-status').dataset.state).toBe('connected');

    document.body.removeChild(first.element);
    await settle();
    expect(second.cometd.sentOn('/meta/handshake')).toHaveLength(1);
    second.cometd.accept();
    second.cometd.publish(WIRE_CHANNEL, callEvent({ Id: 'a01000000000002AAA', ExternalNumber__c: '+14155550111' }), 2);
    await settle();
    const pops = second.openCti.argsOf('searchAndScreenPop').map((a) => a.searchParams);
    expect(pops).toEqual(['+14155550111']);
  });

  it('a missed call dismissed in one tab leaves the list in the other', async () => {
    const first = await mountSoftphone({ tabs: tabs() });
    const second = await mountSoftphone({ tabs: tabs() });
    await settle();
    first.cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Ended', Result__c: 'Missed' }), 1);
    await settle();
    expect(first.allById('missed-call')).toHaveLength(1);
    expect(second.allById('missed-call')).toHaveLength(1);

    second.byId('missed-dismiss').click();
    await settle();
    expect(second.allById('missed-call')).toHaveLength(0);
    expect(first.allById('missed-call')).toHaveLength(0);
    expect(first.byId('missed-badge')).toBeNull();
  });

  it('the leader alone queues the wrap-up, and the other tab shows the same queue', async () => {
    const first = await mountSoftphone({ tabs: tabs() });
    const second = await mountSoftphone({ tabs: tabs() });
    await settle();
    const answeredAt = new Date().toISOString();
    first.cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Connected', AnsweredAt__c: answeredAt }), 1);
    await settle();
    first.cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Ended', AnsweredAt__c: answeredAt }), 2);
    await settle();
    expect(first.allById('wrapup-form')).toHaveLength(1);
    expect(second.allById('wrapup-form')).toHaveLength(1);
  });
});
