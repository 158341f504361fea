/**
 * An inbound call, seen from the agents' softphones in Chromium: it rings (number, matched name,
 * status, running timer, screen pop), connects, survives a reload, ends in the history, and a
 * second agent never sees it. While streaming is down (review #15, #23, #24) the card says it may be
 * out of date and recovery refreshes it; the header speaks plain words ("Ready", "Reconnecting…").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ScenarioRun } from '../kazoo/index.ts';
import { eventually, screenshot, startE2eStack } from './support/e2e-stack.ts';
import { AGENTS, openCtiCallsOf, text } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const JANE_DOE = '+14155550123';
let run: ScenarioRun;

const session = useSoftphoneSession(['alice', 'bob'], async ({ stack }) => {
  run = await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber: JANE_DOE,
    manual: true,
    ringSeconds: 6,
    talkSeconds: 7
  });
});

const card = (page: Page) => page.locator('[data-id="call-card"]');

test('a ringing call shows the number, the matched name, Ringing and a running timer', async () => {
  await run.reached('ringing');
  await card(session.alice).first().waitFor({ timeout: 15_000 });
  assert.match(await text(session.alice, 'call-status'), /Ringing/);
  await screenshot(session.alice, 'ringing');
  assert.match(await text(session.alice, 'incoming-number'), /415.*555.*0123/);
  const before = await text(session.alice, 'call-timer');
  await eventually(async () => (await text(session.alice, 'call-timer')) !== before, 'the timer to tick');
  const shown = await eventually(async () => {
    const name = await text(session.alice, 'incoming-name');
    return /Jane Doe/.test(name) ? name : null;
  }, 'the matched Contact name').catch(() => text(session.alice, 'incoming-name'));
  assert.match(shown, /Jane Doe/, `the banner shows the matched Contact (Jane Doe), not only the caller id name`);
});

test('the Open CTI stand-in received the panel and a screen pop for the caller', async () => {
  const calls = await eventually(async () => {
    const seen = await openCtiCallsOf(session.stack, AGENTS.alice);
    return seen.some((c) => c.method === 'searchAndScreenPop') ? seen : null;
  }, 'a screen pop');
  assert.ok(calls.some((c) => c.method === 'setSoftphonePanelVisibility'));
  const pop = calls.find((c) => c.method === 'searchAndScreenPop');
  assert.match(JSON.stringify(pop?.args), /0123/);
});

test('a second agent never sees the first agent’s call', async () => {
  assert.equal(await card(session.bob).count(), 0);
  assert.equal(await session.bob.locator('[data-id="incoming-banner"]').count(), 0);
});

test('answered, the call shows Connected', async () => {
  run.advance();
  await run.reached('answered');
  await eventually(async () => /Connected/.test(await text(session.alice, 'call-status')), 'Connected');
  await screenshot(session.alice, 'connected');
});

test('a reload during the call shows the call again', async () => {
  await session.alice.reload();
  await session.alice.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await eventually(async () => /Connected/.test(await text(session.alice, 'call-status')), 'the call after reload');
  assert.match(await text(session.alice, 'call-number'), /415.*555.*0123/);
});

test('ended, the call leaves a wrap-up form and a history row with result and duration', async () => {
  run.advance();
  await run.finished;
  await session.alice.locator('[data-id="wrapup-form"]').waitFor({ timeout: 15_000 });
  assert.equal(await card(session.alice).count(), 0);
  await screenshot(session.alice, 'wrap-up');
  await session.alice.locator('[data-id="tab-history"]').click();
  const row = session.alice.locator('[data-id="history-row"]').first();
  await row.waitFor({ timeout: 15_000 });
  const rowText = (await row.textContent()) ?? '';
  assert.match(rowText, /Answered/);
  assert.match(rowText, /0:07/, 'talk time of 7 s');
  await screenshot(session.alice, 'history');
  await session.bob.locator('[data-id="tab-history"]').click();
  await session.bob.waitForTimeout(500);
  assert.equal(await session.bob.locator('[data-id="history-row"]').count(), 0, 'Bob’s history stays empty');
});

/** The StreamingApiConcurrentClients in use, as the org's /limits reports it. */
async function streamingClients(): Promise<number> {
  const { stack } = session;
  const token = stack.salesforce.sessionFor(AGENTS.carol.userId);
  const res = await fetch(`${stack.salesforce.instanceUrl}/services/data/v66.0/limits`, {
    headers: { authorization: `Bearer ${token}` }
  });
  const limits = (await res.json()) as { StreamingApiConcurrentClients: { Max: number; Remaining: number } };
  return limits.StreamingApiConcurrentClients.Max - limits.StreamingApiConcurrentClients.Remaining;
}

async function popsOf(number: string): Promise<number> {
  const calls = await openCtiCallsOf(session.stack, AGENTS.carol);
  return calls.filter((c) => c.method === 'searchAndScreenPop' && JSON.stringify(c.args).includes(number)).length;
}

