/**
 * One request per window, not per record: while a request is in flight new states wait and
 * share the next one; a first ringing state goes concurrently after the ringing delay (so it
 * never waits behind a slow request) and calls ringing together share it; a record is never in
 * two requests at once. The org holds upserts instead of the test sleeping; time is a manual clock.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { createDeliveryHarness, projection, type DeliveryHarness } from './support/delivery-harness.ts';
import { waitFor } from './support/wait-for.ts';

const UPSERT = '/composite/sobjects/CallData__c/CallId__c';
let h: DeliveryHarness;
beforeEach(async () => {
  h = await createDeliveryHarness({ users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] });
  // Warm the session and the owner mapping so every request below is an upsert.
  h.store.outbox.enqueue(projection({ CallId__c: 'warm-up:u1', Direction__c: 'Internal' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
});
afterEach(() => h.close());

/** Queues a state the way the pipeline does (coalescing window 250 ms, ringing delay 50 ms). */
function queue(overrides: Partial<CallDataProjection>): void {
  const p = projection({ Direction__c: 'Internal', ...overrides });
  h.store.outbox.enqueueAll([p], h.clock.now(), { coalesceWindowMs: 250, ringingDelayMs: 50 });
  h.sink.notify([p]);
}

/** The CallId__c values of each upsert after the warm-up, in arrival order. */
const upserts = () =>
  h.org.requests
    .filter((r) => r.path.endsWith(UPSERT))
    .slice(1)
    .map((r) => (JSON.parse(r.body) as { records: { CallId__c: string }[] }).records.map((x) => x.CallId__c));

