/**
 * Call control from the softphone (issue 15), in Chromium against the whole stack: the card's Hold /
 * Resume, Transfer (now, or Consult first, then Complete transfer or Back to caller), Hang up and
 * Decline and the header's status menu go softphone → Apex stand-in → adapter → crossbar channel actions on the simulator's live calls, and the CallData__c records and
 * Tasks the adapter writes afterwards say what happened to each agent.
 *
 * The simulator's live calls (`kazoo.ringLive`) wait for people: `call.answer(user)` is a desk phone
 * picking up, `call.callerHangsUp()` the outside caller leaving. Durations are measured on the test's
 * own clock around those moments; the simulator stamps events in whole seconds from the call's start,
 * so each figure may differ from the measurement by up to a second of rounding at either end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { LiveCall } from '../kazoo/index.ts';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, text, type CallDataRow } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const session = useSoftphoneSession(['alice', 'bob']);
const ALICE = AGENTS.alice;
const BOB = AGENTS.bob;
const CAROL = AGENTS.carol;

const card = (page: Page) => page.locator('[data-id="call-card"]');
const button = (page: Page, id: string) => page.locator(`[data-id="call-card"] [data-id="${id}"]`);
const status = (page: Page) => text(page, 'call-status');

/** The agent's record of this call as the org has it now. */
function recordOf(call: LiveCall, who: typeof ALICE): CallDataRow | undefined {
  return callDataRecords(session.stack).find(
    (r) => r.InteractionId__c === call.interactionId && r.OwnerId === who.userId
  );
}

function recordsOf(call: LiveCall): CallDataRow[] {
  return callDataRecords(session.stack).filter((r) => r.InteractionId__c === call.interactionId);
}

async function endedRecordOf(call: LiveCall, who: typeof ALICE): Promise<CallDataRow> {
  return eventually(
    () => {
      const record = recordOf(call, who);
      return record?.Status__c === 'Ended' ? record : undefined;
    },
    `${who.username}'s ended record`,
    15_000
  );
}

function taskOf(record: CallDataRow): Record<string, unknown> | undefined {
  return session.stack.salesforce.records('Task').find((t) => t.Id === record.TaskId__c);
}

async function loggedTaskOf(call: LiveCall, who: typeof ALICE): Promise<Record<string, unknown>> {
  return eventually(() => {
    const record = recordOf(call, who);
    return record?.TaskId__c ? taskOf(record) : undefined;
  }, `${who.username}'s call Task`);
}

/**
 * Both agents' ended records after a transfer: one each, Answered, each with their own talk time (within
 * the simulator's whole-second rounding of what the test measured) and a Task of that duration.
 */
async function assertOwnTalk(call: LiveCall, measured: { alice: number; bob: number }, why: string) {
  const aliceRecord = await endedRecordOf(call, ALICE);
  const bobRecord = await endedRecordOf(call, BOB);
  assert.equal(recordsOf(call).length, 2, why);
  assert.equal(aliceRecord.Result__c, 'Answered');
  assert.equal(bobRecord.Result__c, 'Answered');
  const aliceTalk = Number(aliceRecord.TalkSeconds__c);
  const bobTalk = Number(bobRecord.TalkSeconds__c);
  assert.ok(Math.abs(aliceTalk - measured.alice) <= 2, `Alice talked ${aliceTalk} s, measured ${measured.alice} s`);
  assert.ok(Math.abs(bobTalk - measured.bob) <= 2, `Bob talked ${bobTalk} s, measured ${measured.bob} s`);
  const [aliceTask, bobTask] = [await loggedTaskOf(call, ALICE), await loggedTaskOf(call, BOB)];
  assert.equal(aliceTask.OwnerId, ALICE.userId);
  assert.equal(bobTask.OwnerId, BOB.userId);
  assert.equal(aliceTask.CallDurationInSeconds, aliceTalk);
  assert.equal(bobTask.CallDurationInSeconds, bobTalk);
  return { aliceTalk, bobTalk, bobRecord };
}

