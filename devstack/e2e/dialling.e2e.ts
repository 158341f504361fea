/**
 * Dialling from the softphone (review 2026-12-ux-walk #3, #8, #13, #14, #17, #27): one click is one call, the
 * same number again within seconds asks first, vanity letters become keypad digits, and a click-to-dial card names the record and tells the agent that
 * their own phone is ringing (Kazoo quickcall rings the agent's device before the customer); +44 stays
 * E.164 and *97 is dialled as typed; a call that did not connect says why before its wrap-up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { stableId } from '../salesforce/ids.ts';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, clickToDial, text } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice']);

const quickcallsTo = (digits: string) =>
  session.stack.kazoo.quickcalls.filter((q) => q.userId === AGENTS.alice.pbxUserId && q.number.endsWith(digits));

async function typeAndCall(page: Page, number: string): Promise<void> {
  await page.locator('[data-id="dial-input"]').fill(number);
  await page.locator('[data-id="dial-button"]').click();
}

/** The dial request is over once Call is enabled again: any second request would have been sent by then. */
async function dialSettled(page: Page): Promise<void> {
  await eventually(() => page.locator('[data-id="dial-button"]').isEnabled(), 'Call enabled again');
}

test('three quick clicks on Call place one call', async () => {
  const page = session.alice;
  await page.locator('[data-id="dial-input"]').fill('+14155550130');
  const call = page.locator('[data-id="dial-button"]');
  await call.click();
  await call.click({ force: true, timeout: 1_000 }).catch(() => undefined);
  await call.click({ force: true, timeout: 1_000 }).catch(() => undefined);
  await eventually(() => quickcallsTo('4155550130').length > 0, 'the quickcall');
  await dialSettled(page);
  await screenshot(page, 'dialling-one-click-one-call');
  assert.equal(quickcallsTo('4155550130').length, 1, 'one PBX call for three clicks');
});

test('the same number again within seconds asks before dialling, and dials only when confirmed', async () => {
  const page = session.alice;
  await typeAndCall(page, '+14155550131');
  await eventually(() => quickcallsTo('4155550131').length === 1, 'the first call');
  await dialSettled(page);
  await page.locator('[data-id="dial-button"]').click();
  const confirm = page.locator('[data-id="redial-confirm"]');
  await confirm.waitFor({ timeout: 5_000 });
  assert.match((await confirm.textContent()) ?? '', /You called \(415\) 555-0131 \d+ s ago\. Call again\?/);
  await screenshot(page, 'dialling-redial-asks-first');
  await page.locator('[data-id="redial-confirm-no"]').click();
  assert.equal(await confirm.count(), 0);
  assert.equal(quickcallsTo('4155550131').length, 1, 'Cancel dials nothing');
  await page.locator('[data-id="dial-button"]').click();
  await page.locator('[data-id="redial-confirm-yes"]').click();
  await eventually(() => quickcallsTo('4155550131').length === 2, 'the confirmed second call');
  await dialSettled(page);
});

test('a vanity number is dialled as its keypad digits', async () => {
  await typeAndCall(session.alice, '1-800-FLOWERS');
  const quickcall = await eventually(() => quickcallsTo('8003569377')[0], 'the quickcall to 1-800-356-9377');
  assert.match(quickcall.number, /^\+?18003569377$/);
  assert.equal(quickcallsTo('1800').length, 0, 'never the digits alone (1800)');
  await dialSettled(session.alice);
});

test('a vanity-looking text that is not a number is refused before any call', async () => {
  const before = session.stack.kazoo.quickcalls.length;
  await typeAndCall(session.alice, 'ask reception');
  assert.match(await text(session.alice, 'dial-error'), /letters are only converted in a full phone number/);
  assert.equal(session.stack.kazoo.quickcalls.length, before);
});

