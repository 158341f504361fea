/** A recorded call's history row plays: the <audio> element loads real bytes from a signed URL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice']);

test('a recording plays from a signed URL', async () => {
  const run = await session.stack.kazoo.play('outbound-answered', {
    agentId: AGENTS.alice.pbxUserId,
    ringSeconds: 1,
    talkSeconds: 3,
    timeScale: 0.3
  });
  await run.finished;
  const expected = run.expected[0];
  assert.ok(expected?.RecordingId__c, 'the scenario recorded the call');
  await eventually(
    () => callDataRecords(session.stack).find((r) => r.CallId__c === expected.CallId__c && r.HasRecording__c === true),
    'the record to say it has a recording'
  );
  await session.alice.locator('[data-id="tab-history"]').click();
  const row = session.alice.locator('[data-id="history-row"]').first();
  await row.waitFor({ timeout: 15_000 });
  const audioResponse = session.alice.waitForResponse(
    (r) => /\/recordings?\//.test(r.url()) && r.request().resourceType() === 'media',
    {
      timeout: 15_000
    }
  );
  await row.locator('[data-id="recording-load"]').click();
  const audio = session.alice.locator('[data-id="recording-audio"]');
  await audio.waitFor({ timeout: 15_000 });
  const src = (await audio.getAttribute('src')) ?? '';
  assert.ok(src.startsWith(session.stack.adapter.url ?? 'missing adapter url'), `served by the adapter: ${src}`);
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
  await screenshot(session.alice, 'recording');
});
