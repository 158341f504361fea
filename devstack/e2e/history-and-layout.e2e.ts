/**
 * The History tab an agent can trust while calls keep coming (ux-walk #5, #18, #21, #22, #42): every call once
 * across pages even when many share a second, no call-back for the call in progress, a list that never jumps while
 * read (new calls wait behind a notice), a sign of the live call and waiting wrap-ups, search by number or name and
 * a day range, and a row that opens its record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { connectionFor, projection } from '../test/salesforce/helpers.ts';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, openCtiCallsOf, text } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const INTEGRATION = 'integration@kazoo-cti.example';
const JANE_DOE = '+14155550123';
const session = useSoftphoneSession(['alice', 'carol']);

const rows = (page: Page) => page.locator('[data-id="history-row"]');

async function openHistory(page: Page): Promise<void> {
  await page.locator('[data-id="tab-history"]').click();
  await page.locator('[data-id="history-filter-all"]').click();
  await page.locator('[data-id="history-search-form"]').waitFor({ timeout: 10_000 });
}

/** Loads every page with "Load more" and returns the rows' CallData ids. */
async function allRowIds(page: Page): Promise<string[]> {
  for (let pages = 0; pages < 20; pages++) {
    const more = page.locator('[data-id="history-load-more"]');
    if ((await more.count()) === 0) break;
    const before = await rows(page).count();
    await more.click();
    await eventually(async () => (await rows(page).count()) > before || (await more.count()) === 0, 'the next page');
  }
  const ids: string[] = [];
  for (const row of await rows(page).all()) ids.push((await row.getAttribute('data-call-id')) ?? '');
  return ids;
}

test('25 calls of the same second are all listed once across pages (#5)', async () => {
  const { stack, carol } = session;
  // An hour ago, but never before today (UTC): the day-range test below expects yesterday empty.
  const startOfToday = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  const sameSecond = new Date(Math.max(Date.now() - 3_600_000, startOfToday))
    .toISOString()
    .replace(/\.\d{3}Z$/, '.000Z');
  const calls = Array.from({ length: 25 }, (_, i) => ({
    ...projection({
      CallId__c: `tie-${i}:carol`,
      InteractionId__c: `tie-${i}`,
      Status__c: 'Ended',
      Result__c: 'Answered',
      RingStartedAt__c: sameSecond
    }),
    OwnerId: AGENTS.carol.userId
  }));
  await connectionFor(stack.salesforce, INTEGRATION).sobject('CallData__c').upsert(calls, 'CallId__c');
  await openHistory(carol);
  await rows(carol).first().waitFor({ timeout: 10_000 });
  const ids = await allRowIds(carol);
  await screenshot(carol, 'history-same-second-all-pages');
  assert.equal(ids.length, 25, 'page size 20: the five on page two share the second of the last row of page one');
  assert.equal(new Set(ids).size, 25, 'each call once');
});

test('search by number or name and a day range narrow the list; Clear brings it back (#42)', async () => {
  const { carol } = session;
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await carol.locator('[data-id="history-search"]').fill('nobody like this');
  await carol.locator('[data-id="history-search-submit"]').click();
  await carol.locator('[data-id="history-empty"]').waitFor({ timeout: 10_000 });
  assert.match(await text(carol, 'history-empty'), /No calls match/);
  await carol.locator('[data-id="history-search"]').fill('(415) 555-0123');
  await carol.locator('[data-id="history-search-submit"]').click();
  await eventually(async () => (await rows(carol).count()) === 20, 'the first page of calls from that number');
  await carol.locator('[data-id="history-search"]').fill('');
  await carol.locator('[data-id="history-from"]').fill(yesterday);
  await carol.locator('[data-id="history-to"]').fill(yesterday);
  await carol.locator('[data-id="history-search-submit"]').click();
  await carol.locator('[data-id="history-empty"]').waitFor({ timeout: 10_000 });
  await carol.locator('[data-id="history-from"]').fill(today);
  await carol.locator('[data-id="history-to"]').fill(today);
  await carol.locator('[data-id="history-search-submit"]').click();
  await eventually(async () => (await rows(carol).count()) > 0, "today's calls");
  await screenshot(carol, 'history-day-range');
  await carol.locator('[data-id="history-search-clear"]').click();
  await eventually(async () => (await carol.locator('[data-id="history-search-clear"]').count()) === 0, 'cleared');
  assert.equal(await carol.locator('[data-id="history-from"]').inputValue(), '');
});

