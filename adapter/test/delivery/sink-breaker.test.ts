/**
 * A long Salesforce outage: the tenant's circuit breaker opens after consecutive failed requests,
 * probes with one small request (fewer than one a minute once backed off), nothing becomes a dead
 * letter, and after recovery the whole backlog goes at once instead of each record waiting out
 * its own backoff. Time is a manual clock; the org's outage is a switch.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createDeliveryHarness, projection, type DeliveryHarness } from './support/delivery-harness.ts';

const UPSERT = '/composite/sobjects/CallData__c/CallId__c';
let h: DeliveryHarness;
beforeEach(async () => {
  h = await createDeliveryHarness(
    { users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] },
    { breakerFailureThreshold: 3, breakerOpenMs: 5_000, breakerMaxOpenMs: 90_000, requestTimeoutMs: 10_000 }
  );
  enqueue('warm-up:u1');
  await h.sink.run();
});
afterEach(() => h.close());

const enqueue = (callId: string) =>
  h.store.outbox.enqueue(projection({ CallId__c: callId, Direction__c: 'Internal' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
const upserts = () => h.org.count(UPSERT);
const lastBatchSize = () => {
  const last = h.org.requests.filter((r) => r.path.endsWith(UPSERT)).at(-1);
  return (JSON.parse(last?.body ?? '{"records":[]}') as { records: unknown[] }).records.length;
};

test('a two-hour outage costs under one request a minute, no dead letter, and drains at once after', async () => {
  h.org.outage = true;
  for (let i = 0; i < 450; i++) enqueue(`out-${i}:u1`);
  for (let i = 0; i < 3; i++) await h.sink.run();
  assert.equal(h.sink.breakerState, 'open', 'three failed requests in a row open the breaker');
  const beforeOpen = upserts();
  const minutes = 120;
  for (let m = 0; m < minutes * 2; m++) {
    h.clock.advance(30_000);
    await h.sink.run();
  }
  const whileOpen = upserts() - beforeOpen;
  assert.ok(whileOpen < minutes, `${whileOpen} requests in ${minutes} minutes`);
  assert.equal(lastBatchSize(), 1, 'a probe carries one record');
  assert.equal(h.store.outbox.listDeadLetters().length, 0, 'a retryable failure never makes a dead letter');
  assert.equal(h.store.counts().outboxDepth, 450);

  h.org.outage = false;
  h.clock.advance(90_000);
  const beforeRecovery = upserts();
  await h.sink.run();
  assert.equal(h.sink.breakerState, 'closed');
  assert.equal(h.store.counts().outboxDepth, 0, 'the backlog drained without waiting any further');
  assert.equal(upserts() - beforeRecovery, 1 + 3, 'the probe, then 449 records in batches of 200');
  assert.equal(h.org.records.size, 451);
});

test('a request that times out is retried, never given up on', async () => {
  const release = h.org.holdUpserts();
  enqueue('slow:u1');
  const sent = h.sink.run();
  await new Promise<void>((resolve) => {
    const check = () => (h.org.held() === 1 ? resolve() : setTimeout(check, 10));
    check();
  });
  h.clock.advance(10_000);
  await sent;
  release();
  assert.match(h.sink.lastProblem ?? '', /timed out after 10000 ms/);
  assert.equal(h.store.outbox.listDeadLetters().length, 0);
  assert.equal(h.store.outbox.all(10)[0]?.attempts, 1);
  await h.sink.run();
  assert.ok(h.org.records.has('slow:u1'));
});

test('one failed request does not open the breaker; a success resets the count', async () => {
  enqueue('blip:u1');
  h.org.faults.push({ status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] });
  await h.sink.run();
  assert.equal(h.sink.breakerState, 'closed');
  await h.sink.run();
  assert.ok(h.org.records.has('blip:u1'), 'retried on the next send, not after a backoff');
});

test('after a two-hour outage of inbound calls the backlog drains in batches of 200, each caller searched once', async () => {
  // 450 inbound records from 45 callers (ten calls each, interleaved), queued while the org is down.
  const callers = Array.from({ length: 45 }, (_, i) => `+1415555${String(1000 + i)}`);
  const records = 450;
  h.org.outage = true;
  for (let i = 0; i < records; i++) {
    const number = callers[i % callers.length] ?? '';
    const record = { CallId__c: `in-${i}:u1`, InteractionId__c: `in-${i}`, ExternalNumber__c: number };
    h.store.outbox.enqueue(projection({ ...record, FromNumber__c: number }), h.clock.now(), { coalesceWindowMs: 0 });
  }
  for (let i = 0; i < 3; i++) await h.sink.run();
  assert.equal(h.sink.breakerState, 'open');
  const searches = () => h.org.requests.filter((r) => r.path.endsWith('/search')).length;
  assert.ok(searches() <= 3, `${searches()} caller searches in three failed sends: none repeated in a send`);
  const beforeOpen = h.org.requests.length;
  const minutes = 120;
  for (let m = 0; m < minutes * 2; m++) {
    h.clock.advance(30_000);
    await h.sink.run();
  }
  const whileOpen = h.org.requests.length - beforeOpen;
  assert.ok(whileOpen < minutes, `${whileOpen} requests of any kind in ${minutes} minutes`);
  assert.equal(h.store.outbox.listDeadLetters().length, 0);

  h.org.outage = false;
  h.clock.advance(90_000);
  const beforeRecovery = h.org.requests.length;
  await h.sink.run();
  const drain = h.org.requests.slice(beforeRecovery);
  const count = (suffix: string) => drain.filter((r) => r.path.endsWith(suffix)).length;
  assert.equal(h.store.counts().outboxDepth, 0, 'the whole backlog went in the first send after recovery');
  for (let i = 0; i < records; i++) {
    const got = h.org.records.get(`in-${i}:u1`);
    assert.equal(got?.ExternalNumber__c, callers[i % callers.length], `record ${i} landed`);
  }
  // The probe carries one record; the other 449 need ceil(449 / 200) = 3 batches.
  assert.equal(count(UPSERT), 1 + Math.ceil((records - 1) / 200), 'the probe, then batches of 200');
  // Every caller is in the first batch of 200, and a match once stored is never searched again:
  // at most the probe's search and the first batch's.
  assert.ok(count('/search') <= 2, `${count('/search')} caller searches for ${callers.length} callers`);
  assert.ok(drain.length <= count(UPSERT) + 2 + 2, `${drain.length} requests in all to drain ${records} records`);
});