/** A call from Jane Doe that rings `who` alone, answered on their desk phone; resolves once their card is Connected. */
async function connectedCallTo(who: typeof ALICE, page: Page): Promise<{ call: LiveCall; answeredAt: number }> {
  const call = session.stack.kazoo.ringLive({ to: who.pbxUserId, externalNumber: '+14155550123' });
  await card(page).first().waitFor({ timeout: 15_000 });
  call.answer(who.pbxUserId);
  const answeredAt = Date.now();
  await eventually(async () => (await status(page)) === 'Connected', 'the card to show Connected');
  return { call, answeredAt };
}

async function holdTimerSeconds(page: Page): Promise<number> {
  const shown = await text(page, 'call-hold-timer');
  const [, minutes, seconds] = /(\d+):(\d\d)/.exec(shown) ?? [];
  return Number(minutes) * 60 + Number(seconds);
}

test('an agent holds and resumes a call: the record goes OnHold and back, and keeps the time on hold', async () => {
  const { alice } = session;
  const { call } = await connectedCallTo(ALICE, alice);

  await button(alice, 'call-hold').click();
  const holdClicked = Date.now();
  await eventually(async () => (await status(alice)) === 'On hold', 'the card to show On hold');
  await eventually(() => recordOf(call, ALICE)?.Status__c === 'OnHold', 'the record to be OnHold');
  assert.equal(await button(alice, 'call-resume').isEnabled(), true, 'Resume is offered once the hold took');
  // The hold timer runs on its own: wait (polling, no fixed sleep) until it has counted 2 seconds.
  await eventually(async () => (await holdTimerSeconds(alice)) >= 2, 'the hold timer to reach 0:02');
  await screenshot(alice, 'call-control-on-hold');

  await button(alice, 'call-resume').click();
  await eventually(async () => (await status(alice)) === 'Connected', 'the card to show Connected again');
  const resumed = Date.now();
  await eventually(() => recordOf(call, ALICE)?.Status__c === 'Connected', 'the record to be Connected again');
  assert.equal(await alice.locator('[data-id="call-hold-timer"]').count(), 0, 'no hold timer once resumed');
  // The record's HoldSeconds__c reaches the card through the PushTopic: "Held 0:0N" beside the talk time.
  const heldOnRecord = await eventually(() => Number(recordOf(call, ALICE)?.HoldSeconds__c) || undefined, 'hold time');
  await eventually(
    async () => (await text(alice, 'call-hold-total')) === `Held 0:${String(heldOnRecord).padStart(2, '0')}`,
    'the card to show the time on hold'
  );

  call.callerHangsUp();
  const record = await endedRecordOf(call, ALICE);
  // On hold from after the Hold click until before the card showed Connected: at least the 2 s the hold
  // timer counted (less a second of the simulator's whole-second rounding), at most the click-to-resumed time.
  const holdSeconds = Number(record.HoldSeconds__c);
  assert.ok(holdSeconds >= 1, `HoldSeconds__c ${holdSeconds} counts the hold`);
  assert.ok(holdSeconds <= Math.ceil((resumed - holdClicked) / 1000) + 1, `HoldSeconds__c ${holdSeconds} ≤ the hold`);
  assert.equal(record.Result__c, 'Answered');
  assert.ok(Number(record.TalkSeconds__c) >= holdSeconds, 'the time on hold is part of the talk time');
  const task = await loggedTaskOf(call, ALICE);
  // ExternalNumber__c holds the caller in E.164, and the Task subject names it.
  assert.equal(task.Subject, 'Inbound call from +14155550123');
  assert.equal(task.CallDurationInSeconds, record.TalkSeconds__c);
  await alice.locator(`[data-id="wrapup-form"][data-call-id="${String(record.Id)}"]`).waitFor({ timeout: 10_000 });
});