test('a click-to-dial card names the record and says to answer your phone while it rings', async () => {
  const leadId = stableId('Lead', 'John Roe');
  await clickToDial(session.alice, '+14155550124', leadId);
  const quickcall = await eventually(() => quickcallsTo('4155550124')[0], 'the click-to-dial quickcall').catch(
    async (error: Error) => {
      await screenshot(session.alice, 'dialling-click-to-dial-failed');
      throw new Error(
        `${error.message}; the softphone says: ${await session.alice.locator('[data-id="softphone"]').innerText()}`
      );
    }
  );
  const record = await eventually(
    () => callDataRecords(session.stack).find((r) => r.InteractionId__c === quickcall.interactionId),
    'the click-to-dial record'
  );
  const card = session.alice.locator(`[data-id="call-card"][data-call-id="${String(record.Id)}"]`);
  await card.waitFor({ timeout: 10_000 });
  assert.equal((await card.locator('[data-id="call-matched-name"]').textContent())?.trim(), 'John Roe');
  const hint = card.locator('[data-id="call-answer-your-phone"]');
  await hint.waitFor({ timeout: 5_000 });
  assert.equal((await hint.textContent())?.trim(), 'Answer your phone to start the call');
  await screenshot(session.alice, 'dialling-click-to-dial-answer-your-phone');
  await eventually(() => hint.count().then((n) => n === 0), 'the hint gone once the agent answered', 15_000);
});

test('an international number keeps its + from the dial pad to the call record (E.164 end to end)', async () => {
  const page = session.alice;
  await typeAndCall(page, '+44 20 7946 0958');
  const quickcall = await eventually(() => quickcallsTo('2079460958')[0], 'the quickcall to London');
  assert.equal(quickcall.number, '+442079460958', 'Kazoo dials the E.164 number, + included');
  const record = await eventually(
    () => callDataRecords(session.stack).find((r) => r.InteractionId__c === quickcall.interactionId),
    'the call record'
  );
  assert.equal(record.ExternalNumber__c, '+442079460958');
  const card = page.locator(`[data-id="call-card"][data-call-id="${String(record.Id)}"]`);
  await card.waitFor({ timeout: 10_000 });
  assert.match(await card.innerText(), /\+44 /, 'the card shows the number as international');
  await screenshot(page, 'dialling-international-e164');
  await dialSettled(page);
});

test('a Kazoo feature code (*97, voicemail) is dialled as typed', async () => {
  const page = session.alice;
  const before = session.stack.kazoo.quickcalls.length;
  await typeAndCall(page, '*97');
  const quickcall = await eventually(() => session.stack.kazoo.quickcalls[before], 'the quickcall to *97');
  assert.equal(quickcall.number, '*97');
  assert.equal((await text(page, 'dial-error')).trim(), '', 'no refusal under the dial pad');
  await dialSettled(page);
  await screenshot(page, 'dialling-feature-code');
  const errors = await page.locator('[data-id="app-error"]').allInnerTexts();
  assert.deepEqual(errors, [], 'no error from the PBX or the adapter');
});

test('an outbound call to a busy number says "Busy" above its wrap-up until the agent dismisses it', async () => {
  const page = session.alice;
  const run = await session.stack.kazoo.play('outbound-busy', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber: '+14155550187'
  });
  await run.finished;
  // This call's outcome: a call of an earlier test may be showing its own outcome too.
  const outcome = page.locator('[data-id="dial-outcome"]', { hasText: '(415) 555-0187' });
  await outcome.waitFor({ timeout: 10_000 });
  assert.equal(
    (await outcome.locator('span').first().textContent())?.trim(),
    'Call to (415) 555-0187 did not connect: Busy'
  );
  await page.locator('[data-id="wrapup-form"]').first().waitFor({ timeout: 5_000 });
  await screenshot(page, 'dialling-busy-says-why');
  await outcome.locator('[data-id="dial-outcome-dismiss"]').click();
  assert.equal(await outcome.count(), 0);
});
