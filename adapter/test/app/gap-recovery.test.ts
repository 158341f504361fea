/**
 * A reported gap (a reconnect, or a start after the adapter was down) is recovered until the PBX
 * answers: a failed recovery is retried with backoff on the injected clock, never dropped, and
 * gaps reported meanwhile are merged into one window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { GapRecovery } from '../../src/app/gap-recovery.ts';
import type { EventGap } from '../../src/pbx/pbx-provider.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('a failed recovery is retried with growing waits and merged with gaps reported meanwhile', async () => {
  const clock = new ManualClock(1_000_000);
  const asked: EventGap[] = [];
  let failuresLeft = 2;
  const recovery = new GapRecovery({
    recover: (gap) => {
      asked.push(gap);
      if (failuresLeft-- > 0) return Promise.reject(new Error('crossbar 503'));
      return Promise.resolve();
    },
    clock,
    logger: pino({ level: 'silent' }),
    tenantId: 't',
    retryMs: 1_000,
    maxRetryMs: 30_000
  });
  const done = recovery.report({ startedAt: 100, endedAt: 200 });
  await flush();
  assert.equal(asked.length, 1);
  assert.ok(recovery.outstanding, 'the gap is not recovered yet');
  void recovery.report({ startedAt: 150, endedAt: 300 });
  clock.advance(999);
  await flush();
  assert.equal(asked.length, 1, 'no retry before the first wait of 1 s');
  clock.advance(1);
  await flush();
  assert.deepEqual(asked[1], { startedAt: 100, endedAt: 300 }, 'the retry covers both gaps');
  clock.advance(1_999);
  await flush();
  assert.equal(asked.length, 2, 'the second wait is 2 s');
  clock.advance(1);
  await done;
  assert.deepEqual(asked[2], { startedAt: 100, endedAt: 300 });
  assert.equal(recovery.outstanding, false);
});

test('stopping ends the retries', async () => {
  const clock = new ManualClock();
  let calls = 0;
  const recovery = new GapRecovery({
    recover: () => (calls++, Promise.reject(new Error('down'))),
    clock,
    logger: pino({ level: 'silent' }),
    tenantId: 't'
  });
  const done = recovery.report({ startedAt: 1, endedAt: 2 });
  await flush();
  recovery.stop();
  await done;
  clock.advance(60_000);
  await flush();
  assert.equal(calls, 1);
});