test('states queued while a request is in flight wait for it and then share one request', async () => {
  const release = h.org.holdUpserts();
  queue({ CallId__c: 'a:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  h.clock.advance(250);
  await waitFor(() => h.org.held() === 1, 'the first request to reach the org');
  queue({ CallId__c: 'b:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  queue({ CallId__c: 'c:u1', Status__c: 'Ended', LastEventSeq__c: 3 });
  h.clock.advance(1_000);
  assert.deepEqual(upserts(), [['a:u1']], 'single-flight: nothing else starts while a request is out');
  release();
  await h.sink.idle();
  h.clock.advance(0);
  await h.sink.idle();
  assert.deepEqual(upserts(), [['a:u1'], ['b:u1', 'c:u1']]);
});

test('ringing calls do not wait behind a slow request: they go together after the ringing delay', async () => {
  const release = h.org.holdUpserts();
  queue({ CallId__c: 'slow:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  h.clock.advance(250);
  await waitFor(() => h.org.held() === 1, 'the slow request to reach the org');
  queue({ CallId__c: 'r1:u1', Direction__c: 'Inbound', Status__c: 'Ringing', ExternalNumber__c: null });
  h.clock.advance(20);
  queue({ CallId__c: 'r2:u1', Direction__c: 'Inbound', Status__c: 'Ringing', ExternalNumber__c: null });
  h.clock.advance(29);
  assert.equal(upserts().length, 1, 'the first ringing state waits its delay for others');
  h.clock.advance(1);
  await waitFor(() => h.org.held() === 2, 'the ringing request, concurrent with the slow one');
  assert.deepEqual(upserts()[1], ['r1:u1', 'r2:u1']);
  release();
  await h.sink.idle();
  assert.equal(h.org.records.get('r1:u1')?.Status__c, 'Ringing');
  assert.equal(h.org.records.get('slow:u1')?.Status__c, 'Connected');
});

test('a record in flight is left out of a concurrent request and goes, newest state, in the next one', async () => {
  const release = h.org.holdUpserts();
  queue({ CallId__c: 'x:u1', Status__c: 'Ringing', LastEventSeq__c: 1 });
  h.clock.advance(50);
  await waitFor(() => h.org.held() === 1, 'the ringing write of x');
  queue({ CallId__c: 'x:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  queue({ CallId__c: 'y:u1', Status__c: 'Ringing', LastEventSeq__c: 1 });
  h.clock.advance(50);
  await waitFor(() => h.org.held() === 2, 'the ringing write of y');
  assert.deepEqual(upserts(), [['x:u1'], ['y:u1']], 'x is in flight, so only y goes');
  release();
  await h.sink.idle();
  h.clock.advance(250);
  await h.sink.idle();
  assert.deepEqual(upserts()[2], ['x:u1']);
  assert.equal(h.org.records.get('x:u1')?.Status__c, 'Connected');
  assert.equal(h.store.counts().outboxDepth, 0);
});

test('a backlog of more than one full batch drains in concurrent requests of 200 records, none in two', async () => {
  // 700 records due at once (an outage ended): the default 4 requests in flight carry 200 each.
  const release = h.org.holdUpserts();
  const backlog = Array.from({ length: 700 }, (_, i) =>
    projection({ CallId__c: `backlog-${i}:u1`, Direction__c: 'Internal', Status__c: 'Ended' })
  );
  h.store.outbox.enqueueAll(backlog, h.clock.now(), { coalesceWindowMs: 0 });
  h.sink.notify();
  h.clock.advance(0);
  await waitFor(() => h.org.held() === 4, 'four requests in flight at once');
  assert.deepEqual(
    upserts().map((ids) => ids.length),
    [200, 200, 200, 100]
  );
  release();
  await h.sink.idle();
  const sent = upserts().flat();
  assert.equal(new Set(sent).size, 700, 'every record once');
  assert.equal(sent.length, 700, 'no record in two requests');
  assert.equal(h.store.counts().outboxDepth, 0);
});

test('with a request spacing, calls ringing a few ms apart share a request instead of one each', async () => {
  await h.close();
  h = await createDeliveryHarness(
    { users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] },
    {},
    {
      requestSpacingMs: 150
    }
  );
  h.store.outbox.enqueue(projection({ CallId__c: 'warm-up:u1', Direction__c: 'Internal' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
  const ring = (id: string) => queue({ CallId__c: id, Direction__c: 'Inbound', Status__c: 'Ringing' });
  // t = 0: the first ringing call goes after its 50 ms delay, as without spacing.
  ring('r1:u1');
  h.clock.advance(50);
  await waitFor(() => upserts().length === 1, 'the first ringing request');
  await h.sink.idle();
  // t = 100 and 160: due at 150 and 210, but the next request may start only at 50 + 150 = 200.
  h.clock.advance(50);
  ring('r2:u1');
  h.clock.advance(60);
  ring('r3:u1');
  h.clock.advance(39);
  assert.equal(upserts().length, 1, 'r2 waits for the spacing instead of going alone at 150');
  h.clock.advance(1);
  await waitFor(() => upserts().length === 2, 'the second ringing request at 200');
  assert.deepEqual(upserts(), [['r1:u1'], ['r2:u1', 'r3:u1']]);
});

test('a ringing call is spaced only behind ringing requests, never behind a request of later states', async () => {
  await h.close();
  h = await createDeliveryHarness(
    { users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] },
    {},
    { requestSpacingMs: 150 }
  );
  h.store.outbox.enqueue(projection({ CallId__c: 'warm-up:u1', Direction__c: 'Internal' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
  // t = 0: an answered call's state, due when its 250 ms window ends.
  queue({ CallId__c: 'talk:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  h.clock.advance(250);
  await waitFor(() => upserts().length === 1, 'the request of the answered call at 250');
  await h.sink.idle();
  // t = 260: a call rings; due after its 50 ms delay at 310, not at 250 + 150 = 400.
  h.clock.advance(10);
  queue({ CallId__c: 'ring:u1', Direction__c: 'Inbound', Status__c: 'Ringing' });
  h.clock.advance(49);
  assert.equal(upserts().length, 1, 'the ringing delay still applies');
  h.clock.advance(1);
  await waitFor(() => upserts().length === 2, 'the ringing request at 310');
  assert.deepEqual(upserts(), [['talk:u1'], ['ring:u1']]);
});
