import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createKazooProvider, type KazooConfig } from '../../src/kazoo/kazoo-provider.ts';
import { CALL_BINDINGS } from '../../src/kazoo/kazoo-config.ts';
import type { EventGap, EventStream, StreamFault, StreamStatus } from '../../src/pbx/pbx-provider.ts';
import { ACCOUNT, API_KEY, FakeKazoo } from './fake-kazoo.ts';

const logger = pino({ level: 'silent' });

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function open(
  kazoo: FakeKazoo,
  accountId = ACCOUNT,
  pingIntervalMs = 1000,
  missedSince: number | null = null,
  extra: Partial<KazooConfig> = {}
) {
  const provider = createKazooProvider(
    {
      baseUrl: kazoo.baseUrl,
      websocketUrl: kazoo.websocketUrl,
      accountId,
      apiKey: API_KEY,
      initialBackoffMs: 20,
      maxBackoffMs: 200,
      pingIntervalMs,
      ...extra
    },
    logger
  );
  const seen = {
    events: [] as unknown[],
    gaps: [] as EventGap[],
    faults: [] as StreamFault[],
    statuses: [] as [StreamStatus, string | undefined][]
  };
  const stream: EventStream = provider.streamEvents(
    {
      onEvent: (raw) => seen.events.push(raw),
      onGap: (gap) => seen.gaps.push(gap),
      onStatus: (status, detail) => seen.statuses.push([status, detail]),
      onFault: (fault) => seen.faults.push(fault)
    },
    { missedSince }
  );
  const last = () => seen.statuses.at(-1)?.[0];
  return { stream, seen, last };
}

describe('blackhole client against a local blackhole server', () => {
  let kazoo: FakeKazoo;
  before(async () => {
    kazoo = await new FakeKazoo().start();
  });
  after(() => kazoo.stop());

  it('subscribes each call binding in its own message with the token, then delivers event frames', async () => {
    kazoo.subscribes.length = 0;
    const { stream, seen, last } = open(kazoo);
    await until(() => last() === 'connected', 'connected');
    assert.deepEqual(
      kazoo.subscribes.map((s) => s.binding),
      [...CALL_BINDINGS]
    );
    assert.ok(kazoo.subscribes.every((s) => s.accountId === ACCOUNT && s.token.startsWith('token-')));
    const frame = {
      action: 'event',
      name: 'CHANNEL_CREATE',
      subscribed_key: 'call.CHANNEL_CREATE.*',
      data: { call_id: 'x', event_name: 'CHANNEL_CREATE' }
    };
    kazoo.emit(frame);
    await until(() => seen.events.length === 1, 'the event');
    assert.deepEqual(seen.events[0], frame);
    assert.deepEqual(seen.gaps, [], 'the first connection is not a gap');
    await stream.close();
    assert.equal(last(), 'stopped');
  });

  it('on a start after downtime, the first subscription reports the gap since the last run (a start is a gap)', async () => {
    const missedSince = Date.now() - 60_000;
    const { stream, seen, last } = open(kazoo, ACCOUNT, 1000, missedSince);
    await until(() => last() === 'connected', 'connected');
    const [gap, ...more] = seen.gaps;
    assert.equal(more.length, 0, 'one gap');
    assert.equal(gap?.startedAt, missedSince);
    assert.ok(gap && gap.endedAt >= missedSince + 60_000 && gap.endedAt <= Date.now(), JSON.stringify(gap));
    await stream.close();
  });

  it('fetches a new token and subscribes again when blackhole answers "failed to authenticate token"', async () => {
    const authBefore = kazoo.authCount;
    kazoo.rejectedTokens.add(`token-${authBefore + 1}`);
    kazoo.subscribes.length = 0;
    const { stream, seen, last } = open(kazoo);
    await until(() => last() === 'connected', 'connected with a fresh token');
    assert.equal(kazoo.authCount, authBefore + 2, 'one api_auth for the refused token, one for its replacement');
    assert.ok(
      seen.statuses.some(([status, detail]) => status === 'reconnecting' && /refused the auth token/.test(detail ?? ''))
    );
    assert.ok(kazoo.subscribes.every((s) => s.token === `token-${authBefore + 2}`));
    await stream.close();
  });

  it('stops with a clear reason on "unauthorized account id" instead of retrying forever', async () => {
    const before = kazoo.connections;
    const { seen, last } = open(kazoo, 'ffffffffffffffffffffffffffffffff');
    await until(() => last() === 'stopped', 'stopped');
    assert.match(
      seen.statuses.at(-1)?.[1] ?? '',
      /refused the subscription for account ffff.*: unauthorized account id/
    );
    await sleep(100);
    assert.equal(kazoo.connections, before + 1, 'no reconnect after a configuration error');
  });

  it('after a dropped connection re-authenticates, subscribes every binding again and reports the gap', async () => {
    const { stream, seen, last } = open(kazoo);
    await until(() => last() === 'connected', 'connected');
    kazoo.subscribes.length = 0;
    const droppedAt = Date.now();
    kazoo.dropAll();
    await until(() => seen.gaps.length === 1, 'the gap');
    assert.deepEqual(
      kazoo.subscribes.map((s) => s.binding),
      [...CALL_BINDINGS],
      'every binding again, on the new socket'
    );
    assert.ok(
      kazoo.subscribes.every((s) => s.token.startsWith('token-')),
      'the new socket authenticates with a token'
    );
    const [gap] = seen.gaps;
    assert.ok(gap && gap.startedAt >= droppedAt - 5 && gap.endedAt >= gap.startedAt, JSON.stringify(gap));
    assert.ok(seen.statuses.some(([status]) => status === 'reconnecting'));
    assert.equal(last(), 'connected');
    await stream.close();
  });
});