test('during a call: its row says Live without Call back, and History shows the call and the wrap-up waiting (#18, #22)', async () => {
  const { stack, alice } = session;
  const run = await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber: JANE_DOE,
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await run.reached('ringing');
  run.advance();
  await run.reached('answered');
  await eventually(async () => /Connected/.test(await text(alice, 'call-status')), 'Connected');
  await openHistory(alice);
  const live = alice.locator('[data-id="history-row"]', { has: alice.locator('[data-id="history-live"]') });
  await live.first().waitFor({ timeout: 10_000 });
  assert.equal(
    await live.first().locator('[data-id="history-callback"]').count(),
    0,
    'no call-back to the caller on the line'
  );
  assert.match(await text(alice, 'history-phone-sign'), /On a call: .*415.*555.*0123/);
  await screenshot(alice, 'history-live-call');

  // The row opens the caller's record, and the link says which (#42, #37).
  const open = live.first().locator('[data-id="history-open-record"]');
  assert.match(String(await open.getAttribute('aria-label')), /^Open Jane Doe \(Contact\)$/);
  await open.click();
  await eventually(async () => {
    const calls = await openCtiCallsOf(stack, AGENTS.alice);
    return calls.some((c) => c.method === 'screenPop' && JSON.stringify(c.args).includes('"recordId"'));
  }, 'a screen pop of the record');

  // The call ends while Alice reads History: the list stays as it is, a notice offers the change (#21).
  const shown = await rows(alice).count();
  run.advance();
  await run.finished;
  await alice.locator('[data-id="history-new-calls"]').waitFor({ timeout: 15_000 });
  assert.equal(await rows(alice).count(), shown, 'no reload under the reader');
  assert.equal(await live.count(), 1, 'the row is updated only when asked');
  assert.match(await text(alice, 'history-phone-sign'), /1 wrap-up waiting/);
  await screenshot(alice, 'history-new-call-notice');
  await alice.locator('[data-id="history-show-new"]').click();
  await eventually(async () => (await live.count()) === 0, 'the ended call shown once asked');
  assert.equal(await alice.locator('[data-id="history-new-calls"]').count(), 0);
  await alice.locator('[data-id="history-back-to-phone"]').click();
  await alice.locator('[data-id="wrapup-form"]').waitFor({ timeout: 5_000 });
});

test('the harness rings a chosen scenario and caller for the agent shown and injects a fault (#31)', async () => {
  const { carol } = session;
  await carol.locator('[data-id="tab-phone"]').click();
  await carol.locator('[data-id="harness-scenario"]').selectOption('inbound-user');
  await carol.locator('[data-id="harness-caller"]').fill('+14155550188');
  await carol.locator('[data-id="harness-ring"]').click();
  await eventually(async () => /Ringing: inbound-user/.test(await text(carol, 'harness-status')), 'the ring accepted');
  const card = carol.locator('[data-id="call-card"]');
  await card.first().waitFor({ timeout: 15_000 });
  assert.match((await card.first().textContent()) ?? '', /415.*555.*0188/);
  await screenshot(carol, 'harness-ring-chosen-caller');
  await carol.locator('[data-id="harness-fault"][data-fault="streaming-drop-clients"]').click();
  await eventually(
    async () => /Done: Salesforce: forget every CometD client/.test(await text(carol, 'harness-status')),
    'the fault'
  );
});

/** The bottom edge of `selector`'s first match, in viewport pixels. */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box.y + box.height;
}

