/** A recorded call's history row plays: the <audio> element loads real bytes from a signed URL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice']);

/** Makes the <audio> element fetch its src again (HTMLMediaElement.load()). */
function reload(audio: Locator): Promise<void> {
  return audio.evaluate((el) => (el as unknown as { load(): void }).load());
}

/** The recording's length once the element has decoded its metadata (readyState ≥ HAVE_METADATA). */
function decodedSeconds(audio: Locator, what: string): Promise<number> {
  return eventually(
    () =>
      audio.evaluate((el) => {
        const media = el as unknown as { readyState: number; duration: number };
        return media.readyState >= 1 ? media.duration : 0;
      }),
    what
  );
}

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
  await reload(audio);
  const response = await audioResponse;
  assert.ok([200, 206].includes(response.status()));
  assert.match(response.headers()['content-type'] ?? '', /^audio\//);
  const duration = await decodedSeconds(audio, 'audio metadata');
  assert.ok(duration > 1, `the audio element decoded ${duration} s of sound`);
  await screenshot(session.alice, 'recording');
});

test('a refused recording link says so and loads a new link on request (ux-walk #25)', async () => {
  const page = session.alice;
  const row = page.locator('[data-id="history-row"]').first();
  const audio = page.locator('[data-id="recording-audio"]');
  await audio.waitFor({ timeout: 15_000 });
  const oldSrc = (await audio.getAttribute('src')) ?? '';
  // The adapter answers an expired signature with 403; the browser's media element then fires `error`.
  const refuse = (url: URL) => url.href === oldSrc;
  // Once: a new link signed within the same second is the same URL, and must play.
  await page.route(refuse, (route) => route.fulfill({ status: 403, body: 'expired' }), { times: 1 });
  await reload(audio);
  const error = row.locator('[data-id="recording-error"]');
  await error.waitFor({ timeout: 15_000 });
  assert.match((await error.textContent()) ?? '', /expired or was refused/);
  assert.equal(await audio.count(), 0, 'no dead 0:00 player');
  await screenshot(page, 'recording-link-refused');
  const again = row.locator('[data-id="recording-load"]');
  assert.equal((await again.textContent())?.trim(), 'Load the recording again');
  await again.click();
  await audio.waitFor({ timeout: 15_000 });
  await reload(audio);
  // The new link plays: the element decodes the recording's metadata (a link signed within the same second as
  // the refused one is the same URL, which Chromium may then serve from its media cache without a request).
  const duration = await decodedSeconds(audio, 'the new link to load');
  assert.ok(duration > 1, `the audio element decoded ${duration} s of sound`);
  assert.equal(await error.count(), 0, 'the notice is gone');
});