test('two tabs of one agent: one CometD client, one pop; the other tab takes over when the leader closes (deploy #12)', async () => {
  const { stack, browser } = session;
  const before = await streamingClients();
  const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
  const [leaderTab, otherTab] = [await context.newPage(), await context.newPage()];
  for (const page of [leaderTab, otherTab]) {
    await page.goto(stack.salesforce.harnessUrl(AGENTS.carol.userId));
    await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 20_000 });
  }
  await eventually(async () => (await streamingClients()) === before + 1, 'one new CometD client for both tabs');
  await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.carol.pbxUserId,
    externalNumber: '+14155550131',
    ringSeconds: 3,
    talkSeconds: 1
  });
  await card(otherTab).first().waitFor({ timeout: 15_000 });
  await card(leaderTab).first().waitFor({ timeout: 15_000 });
  await screenshot(otherTab, 'two-tabs-mirrored-ring');
  await eventually(async () => (await popsOf('0131')) > 0, 'the leader tab pops the caller');
  await otherTab.waitForTimeout(500);
  assert.equal(await popsOf('0131'), 1, 'one pop for two tabs');

  await leaderTab.close();
  await stack.kazoo.play('inbound-user', {
    agentId: AGENTS.carol.pbxUserId,
    externalNumber: '+14155550132',
    ringSeconds: 3,
    talkSeconds: 1
  });
  await eventually(async () => (await popsOf('0132')) === 1, 'the remaining tab pops the next ring', 15_000);
  assert.match((await card(otherTab).first().textContent()) ?? '', /415.*555.*0132/);
  await screenshot(otherTab, 'two-tabs-after-handover');
  await context.close();
});

async function streamingFault(serverErrorRate: number): Promise<void> {
  const endpoints = serverErrorRate ? { streaming: { serverErrorRate } } : {};
  const res = await fetch(`${session.stack.salesforce.instanceUrl}/__standin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ endpoints })
  });
  assert.equal(res.status, 200);
}

test('while streaming is down the card says it may be out of date, and recovery refreshes it', async () => {
  const bob = session.bob;
  await bob.locator('[data-id="tab-phone"]').click();
  assert.equal(await text(bob, 'connection-label'), 'Ready', 'idle reads Ready');
  const ring = await session.stack.kazoo.play('inbound-user', {
    agentId: AGENTS.bob.pbxUserId,
    externalNumber: '+14155550124',
    manual: true,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await ring.reached('ringing');
  await card(bob).first().waitFor({ timeout: 15_000 });
  assert.equal(await text(bob, 'connection-label'), 'Live');
  try {
    await streamingFault(1);
    // The open long poll would hold until its timeout: dropping the client makes the next request now.
    await fetch(`${session.stack.salesforce.instanceUrl}/__standin/streaming/drop-clients`, { method: 'POST' });
    await bob.locator('[data-id="connection-status"][data-state="reconnecting"]').waitFor({ timeout: 30_000 });
    assert.equal(await text(bob, 'connection-label'), 'Reconnecting…');
    assert.equal(await bob.locator('[data-id="call-card"][data-stale="true"]').count(), 1);
    assert.match(await text(bob, 'call-stale'), /May be out of date/);
    assert.equal(await bob.locator('[data-id="incoming-banner"]').count(), 0, 'no banner claims it still rings');
    ring.advance();
    await ring.reached('answered');
    ring.advance();
    await ring.finished;
    await screenshot(bob, 'streaming-down-card-may-be-out-of-date');
  } finally {
    await streamingFault(0);
  }
  await bob.locator('[data-id="connection-status"][data-state="connected"]').waitFor({ timeout: 30_000 });
  await eventually(async () => (await card(bob).count()) === 0, 'the ended call gone once refreshed', 15_000);
  assert.equal(await text(bob, 'connection-label'), 'Ready');
  await screenshot(bob, 'streaming-recovered-refreshed');
});

test('a namespaced (managed) install: ring, pop and a saved wrap-up over kzt__ names end to end (deploy #2, #17)', async () => {
  const stack = await startE2eStack({ namespace: 'kzt' });
  try {
    const page = await session.browser.newPage({ viewport: { width: 420, height: 860 } });
    await page.goto(stack.salesforce.harnessUrl(AGENTS.alice.userId));
    await page.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#softphone-root').getAttribute('data-namespace'), 'kzt');
    assert.match(String(await page.locator('#softphone-root').getAttribute('data-remote-save-wrap-up')), /^kzt\./);
    const call = await stack.kazoo.play('inbound-user', {
      agentId: AGENTS.alice.pbxUserId,
      externalNumber: JANE_DOE,
      manual: true,
      ringSeconds: 1,
      talkSeconds: 1
    });
    await call.reached('ringing');
    await card(page).first().waitFor({ timeout: 15_000 });
    assert.match(await text(page, 'call-status'), /Ringing/, 'the status comes from kzt__Status__c');
    assert.match(await text(page, 'call-number'), /415.*555.*0123/);
    await eventually(
      async () => (await openCtiCallsOf(stack, AGENTS.alice)).some((c) => c.method === 'searchAndScreenPop'),
      'the screen pop in the namespaced org'
    );
    call.advance();
    await call.reached('answered');
    call.advance();
    await call.finished;
    await page.locator('[data-id="wrapup-notes"]').fill('namespaced wrap-up');
    await page.locator('[data-id="wrapup-save"]').click();
    await page.locator('[data-id="wrapup-saved"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'namespaced-wrap-up-saved');
    const saved = stack.salesforce.records('CallData__c').find((r) => r.Notes__c === 'namespaced wrap-up');
    assert.equal(saved?.OwnerId, AGENTS.alice.userId, 'the adapter wrote kzt__CallData__c for Alice');
  } finally {
    await stack.stop();
  }
});
