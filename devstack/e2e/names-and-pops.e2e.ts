/**
 * Who the card names and what is popped (review 2026-12-ux-walk #7, #11, #12, #16, #26, #30): an
 * internal call shows the colleague and rings as incoming; a withheld caller id reads "Private
 * number", searches nothing and offers no call-back; two multi-match callers ringing at once keep a
 * picker each; a reload during a ring never pops the same caller again; "None of these" (#6) unlinks
 * the call and its Task from every matched record; a missed call (#19) stays on the Phone tab, with a
 * count on the tab, until the agent calls back or dismisses it, also across a reload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ScenarioRun } from '../kazoo/index.ts';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, openCtiCallsOf, text } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice']);
const card = (page: Page) => page.locator('[data-id="call-card"]');
const searches = async () =>
  (await openCtiCallsOf(session.stack, AGENTS.alice)).filter((c) => c.method === 'searchAndScreenPop');

/**
 * A manual call rings until the test advances it (time paused at a phase does not count), so a short ring
 * time only sets how soon it is answered after `finish` — not how long the test may look at the ring.
 */
async function ringAlice(externalNumber: string, scenario: 'inbound-user' | 'inbound-anonymous' = 'inbound-user') {
  const run = await session.stack.kazoo.play(scenario, {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber,
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await run.reached('ringing');
  return run;
}

/** Lets a manual call play to its end: answered, then hung up (each phase waits for its own advance). */
async function finish(run: ScenarioRun): Promise<void> {
  run.advance();
  await run.reached('answered');
  run.advance();
  await run.finished;
}

test('an internal call from a colleague shows the colleague’s name and rings as an incoming call', async () => {
  const run = await session.stack.kazoo.play('internal', {
    agentId: AGENTS.carol.pbxUserId,
    otherAgentId: AGENTS.alice.pbxUserId,
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await run.reached('ringing');
  await card(session.alice).first().waitFor({ timeout: 15_000 });
  await eventually(async () => /Carol/.test(await card(session.alice).first().innerText()), 'Carol on the card');
  assert.doesNotMatch(await card(session.alice).first().innerText(), /Alice/, 'never the agent’s own name');
  await session.alice.locator('[data-id="incoming-banner"]').waitFor({ timeout: 5_000 });
  await screenshot(session.alice, 'names-internal-call-shows-colleague');
  await finish(run);
  await eventually(async () => (await card(session.alice).count()) === 0, 'the internal call to end');
});

test('a withheld caller id reads "Private number", searches nothing and offers no call-back', async () => {
  const before = (await searches()).length;
  const run = await ringAlice('anonymous', 'inbound-anonymous');
  await card(session.alice).first().waitFor({ timeout: 15_000 });
  assert.equal(await text(session.alice, 'call-number'), 'Private number');
  assert.equal(await text(session.alice, 'incoming-number'), 'Private number');
  await screenshot(session.alice, 'names-private-number-ringing');
  await finish(run);
  await eventually(async () => (await card(session.alice).count()) === 0, 'the private call to end');
  assert.equal((await searches()).length, before, 'no Open CTI search for a withheld number');
  assert.equal(await session.alice.locator('[data-id="app-error"]').count(), 0, 'no red alert');
  await session.alice.locator('[data-id="tab-history"]').click();
  const row = session.alice.locator('[data-id="history-row"]').first();
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.innerText(), /Private number/);
  assert.equal(await row.locator('[data-id="history-callback"]').count(), 0, 'no call-back to a withheld number');
  await screenshot(session.alice, 'names-private-number-history');
  await session.alice.locator('[data-id="tab-phone"]').click();
});

test('two multi-match callers ringing at once keep a picker each, and a reload pops neither again', async () => {
  const boston = await ringAlice('+16175550199');
  const chicago = await ringAlice('+13125550142');
  const pickers = session.alice.locator('c-match-picker');
  await eventually(async () => (await pickers.count()) === 2, 'a picker for each ringing call');
  await screenshot(session.alice, 'names-two-pickers');
  const popsBefore = (await searches()).length;
  await session.alice.reload();
  await session.alice.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await eventually(async () => (await card(session.alice).count()) === 2, 'both calls after the reload');
  // The marker: a third caller's search shows the reloaded page has run its pops.
  const marker = await ringAlice('+14155550123');
  await eventually(async () => (await searches()).length === popsBefore + 1, 'the third caller’s pop');
  const after = await searches();
  assert.equal(after.length, popsBefore + 1, 'the reload popped neither ringing caller again');
  await Promise.all([finish(boston), finish(chicago), finish(marker)]);
});

test('"None of these" unlinks the call and its Task from every matched record', async () => {
  const run = await ringAlice('+16175550199');
  const record = await eventually(
    () => callDataRecords(session.stack).find((r) => r.InteractionId__c === run.interactionId && r.Contact__c),
    'the adapter’s match on the ringing call'
  );
  const picker = session.alice.locator('c-match-picker');
  await picker.waitFor({ timeout: 10_000 });
  await picker.locator('[data-id="match-dismiss"]').click();
  const linked = (): Record<string, unknown> =>
    session.stack.salesforce.records('CallData__c').find((r) => r.Id === record.Id) ?? {};
  await eventually(() => !linked().Contact__c && !linked().Account__c && !linked().Lead__c, 'the links cleared');
  const callCard = session.alice.locator(`[data-id="call-card"][data-call-id="${String(record.Id)}"]`);
  await eventually(async () => (await callCard.locator('[data-id="call-matched-name"]').count()) === 0, 'no record');
  await screenshot(session.alice, 'names-none-of-these-unlinked');
  await finish(run);
  const taskId = await eventually(() => linked().TaskId__c as string | undefined, 'the call Task');
  const task: Record<string, unknown> = session.stack.salesforce.records('Task').find((t) => t.Id === taskId) ?? {};
  assert.equal(task.WhoId ?? null, null, 'the Task names no Contact or Lead');
  assert.equal(task.WhatId, record.Id, 'the Task is related to the call only');
  assert.equal(linked().Contact__c ?? null, null, 'later writes never link the call again');
});

async function missCall(externalNumber: string): Promise<string> {
  const run = await session.stack.kazoo.play('inbound-caller-hangup', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber,
    ringSeconds: 1
  });
  await run.finished;
  const record = await eventually(
    () =>
      callDataRecords(session.stack).find((r) => r.InteractionId__c === run.interactionId && r.Status__c === 'Ended'),
    'the missed call record'
  );
  return String(record.Id);
}

const missedRow = (id: string) => session.alice.locator(`[data-id="missed-call"][data-call-id="${id}"]`);

test('a missed call stays on the Phone tab with a count until called back, also after a reload', async () => {
  const page = session.alice;
  const missedId = await missCall('+14155550123');
  await missedRow(missedId).waitFor({ timeout: 10_000 });
  assert.match(
    await missedRow(missedId).innerText(),
    /\(415\) 555-0123/,
    'a US call center reads US numbers nationally'
  );
  const badge = page.locator('[data-id="missed-badge"]');
  assert.equal((await badge.locator('[aria-hidden="true"]').textContent())?.trim(), '1');
  assert.equal(await badge.getAttribute('title'), '1 missed call');
  await screenshot(page, 'missed-call-on-phone-tab');
  await page.reload();
  await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await missedRow(missedId).waitFor({ timeout: 5_000 });
  const before = session.stack.kazoo.quickcalls.length;
  await missedRow(missedId).locator('[data-id="missed-callback"]').click();
  const quickcall = await eventually(() => session.stack.kazoo.quickcalls[before], 'the call-back quickcall');
  assert.equal(quickcall.number, '+14155550123');
  await eventually(async () => (await missedRow(missedId).count()) === 0, 'the called-back call leaves the list');
  assert.equal(await page.locator('[data-id="missed-badge"]').count(), 0, 'no count left on the tab');
  const record = callDataRecords(session.stack).find((r) => r.Id === missedId);
  assert.equal(record?.CalledBack__c, true, 'History will say "Called back"');
  await eventually(() => page.locator('[data-id="dial-button"]').isEnabled(), 'the call-back dial settled');
});

test('a dismissed missed call leaves the list for good, and the call stays in History › Missed', async () => {
  const page = session.alice;
  const missedId = await missCall('+13125550142');
  await missedRow(missedId).waitFor({ timeout: 10_000 });
  await missedRow(missedId).locator('[data-id="missed-dismiss"]').click();
  assert.equal(await missedRow(missedId).count(), 0);
  await page.reload();
  await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  assert.equal(await missedRow(missedId).count(), 0, 'a reload does not bring it back');
  await page.locator('[data-id="tab-history"]').click();
  await page.locator('[data-id="history-filter-missed"]').click();
  await page.locator(`[data-id="history-row"][data-call-id="${missedId}"]`).waitFor({ timeout: 10_000 });
  await page.locator('[data-id="tab-phone"]').click();
});

test('a missed caller dialled from the dial pad counts as called back and leaves the list', async () => {
  const page = session.alice;
  const missedId = await missCall('+16175550148');
  await missedRow(missedId).waitFor({ timeout: 10_000 });
  const before = session.stack.kazoo.quickcalls.length;
  // Typed nationally, as an agent reads it off a note: the call center's region makes it +16175550148.
  await page.locator('[data-id="dial-input"]').fill('(617) 555-0148');
  await page.locator('[data-id="dial-button"]').click();
  const quickcall = await eventually(() => session.stack.kazoo.quickcalls[before], 'the dial-pad quickcall');
  assert.equal(quickcall.number, '+16175550148');
  await eventually(async () => (await missedRow(missedId).count()) === 0, 'the called-back call leaves the list');
  await eventually(() => page.locator('[data-id="dial-button"]').isEnabled(), 'the dial settled');
  await page.reload();
  await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  assert.equal(await missedRow(missedId).count(), 0, 'a reload does not bring it back');
});

test('an unknown caller becomes a new Lead with one click: linked to the call and popped', async () => {
  const page = session.alice;
  const run = await ringAlice('+14155550177');
  const create = page.locator('[data-id="call-create-caller"]');
  await create.waitFor({ timeout: 15_000 });
  assert.equal((await create.textContent())?.trim(), 'New Lead', 'the Call Center setting picks Lead');
  await screenshot(page, 'unknown-caller-offers-new-lead');
  await create.click();
  const linked = await eventually(
    () => callDataRecords(session.stack).find((r) => r.InteractionId__c === run.interactionId && r.Lead__c),
    'the call linked to the new lead'
  );
  const lead = session.stack.salesforce.records('Lead').find((l) => l.Id === linked.Lead__c);
  assert.equal(lead?.Phone, '+14155550177', 'the lead has the caller number');
  await eventually(
    async () =>
      (await openCtiCallsOf(session.stack, AGENTS.alice)).some((c) =>
        JSON.stringify(c.args).includes(String(lead?.Id))
      ),
    'the new lead popped'
  );
  // This call's card (an earlier call's wrap-up card may still be on the page), once the link reached it.
  const card = page.locator(`[data-id="call-card"][data-call-id="${String(linked.Id)}"]`);
  await eventually(
    async () => (await card.locator('[data-id="call-matched-name"]').textContent())?.trim() === 'Caller +14155550177',
    'the card names the new lead'
  );
  assert.equal(await create.count(), 0, 'offered once');
  await screenshot(page, 'unknown-caller-new-lead-linked');
  await finish(run);
});

/**
 * Makes the page hidden (another tab in front) and records the notifications and ring tones it makes. A
 * string, because the browser runs it as it is (a compiled function would carry the test runner's helpers).
 */
const HIDDEN_TAB_PROBE = `
  Object.defineProperty(document, 'hidden', { get: () => true });
  Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
  const probe = (window.__probe = { notes: [], tones: 0 });
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      probe.notes.push({ title, body: (options && options.body) || '', note: this });
    }
  };
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    probe.tones += 1;
    return createOscillator.call(this);
  };
`;

type Probe = { notes: { title: string; body: string; note?: { onclick?: (e: unknown) => void } }[]; tones: number };

test('a ring in a hidden tab plays a ringtone and shows a notification that opens the softphone', async () => {
  const { browser, stack } = session;
  const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
  await context.grantPermissions(['notifications'], { origin: stack.salesforce.instanceUrl });
  const page = await context.newPage();
  try {
    await page.addInitScript(HIDDEN_TAB_PROBE);
    await page.goto(stack.salesforce.harnessUrl(AGENTS.carol.userId));
    await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 20_000 });
    const run = await stack.kazoo.play('inbound-user', {
      agentId: AGENTS.carol.pbxUserId,
      externalNumber: '+14155550123',
      manual: true,
      ringSeconds: 1,
      talkSeconds: 1
    });
    await run.reached('ringing');
    const probe = () =>
      page.evaluate(() => {
        const p = (globalThis as unknown as { __probe: Probe }).__probe;
        return { notes: p.notes.map((n) => ({ title: n.title, body: n.body })), tones: p.tones };
      });
    const seen = await eventually(async () => ((await probe()).notes.length ? probe() : null), 'the notification');
    assert.equal(seen.notes[0]?.title, 'Incoming call: (415) 555-0123');
    assert.ok(seen.tones > 0, 'the ringtone played');
    const panelShows = async () =>
      (await openCtiCallsOf(stack, AGENTS.carol)).filter((c) => c.method === 'setSoftphonePanelVisibility').length;
    const before = await panelShows();
    await page.evaluate(() => {
      (globalThis as unknown as { __probe: Probe }).__probe.notes[0]?.note?.onclick?.({ type: 'click' });
    });
    await eventually(async () => (await panelShows()) > before, 'the click opens the softphone panel');
    await screenshot(page, 'hidden-tab-ring-notified');
    await finish(run);
  } finally {
    await context.close();
  }
});
