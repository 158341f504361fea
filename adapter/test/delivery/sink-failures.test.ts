/**
 * What the sink does when Salesforce says no: per-record errors are handled per record, row
 * locks are retried with backoff, REQUEST_LIMIT_EXCEEDED pauses the tenant,
 * an expired session is refreshed once, and nothing unconfirmed is lost across a restart.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createDeliveryHarness, projection, type DeliveryHarness } from './support/delivery-harness.ts';

let h: DeliveryHarness;
beforeEach(async () => {
  h = await createDeliveryHarness({ users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] });
  // Warm the session and the owner mapping so scripted faults hit the upserts.
  enqueue('warm-up:u1');
  await h.sink.run();
});
afterEach(() => h.close());

// Internal calls need no caller lookup, so every request below is an upsert.
const enqueue = (callId: string) =>
  h.store.outbox.enqueue(projection({ CallId__c: callId, Direction__c: 'Internal' }), h.clock.now(), {
    coalesceWindowMs: 250
  });
const upserts = () => h.org.count('/composite/sobjects/CallData__c/CallId__c');

test('one refused record goes to the dead letters with its reason; the others are written', async () => {
  enqueue('ok:u1');
  enqueue('bad:u1');
  h.org.recordErrors.set('bad:u1', { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Notes too long' });
  await h.sink.run();
  assert.ok(h.org.records.has('ok:u1'));
  assert.equal(h.org.records.has('bad:u1'), false);
  const [dead] = h.store.outbox.listDeadLetters();
  assert.equal(dead?.callId, 'bad:u1');
  assert.match(dead?.reason ?? '', /FIELD_CUSTOM_VALIDATION_EXCEPTION: Notes too long/);
  assert.equal(h.store.outbox.retryDeadLetters(h.clock.now()), 1);
  await h.sink.run();
  assert.ok(h.org.records.has('bad:u1'), 'a dead letter retried by command is written');
});

test('UNABLE_TO_LOCK_ROW on a record is retried after a backoff', async () => {
  enqueue('locked:u1');
  h.org.recordErrors.set('locked:u1', {
    statusCode: 'UNABLE_TO_LOCK_ROW',
    message: 'unable to obtain exclusive access'
  });
  await h.sink.run();
  assert.equal(h.org.records.has('locked:u1'), false);
  h.clock.advance(400);
  await h.sink.run();
  assert.equal(h.org.records.has('locked:u1'), false, 'not before the backoff');
  h.clock.advance(1000);
  await h.sink.run();
  assert.ok(h.org.records.has('locked:u1'));
});

test('REQUEST_LIMIT_EXCEEDED pauses every write until the allocation frees', async () => {
  enqueue('limit:u1');
  h.org.faults.push({
    status: 403,
    body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    headers: { 'sforce-limit-info': 'api-usage=15001/15000' }
  });
  await h.sink.run();
  assert.match(h.sink.lastProblem ?? '', /limit exceeded \(api-usage 15001\/15000\)/);
  h.clock.advance(30_000);
  enqueue('later:u1');
  await h.sink.run();
  assert.equal(upserts(), 2, 'no request while paused');
  h.clock.advance(30_000);
  await h.sink.run();
  assert.ok(h.org.records.has('limit:u1') && h.org.records.has('later:u1'));
  assert.equal(h.store.outbox.listDeadLetters().length, 0, 'the limit never costs a record');
});

test('an expired session gets a new token and the write is retried once', async () => {
  h.org.expireSessions();
  h.clock.advance(60_000);
  enqueue('second:u1');
  await h.sink.run();
  assert.ok(h.org.records.has('second:u1'));
  assert.equal(h.org.count('/services/oauth2/token'), 2);
  assert.equal(upserts(), 3, 'the 401 and its single retry');
});

test('states queued but unconfirmed when the process died are sent after a restart', async () => {
  enqueue('crash:u1');
  h.org.faults.push({ status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] });
  await h.sink.run();
  enqueue('never-sent:u1');
  await h.restart();
  h.clock.advance(5_000);
  await h.sink.run();
  assert.ok(h.org.records.has('crash:u1'));
  assert.ok(h.org.records.has('never-sent:u1'));
  assert.equal(h.store.counts().outboxDepth, 0);
});