describe('blackhole client faults: never a silently dead stream', () => {
  let kazoo: FakeKazoo;
  before(async () => {
    kazoo = await new FakeKazoo().start();
  });
  after(() => kazoo.stop());

  it('an error reply to no request of ours (even a "fatal" text) makes it subscribe again, not stop', async () => {
    const { stream, seen, last } = open(kazoo);
    await until(() => last() === 'connected', 'connected');
    const before = kazoo.connections;
    kazoo.subscribes.length = 0;
    kazoo.emit({
      action: 'reply',
      request_id: 'not-ours',
      status: 'error',
      data: { errors: ['unauthorized account id'] }
    });
    await until(() => seen.gaps.length === 1, 'the gap after resubscribing');
    assert.deepEqual(
      seen.faults.map((f) => f.kind),
      ['unsolicited-error']
    );
    assert.match(seen.faults[0]?.detail ?? '', /unauthorized account id/);
    assert.equal(kazoo.connections, before + 1, 'a new socket');
    assert.deepEqual(
      kazoo.subscribes.map((s) => s.binding),
      [...CALL_BINDINGS],
      'every binding again'
    );
    assert.ok(!seen.statuses.some(([status]) => status === 'stopped'), 'the stream was never given up');
    assert.equal(last(), 'connected');
    // A success reply to nothing we asked changes nothing.
    kazoo.emit({ action: 'reply', request_id: 'not-ours', status: 'success', data: {} });
    kazoo.emit({ action: 'event', name: 'CHANNEL_CREATE', data: { call_id: 'after' } });
    await until(() => seen.events.length === 1, 'the next event on the same socket');
    assert.equal(kazoo.connections, before + 1);
    await stream.close();
  });

  it('a subscribe reply that never comes (Kazoo 4.3 dropped it) times out into a reconnect and a gap', async () => {
    kazoo.dropReplies = 1;
    const { stream, seen, last } = open(kazoo, ACCOUNT, 1000, null, { subscribeTimeoutMs: 150 });
    await until(() => seen.gaps.length === 1, 'the gap after the retry');
    assert.deepEqual(
      seen.faults.map((f) => f.kind),
      ['reply-timeout']
    );
    assert.match(seen.faults[0]?.detail ?? '', /1 of 6 subscribe replies .*max_queued_messages/);
    const firstConnected = seen.statuses.findIndex(([status]) => status === 'connected');
    const reconnecting = seen.statuses.findIndex(([status]) => status === 'reconnecting');
    assert.ok(reconnecting >= 0 && reconnecting < firstConnected, 'not connected until every reply came');
    assert.equal(last(), 'connected');
    await stream.close();
  });

  it('a frame above maxFrameBytes is refused with a reason; the stream reconnects and the events after it flow', async () => {
    const { stream, seen, last } = open(kazoo, ACCOUNT, 1000, null, { maxFrameBytes: 16_384 });
    await until(() => last() === 'connected', 'connected');
    kazoo.emit({ action: 'event', name: 'CHANNEL_CREATE', data: { call_id: 'huge', pad: 'x'.repeat(20_000) } });
    await until(() => seen.gaps.length === 1, 'the gap after the refused frame');
    assert.deepEqual(
      seen.faults.map((f) => f.kind),
      ['oversized-frame']
    );
    assert.match(seen.faults[0]?.detail ?? '', /above 16384 bytes/);
    assert.equal(seen.events.length, 0, 'the oversized frame never reached the adapter');
    await until(() => last() === 'connected', 'subscribed again');
    kazoo.emit({ action: 'event', name: 'CHANNEL_CREATE', data: { call_id: 'next' } });
    await until(() => seen.events.length === 1, 'the next event');
    await stream.close();
  });
});

describe('blackhole client liveness', () => {
  it('drops a socket that stops answering WS pings, reconnects and reports the gap', async () => {
    const silent = await new FakeKazoo({ answerPings: false }).start();
    try {
      const { stream, seen } = open(silent, ACCOUNT, 50);
      await until(() => seen.gaps.length >= 1, 'a gap after the missing pong');
      assert.ok(silent.connections >= 2, 'a new socket replaced the dead one');
      assert.ok(
        seen.statuses.some(([status, detail]) => status === 'reconnecting' && /websocket closed/.test(detail ?? ''))
      );
      await stream.close();
    } finally {
      await silent.stop();
    }
  });
});
