/**
 * The Telephony admin setup page in the harness (ux-walk #33): the real telephonyAdminSetup component, built with
 * the harness's lightning/* stand-ins, talking to the Salesforce stand-in's TelephonyAdminController and, through
 * it, to the real adapter.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { DemoStack } from '../start.ts';
import { loadContract } from '../salesforce/call-view.ts';
import { eventually, launchBrowser, screenshot, startE2eStack, stopAll } from './support/e2e-stack.ts';
import { AGENTS } from './support/harness-driver.ts';

let stack: DemoStack;
let browser: Browser;
before(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
});
after(() => stopAll(stack, browser));

/** A REST call as the seeded admin: how an admin (or a careless script) changes the org outside the page. */
async function patchAsAdmin(path: string, body: object): Promise<void> {
  const sf = stack.salesforce;
  const response = await fetch(`${sf.instanceUrl}/services/data/v${sf.apiVersion}/sobjects/${path}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${sf.sessionFor(sf.userId('admin@kazoo-cti.example'))}`,
      'content-type': 'application/json'
    },
    body: JSON.stringify(body)
  });
  assert.equal(response.status, 204, `PATCH ${path}`);
}

const check = (page: Page, key: string) => page.locator(`[data-id="check"][data-key="${key}"]`);

test('the admin sees the setup checks, repairs a broken PushTopic and maps an agent to a PBX user', async () => {
  const carol = AGENTS.carol;
  // A new agent: Carol has lost her PBX mapping; and someone saved the PushTopic with a query the softphone can't use.
  await patchAsAdmin(`User/${carol.userId}`, { PbxUserId__c: null, PbxExtension__c: null });
  const topic = stack.salesforce.records('PushTopic')[0];
  await patchAsAdmin(`PushTopic/${topic?.Id}`, { Query: 'SELECT Id, OwnerId FROM CallData__c' });

  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(stack.salesforce.harnessUrl());
  await page.locator('[data-id="harness-admin-link"]').click();
  await page.locator('[data-id="check"]').nth(4).waitFor({ timeout: 20_000 });

  const keys = await Promise.all(
    (await page.locator('[data-id="check"]').all()).map(async (item) => [
      await item.getAttribute('data-key'),
      await item.getAttribute('data-ok')
    ])
  );
  assert.deepEqual(keys, [
    ['callCenter', 'true'],
    ['permissionSets', 'true'],
    ['pushTopic', 'false'],
    ['userMapping', 'false'],
    ['callTasks', 'true']
  ]);
  assert.match(
    (await check(page, 'pushTopic').textContent()) ?? '',
    /query or settings differ from the package's\.How to fix: Press "Repair PushTopic" on this page\./
  );
  assert.match((await check(page, 'userMapping').textContent()) ?? '', /1 of 3 agent\(s\) have no PBX user id/);
  // The real adapter answered /api/v1/health through the stand-in's named-credential client.
  await page.locator('[data-id="tenant"]').waitFor({ timeout: 10_000 });
  assert.match((await page.locator('[data-id="tenant"]').textContent()) ?? '', /Tenant demo/);
  assert.match((await page.locator('[data-id="health-version"]').textContent()) ?? '', /Adapter version \S+/);
  await screenshot(page, 'admin-setup-checks');

  await page.locator('[data-id="repair-push-topic"]').click();
  await eventually(
    async () => (await check(page, 'pushTopic').getAttribute('data-ok')) === 'true',
    'the repaired check'
  );
  assert.match(
    (await check(page, 'pushTopic').textContent()) ?? '',
    /The PushTopic is active and matches the package \(API 66\.0\)\./
  );
  assert.equal(await page.locator('[data-id="repair-push-topic"]').count(), 0, 'nothing left to repair');
  assert.equal(stack.salesforce.records('PushTopic')[0]?.Query, loadContract().pushTopic.query, 'stored as shipped');
  await screenshot(page, 'admin-setup-pushtopic-repaired');

  await page.locator('[data-id="load-pbx-users"]').click();
  const carolRow = page.locator(`[data-id="mapping-row"][data-user-id="${carol.userId}"]`);
  await carolRow.locator('[data-id="suggested"]').waitFor({ timeout: 10_000 });
  assert.equal(await carolRow.locator('[data-id="pbx-user-id-input"] input').inputValue(), carol.pbxUserId);
  await carolRow.locator('[data-id="extension-input"] input').fill('1103');
  await carolRow.locator('[data-id="save-mapping"]').click();

  const stored = await eventually(
    () => stack.salesforce.users().find((u) => u.Id === carol.userId && u.PbxUserId__c === carol.pbxUserId),
    "Carol's stored mapping"
  );
  assert.equal(stored.PbxExtension__c, '1103');
  await eventually(
    async () => ((await page.locator('[data-id="mapping"] h2').textContent()) ?? '').includes('(0 not mapped)'),
    'the table to count no unmapped agent'
  );
  assert.match((await carolRow.textContent()) ?? '', /Mapped/);
  const toasts = await page.evaluate(() => (globalThis as unknown as { __toasts: object[] }).__toasts);
  assert.deepEqual(toasts.at(-1), {
    variant: 'success',
    title: 'Mapping saved',
    message: `Carol Chen is mapped to ${carol.pbxUserId}.`
  });
  await screenshot(page, 'admin-setup-mapped');

  await page.locator('[data-id="refresh"]').click();
  await eventually(async () => (await check(page, 'userMapping').getAttribute('data-ok')) === 'true', 'mapping check');
  await page.close();
});