test('an agent blind-transfers a call to a colleague who answers: one record per agent, each with their own talk time', async () => {
  const { alice, bob } = session;
  const { call, answeredAt: aliceAnswered } = await connectedCallTo(ALICE, alice);
  // Alice talks at least 2 s before she transfers (her card's timer is the poll).
  await eventually(async () => /^0:0[2-9]|^0:[1-5]\d/.test(await text(alice, 'call-timer')), 'Alice to talk 2 s');

  await button(alice, 'call-transfer').click();
  const dialog = alice.locator('[data-id="transfer-dialog"]');
  await dialog.waitFor({ timeout: 5_000 });
  await alice.locator('[data-id="transfer-filter"]').fill('bob');
  const bobEntry = alice.locator('[data-id="transfer-colleague"]');
  await eventually(async () => (await bobEntry.count()) === 1, 'the filter to leave Bob only');
  assert.match((await bobEntry.textContent()) ?? '', /Bob Baker.*102/);
  // Picking Bob only chooses him; "Transfer now" is the blind transfer ("Consult first" the attended one).
  await bobEntry.click();
  await screenshot(alice, 'call-control-transfer-dialog');
  await alice.locator('[data-id="transfer-confirm"]').click();
  const transferred = Date.now();

  // Alice's card goes (her leg is hung up once Konami unbridged it); Bob rings and answers on his phone.
  await eventually(async () => (await card(alice).count()) === 0, 'Alice’s card to leave');
  await card(bob).first().waitFor({ timeout: 15_000 });
  assert.equal(await status(bob), 'Ringing');
  call.answer(BOB.pbxUserId);
  const bobAnswered = Date.now();
  await eventually(async () => (await status(bob)) === 'Connected', 'Bob connected');
  await eventually(async () => /^0:0[3-9]|^0:[1-5]\d/.test(await text(bob, 'call-timer')), 'Bob to talk 3 s');
  await screenshot(bob, 'call-control-transferred-to-bob');
  call.callerHangsUp();
  const hungUp = Date.now();

  const { aliceTalk, bobTalk, bobRecord } = await assertOwnTalk(
    call,
    { alice: (transferred - aliceAnswered) / 1000, bob: (hungUp - bobAnswered) / 1000 },
    'one record per agent: Alice and Bob'
  );
  assert.ok(aliceTalk >= 1 && bobTalk >= 2, 'each agent’s own talk time, not the call’s');
  await bob.locator(`[data-id="wrapup-form"][data-call-id="${String(bobRecord.Id)}"]`).waitFor({ timeout: 10_000 });
});

/** Alice, on a call from Jane, opens the transfer dialog, picks Bob and presses Consult first. */
async function consultBob(alice: Page): Promise<void> {
  await button(alice, 'call-transfer').click();
  await alice.locator('[data-id="transfer-dialog"]').waitFor({ timeout: 5_000 });
  await alice.locator('[data-id="transfer-filter"]').fill('bob');
  const bobEntry = alice.locator('[data-id="transfer-colleague"]');
  await eventually(async () => (await bobEntry.count()) === 1, 'the filter to leave Bob only');
  await bobEntry.click();
  await alice.locator('[data-id="transfer-consult"]').click();
  await eventually(
    async () => /^Consulting Bob Baker/.test(await text(alice, 'call-consult-status')),
    'Alice’s card to show the consultation'
  );
}

