/**
 * After hangup a recording's metadata may 404 for a few seconds: the watcher asks again with
 * growing delays until the PBX knows it, and gives up after its last delay.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { RecordingWatcher } from '../../src/delivery/recording-watcher.ts';
import { FakeProvider } from './support/fake-provider.ts';
import { ManualClock } from './support/manual-clock.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a recording that appears after a few seconds is found on a later try', async () => {
  const clock = new ManualClock();
  const provider = new FakeProvider();
  let asked = 0;
  const original = provider.recordingLink.bind(provider);
  provider.recordingLink = (id: string) => {
    asked += 1;
    return original(id);
  };
  const watcher = new RecordingWatcher({
    provider,
    clock,
    logger: pino({ level: 'silent' }),
    tenantId: 't',
    delaysMs: [1000, 2000, 4000]
  });
  watcher.watch('rec-1');
  clock.advance(1000);
  await settle();
  assert.equal(asked, 1);
  assert.equal(watcher.available.has('rec-1'), false);
  provider.recordings.add('rec-1');
  clock.advance(2000);
  await settle();
  assert.equal(asked, 2);
  assert.ok(watcher.available.has('rec-1'));
  clock.advance(10_000);
  await settle();
  assert.equal(asked, 2, 'no more lookups once found');
});

test('a recording that never appears is given up after the last delay', async () => {
  const clock = new ManualClock();
  const provider = new FakeProvider();
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
  const watcher = new RecordingWatcher({ provider, clock, logger, tenantId: 't', delaysMs: [100, 100] });
  watcher.watch('rec-missing');
  for (let i = 0; i < 3; i++) {
    clock.advance(100);
    await settle();
  }
  assert.equal(watcher.available.size, 0);
  assert.match(warnings.join(''), /recording never appeared on the PBX/);
});
