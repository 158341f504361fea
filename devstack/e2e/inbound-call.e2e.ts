/**
 * An inbound call, seen from the agents' softphones in Chromium: it rings (number, matched name,
 * status, running timer, screen pop), connects, survives a reload, ends in the history, and a
 * second agent never sees it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { DemoStack } from '../start.ts';
import type { ScenarioRun } from '../kazoo/index.ts';
import { eventually, launchBrowser, screenshot, startE2eStack, stopAll } from './support/e2e-stack.ts';
import { AGENTS, openCtiCallsOf, openSoftphone, text } from './support/harness-driver.ts';

const JANE_DOE = '+14155550123';
let stack: DemoStack;
let browser: Browser;
let alice: Page;
let bob: Page;
let run: ScenarioRun;

before(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  alice = await openSoftphone(browser, stack, AGENTS.alice);
  bob = await openSoftphone(browser, stack, AGENTS.bob);
  run = await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber: JANE_DOE,
    manual: true,
    ringSeconds: 6,
    talkSeconds: 7
  });
});

after(() => stopAll(stack, browser));

const card = (page: Page) => page.locator('[data-id="call-card"]');

void test('a ringing call shows the number, the matched name, Ringing and a running timer', async () => {
  await run.reached('ringing');
  await card(alice).first().waitFor({ timeout: 15_000 });
  assert.match(await text(alice, 'call-status'), /Ringing/);
  await screenshot(alice, 'ringing');
  assert.match(await text(alice, 'incoming-number'), /415.*555.*0123/);
  const before = await text(alice, 'call-timer');
  await eventually(async () => (await text(alice, 'call-timer')) !== before, 'the timer to tick');
  const shown = await eventually(async () => {
    const name = await text(alice, 'incoming-name');
    return /Jane Doe/.test(name) ? name : null;
  }, 'the matched Contact name').catch(() => text(alice, 'incoming-name'));
  assert.match(shown, /Jane Doe/, `the banner shows the matched Contact (Jane Doe), not only the caller id name`);
});

void test('the Open CTI stand-in received the panel and a screen pop for the caller', async () => {
  const calls = await eventually(async () => {
    const seen = await openCtiCallsOf(stack, AGENTS.alice);
    return seen.some((c) => c.method === 'searchAndScreenPop') ? seen : null;
  }, 'a screen pop');
  assert.ok(calls.some((c) => c.method === 'setSoftphonePanelVisibility'));
  const pop = calls.find((c) => c.method === 'searchAndScreenPop');
  assert.match(JSON.stringify(pop?.args), /0123/);
});

void test('a second agent never sees the first agent’s call', async () => {
  assert.equal(await card(bob).count(), 0);
  assert.equal(await bob.locator('[data-id="incoming-banner"]').count(), 0);
});

void test('answered, the call shows Connected', async () => {
  run.advance();
  await run.reached('answered');
  await eventually(async () => /Connected/.test(await text(alice, 'call-status')), 'Connected');
  await screenshot(alice, 'connected');
});

void test('a reload during the call shows the call again', async () => {
  await alice.reload();
  await alice.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await eventually(async () => /Connected/.test(await text(alice, 'call-status')), 'the call after reload');
  assert.match(await text(alice, 'call-number'), /415.*555.*0123/);
});

void test('ended, the call leaves a wrap-up form and a history row with result and duration', async () => {
  run.advance();
  await run.finished;
  await alice.locator('[data-id="wrapup-form"]').waitFor({ timeout: 15_000 });
  assert.equal(await card(alice).count(), 0);
  await screenshot(alice, 'wrap-up');
  await alice.locator('[data-id="tab-history"]').click();
  const row = alice.locator('[data-id="history-row"]').first();
  await row.waitFor({ timeout: 15_000 });
  const rowText = (await row.textContent()) ?? '';
  assert.match(rowText, /Answered/);
  assert.match(rowText, /0:07/, 'talk time of 7 s');
  await screenshot(alice, 'history');
  await bob.locator('[data-id="tab-history"]').click();
  await bob.waitForTimeout(500);
  assert.equal(await bob.locator('[data-id="history-row"]').count(), 0, 'Bob’s history stays empty');
});
