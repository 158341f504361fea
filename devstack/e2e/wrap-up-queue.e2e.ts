/**
 * The wrap-up is a queue of pending work (review 2026-12-ux-walk #1, #2, #4, #20): each ended call the
 * agent talked on stays pending until saved and closed or dismissed; the call's later events (the
 * save's own update, the Task id, a recording) never reopen or blank it; another call ending never
 * replaces typed text; drafts survive a reload; History reopens a past wrap-up for editing.
 *
 * Absence is observed with a marker: the PushTopic delivers one agent's events in order, so once a
 * later call's wrap-up has appeared, every earlier event of the earlier calls has been delivered too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, type CallDataRow } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice']);
let nextNumber = 150;

type EndedCall = CallDataRow & { Id: string };

/** Plays an unknown caller to Alice from ring to hangup and returns the call's CallData__c record. */
async function endedCall(): Promise<EndedCall> {
  const run = await session.stack.kazoo.play('inbound-user', {
    agentId: AGENTS.alice.pbxUserId,
    externalNumber: `+1415555${String(nextNumber++).padStart(4, '0')}`,
    ringSeconds: 1,
    talkSeconds: 1
  });
  await run.finished;
  const ended = await eventually(
    () =>
      callDataRecords(session.stack).find((r) => r.InteractionId__c === run.interactionId && r.Status__c === 'Ended'),
    'the ended CallData__c record'
  );
  return { ...ended, Id: String(ended.Id) };
}

const form = (page: Page, id: string) => page.locator(`[data-id="wrapup-form"][data-call-id="${id}"]`);
const record = (id: string) => callDataRecords(session.stack).find((r) => r.Id === id);

async function waitForForm(id: string): Promise<void> {
  await form(session.alice, id).waitFor({ timeout: 15_000 });
}

let callA: EndedCall;
let callB: EndedCall;
let callC: EndedCall;

test('a saved wrap-up stays saved, with its notes, after the call’s Task id and the save’s own update arrive', async () => {
  callA = await endedCall();
  await waitForForm(callA.Id);
  const a = form(session.alice, callA.Id);
  await a.locator('[data-id="wrapup-code"]').selectOption('Resolved');
  await a.locator('[data-id="wrapup-notes"]').fill('save then wait test');
  await a.locator('[data-id="wrapup-save"]').click();
  await a.locator('[data-id="wrapup-saved"]').waitFor({ timeout: 10_000 });
  await eventually(() => record(callA.Id)?.TaskId__c, 'the Task id on call A');
  // The marker: call B's wrap-up appears only after every earlier event of A was delivered.
  callB = await endedCall();
  await waitForForm(callB.Id);
  assert.equal(await form(session.alice, callA.Id).count(), 1, 'A is still one form');
  assert.equal(await a.locator('[data-id="wrapup-saved"]').count(), 1, '"Saved" is still shown on A');
  assert.equal(await a.locator('[data-id="wrapup-notes"]').inputValue(), 'save then wait test');
  assert.equal(record(callA.Id)?.Notes__c, 'save then wait test');
  await screenshot(session.alice, 'wrap-up-saved-stays-saved');
});

test('another call ending never replaces the notes typed for a call', async () => {
  const b = form(session.alice, callB.Id);
  await b.locator('[data-id="wrapup-code"]').selectOption('Callback_Requested');
  await b.locator('[data-id="wrapup-notes"]').fill('typed on B, not saved yet');
  callC = await endedCall();
  await waitForForm(callC.Id);
  assert.equal(await b.locator('[data-id="wrapup-notes"]').inputValue(), 'typed on B, not saved yet');
  assert.equal(await b.locator('[data-id="wrapup-code"]').inputValue(), 'Callback_Requested');
  assert.equal(await session.alice.locator('[data-id="wrapup-form"]').count(), 3, 'A, B and C are all pending');
  await screenshot(session.alice, 'wrap-up-queue-of-three');
});

test('a reload keeps the pending wrap-ups and the unsaved draft', async () => {
  await session.alice.reload();
  await session.alice.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  const b = form(session.alice, callB.Id);
  await b.waitFor({ timeout: 10_000 });
  assert.equal(await b.locator('[data-id="wrapup-notes"]').inputValue(), 'typed on B, not saved yet');
  assert.equal(await session.alice.locator('[data-id="wrapup-form"]').count(), 3);
  await screenshot(session.alice, 'wrap-up-draft-after-reload');
});

test('a closed wrap-up stays closed when the call’s Task id arrives after the Close', async () => {
  await form(session.alice, callA.Id).locator('[data-id="wrapup-done"]').click();
  const callD = await endedCall();
  // Close D at once, before its Task id is written (the adapter writes it after the hangup).
  await waitForForm(callD.Id);
  await form(session.alice, callD.Id).locator('[data-id="wrapup-done"]').click();
  await eventually(() => record(callD.Id)?.TaskId__c, 'the Task id on call D');
  const marker = await endedCall();
  await waitForForm(marker.Id);
  assert.equal(await form(session.alice, callA.Id).count(), 0, 'A stays closed');
  assert.equal(await form(session.alice, callD.Id).count(), 0, 'D stays closed');
  assert.equal(record(callA.Id)?.Notes__c, 'save then wait test', 'closing never blanks saved notes');
  await screenshot(session.alice, 'wrap-up-closed-stays-closed');
});

test('History reopens a past wrap-up with what was saved, and saving it updates the call', async () => {
  await session.alice.locator('[data-id="tab-history"]').click();
  const row = session.alice.locator(`[data-id="history-row"][data-call-id="${callA.Id}"]`);
  await row.waitFor({ timeout: 10_000 });
  await row.locator('[data-id="history-edit-wrapup"]').click();
  const a = form(session.alice, callA.Id);
  await a.waitFor({ timeout: 10_000 });
  assert.equal(await a.locator('[data-id="wrapup-notes"]').inputValue(), 'save then wait test');
  assert.equal(await a.locator('[data-id="wrapup-code"]').inputValue(), 'Resolved');
  await a.locator('[data-id="wrapup-notes"]').fill('edited later from History');
  await a.locator('[data-id="wrapup-save"]').click();
  await a.locator('[data-id="wrapup-saved"]').waitFor({ timeout: 10_000 });
  await eventually(() => record(callA.Id)?.Notes__c === 'edited later from History', 'the edited notes in the org');
  await screenshot(session.alice, 'wrap-up-edited-from-history');
});