test('an agent consults a colleague, then completes the transfer: the caller talks to the colleague', async () => {
  const { alice, bob } = session;
  const { call, answeredAt: aliceAnswered } = await connectedCallTo(ALICE, alice);
  await consultBob(alice);
  assert.match(await text(alice, 'call-consult-caller'), /on music hold/);
  assert.equal(await button(alice, 'call-hangup').count(), 0, 'no Hang up while consulting');
  // The consultation rings Bob's softphone as this call (Konami presents the caller), before he answers.
  await card(bob).first().waitFor({ timeout: 15_000 });
  assert.equal(await status(bob), 'Ringing');
  assert.equal(recordOf(call, BOB)?.InteractionId__c, call.interactionId, 'Bob’s ringing record is the caller’s call');
  await screenshot(alice, 'call-control-consulting');

  // Back to caller is not possible while Bob's phone rings: Kazoo's take-back then is *1 on the phone.
  await button(alice, 'call-cancel-transfer').click();
  await eventually(async () => /\*1/.test(await text(alice, 'app-error')), 'the plain-words refusal');

  call.answer(BOB.pbxUserId);
  const bobAnswered = Date.now();
  await eventually(async () => (await status(bob)) === 'Connected', 'Bob connected to Alice');
  await eventually(async () => /^0:0[2-9]|^0:[1-5]\d/.test(await text(bob, 'call-timer')), 'Bob and Alice to talk 2 s');
  await button(alice, 'call-complete-transfer').click();
  const completed = Date.now();
  await eventually(async () => (await card(alice).count()) === 0, 'Alice’s card to leave');
  await eventually(async () => /^0:0[4-9]|^0:[1-5]\d/.test(await text(bob, 'call-timer')), 'Bob to talk to the caller');
  assert.equal(await status(bob), 'Connected');
  call.callerHangsUp();
  const hungUp = Date.now();

  const { bobRecord } = await assertOwnTalk(
    call,
    { alice: (completed - aliceAnswered) / 1000, bob: (hungUp - bobAnswered) / 1000 },
    'one record per agent: the consultation is part of the call'
  );
  await bob.locator(`[data-id="wrapup-form"][data-call-id="${String(bobRecord.Id)}"]`).waitFor({ timeout: 10_000 });
});

test('an agent consults a colleague, then goes back to the caller: the colleague’s record keeps the consultation', async () => {
  const { alice, bob } = session;
  const { call } = await connectedCallTo(ALICE, alice);
  await consultBob(alice);
  await card(bob).first().waitFor({ timeout: 15_000 });
  call.answer(BOB.pbxUserId);
  const bobAnswered = Date.now();
  await eventually(async () => (await status(bob)) === 'Connected', 'Bob connected to Alice');
  await eventually(async () => /^0:0[2-9]|^0:[1-5]\d/.test(await text(bob, 'call-timer')), 'Bob and Alice to talk 2 s');
  await button(alice, 'call-cancel-transfer').click();
  const backToCaller = Date.now();
  // Bob's leg is hung up; Alice has the caller again, with her usual controls.
  await eventually(async () => (await button(alice, 'call-hold').count()) === 1, 'Alice’s usual controls');
  assert.equal(await alice.locator('[data-id="call-consult"]').count(), 0, 'the consultation is over');
  const bobRecord = await endedRecordOf(call, BOB);
  assert.equal(bobRecord.Result__c, 'Answered', 'Bob answered the consultation');
  const bobTalk = Number(bobRecord.TalkSeconds__c);
  const bobMeasured = (backToCaller - bobAnswered) / 1000;
  assert.ok(Math.abs(bobTalk - bobMeasured) <= 2, `Bob talked ${bobTalk} s, measured ${bobMeasured} s`);
  assert.equal(await status(alice), 'Connected');

  await button(alice, 'call-hangup').click();
  const aliceRecord = await endedRecordOf(call, ALICE);
  assert.equal(aliceRecord.Result__c, 'Answered');
  assert.equal(recordsOf(call).length, 2, 'Alice and Bob, one record each');
  await loggedTaskOf(call, ALICE);
  await loggedTaskOf(call, BOB);
});