test('at 360×560 and 300×460 a live call and its timer stay above the fold while a multi-match call rings (#28, #35)', async () => {
  const { stack, carol } = session;
  const live = await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.carol.pbxUserId,
    externalNumber: '+14155550190',
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await live.reached('ringing');
  live.advance();
  await live.reached('answered');
  const ringing = await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.carol.pbxUserId,
    externalNumber: '+16175550199',
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  const long = await stack.kazoo.play('inbound-oversized-caller-id', {
    agentId: AGENTS.carol.pbxUserId,
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await Promise.all([ringing.reached('ringing'), long.reached('ringing')]);
  await carol.locator('c-match-picker').first().waitFor({ timeout: 15_000 });
  for (const [width, height] of [
    [360, 560],
    [300, 460]
  ] as const) {
    await carol.setViewportSize({ width, height });
    // This test's live call (the harness test's call may still be connected under load).
    const connected = '[data-id="call-card"][data-status="Connected"][aria-label*="555-0190"]';
    await carol.locator(connected).waitFor({ timeout: 10_000 });
    await screenshot(carol, `layout-${width}x${height}-live-and-ringing`);
    // The harness puts its own controls above the panel; the Call Center frame is the softphone alone.
    const top = (await carol.locator('[data-id="softphone"]').boundingBox())?.y ?? 0;
    const timer = (await bottomOf(carol, `${connected} [data-id="call-timer"]`)) - top;
    const cardBottom = (await bottomOf(carol, connected)) - top;
    assert.ok(timer <= height, `timer above the fold at ${width}×${height} (${Math.round(timer)} px)`);
    assert.ok(
      cardBottom <= height,
      `the live call card above the fold at ${width}×${height} (${Math.round(cardBottom)} px)`
    );
  }
  // The 300-character caller id name stays on one line with the whole name in its tooltip.
  const name = carol.locator('[data-id="call-card"] [data-id="call-party-name"]', { hasText: 'Very Long' }).first();
  // The adapter stores FromName__c's 255 characters (Text 255); the tooltip carries all of them.
  assert.ok(String(await name.getAttribute('title')).length >= 250, 'the whole stored name in the tooltip');
  const box = await name.boundingBox();
  assert.ok(box && box.height < 30, `one line, truncated (height ${box?.height ?? 'none'} px)`);
  await carol.setViewportSize({ width: 420, height: 860 });
  for (const run of [live, ringing, long]) run.advance();
  for (const run of [ringing, long]) run.advance();
  live.advance();
});

/** The data-id of the focused element (a string expression: these tests are typed without the DOM library). */
const focusedId = (page: Page) => page.evaluate<unknown>('document.activeElement && document.activeElement.dataset.id');

test('keyboard: Tab goes from the number to Call, Enter dials, arrow keys move between the tabs (#37)', async () => {
  const { stack, alice } = session;
  await alice.locator('[data-id="tab-phone"]').click();
  const input = alice.locator('[data-id="dial-input"]');
  await input.fill('+14155550124');
  await input.focus();
  await alice.keyboard.press('Tab');
  assert.equal(await focusedId(alice), 'dial-button');
  const before = stack.kazoo.quickcalls.length;
  await input.focus();
  await alice.keyboard.press('Enter');
  await eventually(() => stack.kazoo.quickcalls.length === before + 1, 'Enter in the number box dials');
  await alice.locator('[data-id="tab-phone"]').focus();
  await alice.keyboard.press('ArrowRight');
  await eventually(
    async () => (await alice.locator('[data-id="tab-history"]').getAttribute('aria-selected')) === 'true',
    'History selected'
  );
  assert.equal(await focusedId(alice), 'tab-history');
  assert.equal(
    await alice.locator('[data-id="tab-phone"]').getAttribute('tabindex'),
    '-1',
    'one tab stop for the tabs'
  );
  const panel = alice.locator('[role="tabpanel"]');
  assert.equal(await panel.getAttribute('aria-labelledby'), 'softphone-tab-history');
  await alice.keyboard.press('ArrowLeft');
  await eventually(
    async () => (await alice.locator('[data-id="tab-phone"]').getAttribute('aria-selected')) === 'true',
    'back to Phone'
  );
  await screenshot(alice, 'keyboard-tabs');
});
