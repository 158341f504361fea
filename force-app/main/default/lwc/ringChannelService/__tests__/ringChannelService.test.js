import { OFF_RETRY_MS, RETRY_DELAYS_MS, createRingChannelService } from 'c/ringChannelService';
import { flushPromises } from 'jest-mocks/flushPromises';

/** A WebSocket class whose instances the test opens, feeds and closes. */
function fakeWebSocket() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.closedWith = null;
      sockets.push(this);
    }
    close(code, reason) {
      this.closedWith = { code, reason };
    }
    serverOpens() {
      this.onopen({});
    }
    serverSends(message) {
      this.onmessage({ data: typeof message === 'string' ? message : JSON.stringify(message) });
    }
    serverCloses(code = 4401) {
      this.onclose({ code });
    }
  }
  return { FakeSocket, sockets };
}

/** Timers the test fires by hand: `pending()` lists the waits asked for. */
function manualTimers() {
  let waits = [];
  return {
    set: (fn, ms) => {
      const wait = { fn, ms };
      waits.push(wait);
      return wait;
    },
    clear: (wait) => {
      waits = waits.filter((w) => w !== wait);
    },
    pending: () => waits.map((w) => w.ms),
    fire: () => {
      const due = waits;
      waits = [];
      due.forEach((w) => w.fn());
    }
  };
}

function setUp(tickets) {
  const { FakeSocket, sockets } = fakeWebSocket();
  const timers = manualTimers();
  const getTicket = jest.fn(tickets);
  const ring = createRingChannelService({ WebSocket: FakeSocket, getTicket, timers });
  const calls = [];
  ring.onCall((call) => calls.push(call));
  return { ring, sockets, timers, getTicket, calls };
}

let issued = 0;
const freshTicket = () => {
  issued += 1;
  return Promise.resolve({ ticket: `t${issued}`, url: 'wss://adapter.example.com/ring' });
};

describe('c/ringChannelService', () => {
  it('opens the channel with the ticket and hands on each pushed record as a callView', async () => {
    const { ring, sockets, calls } = setUp(freshTicket);
    ring.start();
    await flushPromises();

    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toMatch(/^wss:\/\/adapter\.example\.com\/ring\?ticket=t\d+$/);
    sockets[0].serverOpens();
    sockets[0].serverSends({
      type: 'calls',
      records: [{ CallId__c: 'i1:u1', OwnerId: '005000000000001AAA', Status__c: 'Ringing', LastEventSeq__c: 4 }]
    });
    expect(ring.state).toBe('open');
    expect(calls).toEqual([{ callId: 'i1:u1', ownerId: '005000000000001AAA', status: 'Ringing', lastEventSeq: 4 }]);
  });

  it('ignores what is not a list of records', async () => {
    const { ring, sockets, calls } = setUp(freshTicket);
    ring.start();
    await flushPromises();
    sockets[0].serverOpens();
    sockets[0].serverSends('not json');
    sockets[0].serverSends({ type: 'other', records: [{ CallId__c: 'x' }] });
    sockets[0].serverSends({ type: 'calls', records: [null, { Status__c: 'Ringing' }] });
    expect(calls).toEqual([]);
  });

  it('after a close, waits, then asks for a new ticket and opens again; waits grow while it keeps failing', async () => {
    const { ring, sockets, timers, getTicket } = setUp(freshTicket);
    ring.start();
    await flushPromises();
    sockets[0].serverCloses(4402);
    expect(timers.pending()).toEqual([RETRY_DELAYS_MS[0]]);

    timers.fire();
    await flushPromises();
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).not.toBe(sockets[0].url);
    sockets[1].serverCloses();
    expect(timers.pending()).toEqual([RETRY_DELAYS_MS[1]]);

    timers.fire();
    await flushPromises();
    sockets[2].serverOpens();
    sockets[2].serverCloses(1006);
    expect(timers.pending()).toEqual([RETRY_DELAYS_MS[0]]);
  });

  it('stays on the PushTopic alone when the adapter has the channel off or Apex fails, and asks again later', async () => {
    const off = setUp(() => Promise.resolve({ ticket: null, url: null, expiresAt: null }));
    off.ring.start();
    await flushPromises();
    expect(off.sockets).toHaveLength(0);
    expect(off.ring.state).toBe('off');
    expect(off.timers.pending()).toEqual([OFF_RETRY_MS]);

    const failing = setUp(() => Promise.reject(new Error('The telephony adapter could not be reached')));
    failing.ring.start();
    await flushPromises();
    expect(failing.sockets).toHaveLength(0);
    expect(failing.timers.pending()).toEqual([RETRY_DELAYS_MS[0]]);
  });

  it('stop closes the socket and reconnects no more', async () => {
    const { ring, sockets, timers } = setUp(freshTicket);
    ring.start();
    await flushPromises();
    sockets[0].serverOpens();
    ring.stop();
    expect(sockets[0].closedWith).toEqual({ code: 1000, reason: 'softphone closed' });
    sockets[0].serverCloses(1000);
    expect(timers.pending()).toEqual([]);
  });

  it('never opens without a WebSocket class', async () => {
    const getTicket = jest.fn(freshTicket);
    const ring = createRingChannelService({ WebSocket: undefined, getTicket, timers: manualTimers() });
    ring.start();
    await flushPromises();
    expect(getTicket).not.toHaveBeenCalled();
    expect(ring.state).toBe('off');
  });
});