test('an agent declines a ringing ring-group call: it goes on to a colleague at once, who answers', async () => {
  const { alice, bob } = session;
  // One member at a time, Alice first (the group's member order), each for 20 s.
  const call = session.stack.kazoo.ringLive({
    to: 'ring-group',
    externalNumber: '+14155550123',
    strategy: 'single',
    ringTimeoutS: 20
  });
  await card(alice).first().waitFor({ timeout: 15_000 });
  assert.equal(await card(bob).count(), 0, 'Bob is not rung while Alice is');
  await screenshot(alice, 'call-control-ringing-decline');

  await button(alice, 'call-decline').click();
  const declined = Date.now();
  await eventually(async () => (await card(alice).count()) === 0, 'Alice’s card to leave');
  await card(bob).first().waitFor({ timeout: 15_000 });
  assert.ok(Date.now() - declined < 10_000, 'Bob rang right after the decline, not after Alice’s 20 s');
  // While Bob rings, nobody knows yet whether the call is missed: Alice's record has ended without a result.
  const whileBobRings = await endedRecordOf(call, ALICE);
  assert.equal(whileBobRings.Result__c ?? null, null, 'no result while a colleague may still answer');
  assert.equal(whileBobRings.TaskId__c ?? null, null, 'so no "Call back" Task either');
  call.answer(BOB.pbxUserId);
  await eventually(async () => (await status(bob)) === 'Connected', 'Bob connected');
  call.callerHangsUp();

  // Alice's record was already Ended (without a result) while Bob rang: its result comes with the call's end.
  const aliceRecord = await eventually(() => {
    const record = recordOf(call, ALICE);
    return record?.Result__c ? record : undefined;
  }, 'the result on Alice’s record once the call is over');
  const bobRecord = await endedRecordOf(call, BOB);
  // Alice never talked on it and a colleague took it: answered elsewhere, no talk time, no Task, not missed.
  assert.equal(aliceRecord.Result__c, 'AnsweredElsewhere');
  assert.equal(Number(aliceRecord.TalkSeconds__c ?? 0), 0);
  assert.equal(bobRecord.Result__c, 'Answered');
  assert.equal(recordsOf(call).length, 2, 'Carol was never rung');
  await loggedTaskOf(call, BOB);
  assert.equal(recordOf(call, ALICE)?.TaskId__c ?? null, null, 'no Task for a call Alice did not take');
  assert.equal(await alice.locator('[data-id="missed-calls"]').count(), 0, 'a declined call is not a missed call');
});

test('an agent on Do not disturb is not rung by ring-group calls; the status set on the desk phone shows too', async () => {
  const { alice, bob, stack } = session;
  await alice.locator('[data-id="agent-status-select"]').selectOption('DoNotDisturb');
  // The hint changes once the PBX has taken the change (while saving it says so).
  await eventually(async () => (await text(alice, 'agent-status-hint')) === 'Your phones do not ring', 'DND saved');
  assert.equal(await alice.locator('[data-id="agent-status"]').getAttribute('data-status'), 'DoNotDisturb');
  await screenshot(alice, 'call-control-do-not-disturb');

  const call = stack.kazoo.ringLive({ to: 'ring-group', externalNumber: '+14155550124' });
  await card(bob).first().waitFor({ timeout: 15_000 });
  assert.deepEqual(call.ringingLegsOf(ALICE.pbxUserId), [], 'no phone of Alice rings');
  call.answer(BOB.pbxUserId);
  call.callerHangsUp();
  await endedRecordOf(call, BOB);
  await endedRecordOf(call, CAROL);
  assert.deepEqual(
    recordsOf(call)
      .map((r) => r.OwnerId)
      .sort(),
    [BOB.userId, CAROL.userId].sort(),
    'records for Bob and Carol, none for Alice'
  );
  assert.equal(await card(alice).count(), 0, 'Alice’s softphone never showed it');
  await loggedTaskOf(call, BOB);

  await alice.locator('[data-id="agent-status-select"]').selectOption('Available');
  await eventually(
    async () => (await alice.locator('[data-id="agent-status"]').getAttribute('data-status')) === 'Available',
    'Available again'
  );
  await eventually(async () => (await text(alice, 'agent-status-hint')) === '', 'Available saved');
  // DND switched on with the desk phone's feature code changes the same user document: a reload shows it.
  stack.kazoo.setDoNotDisturb(ALICE.pbxUserId, true);
  await alice.reload();
  await alice.locator('[data-id="softphone"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await eventually(
    async () => (await alice.locator('[data-id="agent-status"]').getAttribute('data-status')) === 'DoNotDisturb',
    'the desk phone’s DND in the menu'
  );
  stack.kazoo.setDoNotDisturb(ALICE.pbxUserId, false);
});
