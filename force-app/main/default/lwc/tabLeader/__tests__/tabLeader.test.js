import { createTabLeader } from 'c/tabLeader';
import { fakeChannels, fakeLocks } from 'jest-mocks/tabMocks';
import { flushPromises } from 'jest-mocks/flushPromises';

const settle = () => flushPromises();

describe('tabLeader: one leader tab per agent', () => {
  let locks;
  let Channel;
  const tab = (name = 'softphone:005A') => {
    const t = createTabLeader({ locks, BroadcastChannel: Channel, name });
    t.led = 0;
    t.received = [];
    t.onLeader(() => {
      t.led += 1;
    });
    t.onMessage((m) => t.received.push(m));
    return t;
  };

  beforeEach(() => {
    locks = fakeLocks();
    Channel = fakeChannels();
  });

  it('elects the first tab and keeps the second waiting', async () => {
    const first = tab();
    const second = tab();
    first.start();
    second.start();
    await settle();
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);
    expect(first.led).toBe(1);
  });

  it('hands over to the waiting tab when the leader closes, once', async () => {
    const first = tab();
    const second = tab();
    const third = tab();
    [first, second, third].forEach((t) => t.start());
    await settle();
    first.stop();
    await settle();
    expect([first.isLeader, second.isLeader, third.isLeader]).toEqual([false, true, false]);
    expect(second.led).toBe(1);
    second.stop();
    await settle();
    expect(third.isLeader).toBe(true);
  });

  it('a tab closed while waiting never leads and does not block the next one', async () => {
    const first = tab();
    const closedWhileWaiting = tab();
    const last = tab();
    [first, closedWhileWaiting, last].forEach((t) => t.start());
    await settle();
    closedWhileWaiting.stop();
    first.stop();
    await settle();
    expect(closedWhileWaiting.led).toBe(0);
    expect(last.isLeader).toBe(true);
  });

  it("carries the leader's messages to the other tabs of the same agent only", async () => {
    const leader = tab();
    const follower = tab();
    const otherAgent = tab('softphone:005B');
    [leader, follower, otherAgent].forEach((t) => t.start());
    await settle();
    leader.post({ kind: 'call', call: { id: 'a0X1' } });
    await settle();
    expect(follower.received).toEqual([{ kind: 'call', call: { id: 'a0X1' } }]);
    expect(leader.received).toEqual([]);
    expect(otherAgent.received).toEqual([]);
    expect(otherAgent.isLeader).toBe(true);
  });

  it('leads alone where the browser has no Web Locks or BroadcastChannel', () => {
    const alone = createTabLeader({ locks: undefined, BroadcastChannel: Channel, name: 'x' });
    alone.start();
    expect(alone.isLeader).toBe(true);
    expect(() => alone.post({ kind: 'status' })).not.toThrow();
  });

  it('leads alone when the lock request is refused', async () => {
    const refusing = { request: () => Promise.reject(new Error('SecurityError')) };
    const alone = createTabLeader({ locks: refusing, BroadcastChannel: Channel, name: 'x' });
    alone.start();
    await settle();
    expect(alone.isLeader).toBe(true);
  });
});
