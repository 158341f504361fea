import { createRingAlert } from 'c/ringAlert';

function fakeBrowser({ hidden = true, permission = 'granted' } = {}) {
  const notifications = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = jest.fn(() => Promise.resolve(FakeNotification.permission));
    constructor(title, options) {
      Object.assign(this, { title, options, closed: false });
      notifications.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  const tones = [];
  class FakeAudioContext {
    currentTime = 0;
    destination = {};
    constructor() {
      this.closed = false;
      tones.push(this);
    }
    createGain() {
      return { gain: {}, connect: jest.fn() };
    }
    createOscillator() {
      return { frequency: {}, connect: jest.fn(), start: jest.fn(), stop: jest.fn() };
    }
    close() {
      this.closed = true;
    }
  }
  const focus = jest.fn();
  const alert = createRingAlert({
    document: { hidden },
    Notification: FakeNotification,
    AudioContext: FakeAudioContext,
    focus
  });
  return { alert, notifications, tones, focus, FakeNotification };
}

const RING = { title: 'Incoming call: +1 415 555 0123', body: 'Jane Doe', ringtone: true };

describe('ringAlert', () => {
  it('rings and notifies while the page is hidden; a click opens the softphone; stop ends both', () => {
    const { alert, notifications, tones, focus } = fakeBrowser();
    const onOpen = jest.fn();

    expect(alert.ring('a01A', { ...RING, onOpen })).toBe(true);
    expect(alert.ring('a01A', { ...RING, onOpen })).toBe(false);
    expect(tones).toHaveLength(1);
    expect(notifications.map((n) => [n.title, n.options.body])).toEqual([
      ['Incoming call: +1 415 555 0123', 'Jane Doe']
    ]);
    notifications[0].onclick();
    expect(focus).toHaveBeenCalled();
    expect(onOpen).toHaveBeenCalled();
    alert.stop('a01A');
    expect(tones[0].closed).toBe(true);
    expect(notifications[0].closed).toBe(true);
  });

  it('stays quiet while the agent sees the page, and without a ringtone when the call center turns it off', () => {
    const visible = fakeBrowser({ hidden: false });
    expect(visible.alert.ring('a01A', { ...RING, onOpen: jest.fn() })).toBe(false);
    expect(visible.notifications).toHaveLength(0);
    const silent = fakeBrowser();
    silent.alert.ring('a01B', { ...RING, ringtone: false, onOpen: jest.fn() });
    expect(silent.tones).toHaveLength(0);
    expect(silent.notifications).toHaveLength(1);
  });

  it('asks for permission once and notifies only if the agent allows it', async () => {
    const { alert, notifications, FakeNotification } = fakeBrowser({ permission: 'default' });
    FakeNotification.requestPermission.mockImplementation(() => {
      FakeNotification.permission = 'granted';
      return Promise.resolve('granted');
    });
    alert.ring('a01C', { ...RING, onOpen: jest.fn() });
    await Promise.resolve();
    await Promise.resolve();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(notifications).toHaveLength(1);
  });
});
