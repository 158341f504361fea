/** A recorded call's history row plays: the <audio> element loads real bytes from a signed URL. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { DemoStack } from '../start.ts';
import { eventually, launchBrowser, screenshot, startE2eStack, stopAll } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, openSoftphone } from './support/harness-driver.ts';

let stack: DemoStack;
let browser: Browser;
let alice: Page;

before(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  alice = await openSoftphone(browser, stack, AGENTS.alice);
});

after(() => stopAll(stack, browser));

void test('a recording plays from a signed URL', async () => {
  const run = await stack.kazoo.play('outbound-answered', {
    agentId: AGENTS.alice.pbxUserId,
    ringSeconds: 1,
    talkSeconds: 3,
    timeScale: 0.3
  });
  await run.finished;
  const expected = run.expected[0];
  assert.ok(expected?.RecordingId__c, 'the scenario recorded the call');
  await eventually(
    () => callDataRecords(stack).find((r) => r.CallId__c === expected.CallId__c && r.HasRecording__c === true),
    'the record to say it has a recording'
  );
  await alice.locator('[data-id="tab-history"]').click();
  const row = alice.locator('[data-id="history-row"]').first();
  await row.waitFor({ timeout: 15_000 });
  const audioResponse = alice.waitForResponse(
    (r) => /\/recordings?\//.test(r.url()) && r.request().resourceType() === 'media',
    {
      timeout: 15_000
    }
  );
  await row.locator('[data-id="recording-load"]').click();
  const audio = alice.locator('[data-id="recording-audio"]');
  await audio.waitFor({ timeout: 15_000 });
  const src = (await audio.getAttribute('src')) ?? '';
  assert.ok(src.startsWith(stack.adapter.url ?? 'missing adapter url'), `served by the adapter: ${src}`);
  assert.match(src, /sig|signature|expires|exp=/i, 'the URL is signed');
  await audio.evaluate((el) => (el as unknown as { load(): void }).load());
  const response = await audioResponse;
  assert.ok([200, 206].includes(response.status()));
  assert.match(response.headers()['content-type'] ?? '', /^audio\//);
  const duration = await eventually(
    () =>
      audio.evaluate((el) => {
        const media = el as unknown as { readyState: number; duration: number };
        return media.readyState >= 1 ? media.duration : 0;
      }),
    'audio metadata'
  );
  assert.ok(duration > 1, `the audio element decoded ${duration} s of sound`);
  await screenshot(alice, 'recording');
});
