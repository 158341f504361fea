/**
 * The sink's economy: a ringing state goes out at once, later states of a record inside the
 * coalescing window become one write, and many records share sObject Collections requests.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDeliveryHarness, projection, type DeliveryHarness } from './support/delivery-harness.ts';

let h: DeliveryHarness;
before(async () => {
  h = await createDeliveryHarness({ users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }] });
});
after(() => h.close());

const upserts = () => h.org.count('/composite/sobjects/CallData__c/CallId__c');

test('a ringing record is written at once, through the collections endpoint', async () => {
  h.store.outbox.enqueue(projection({ CallId__c: 'ring:u1' }), h.clock.now(), { coalesceWindowMs: 250 });
  await h.sink.run();
  assert.equal(upserts(), 1);
  const request = h.org.requests.find((r) => r.path.endsWith('/composite/sobjects/CallData__c/CallId__c'));
  const body = JSON.parse(request?.body ?? '{}') as { allOrNone: boolean; records: { attributes: { type: string } }[] };
  assert.equal(body.allOrNone, false);
  assert.equal(body.records[0]?.attributes.type, 'CallData__c');
  assert.equal(h.org.records.get('ring:u1')?.Status__c, 'Ringing');
  assert.equal(h.store.counts().outboxDepth, 0);
});

test('states inside the window are merged into one write of the newest state', async () => {
  const before = upserts();
  const at = (ms: number, status: 'Connected' | 'OnHold' | 'Ended', seq: number) => {
    h.clock.advance(ms);
    h.store.outbox.enqueue(
      projection({ CallId__c: 'ring:u1', Status__c: status, LastEventSeq__c: seq }),
      h.clock.now(),
      { coalesceWindowMs: 250 }
    );
  };
  at(1000, 'Connected', 2);
  at(100, 'OnHold', 3);
  at(100, 'Connected', 4);
  await h.sink.run();
  assert.equal(upserts(), before, 'nothing is sent before the window ends');
  h.clock.advance(50);
  await h.sink.run();
  assert.equal(upserts(), before + 1);
  assert.equal(h.org.records.get('ring:u1')?.LastEventSeq__c, 4);
  assert.equal(h.org.records.get('ring:u1')?.Status__c, 'Connected');
});

test('a burst of 450 records goes out in three requests of at most 200', async () => {
  const before = upserts();
  for (let i = 0; i < 450; i++) {
    h.store.outbox.enqueue(projection({ CallId__c: `burst-${i}:u1`, Direction__c: 'Internal' }), h.clock.now(), {
      coalesceWindowMs: 250
    });
  }
  await h.sink.run();
  assert.equal(upserts() - before, 3);
  const sizes = h.org.requests
    .filter((r) => r.path.endsWith('/CallData__c/CallId__c'))
    .slice(-3)
    .map((r) => (JSON.parse(r.body) as { records: unknown[] }).records.length);
  assert.deepEqual(sizes, [200, 200, 50]);
  assert.equal(h.org.records.size, 451);
});

test('an older state never replaces a newer one that is already queued', async () => {
  h.store.outbox.enqueue(projection({ CallId__c: 'order:u1', Status__c: 'Ended', LastEventSeq__c: 9 }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  h.store.outbox.enqueue(
    projection({ CallId__c: 'order:u1', Status__c: 'Connected', LastEventSeq__c: 5 }),
    h.clock.now(),
    { coalesceWindowMs: 0 }
  );
  await h.sink.run();
  assert.equal(h.org.records.get('order:u1')?.Status__c, 'Ended');
});

// The fake org applies CallDataTriggerHandler's rule (devstack/salesforce/stale-write-rule.ts): a
// stale sequence keeps the stored projected fields, while the rest of the write (owner) lands.
test('a stale write is confirmed; the org keeps its newer projected fields and the owner still lands', async () => {
  h.org.records.set('stale:u1', { Id: 'a00stale', Status__c: 'Ended', LastEventSeq__c: 7 });
  h.store.outbox.enqueue(
    projection({ CallId__c: 'stale:u1', Status__c: 'Connected', LastEventSeq__c: 3 }),
    h.clock.now(),
    { coalesceWindowMs: 0 }
  );
  await h.sink.run();
  assert.equal(h.org.records.get('stale:u1')?.Status__c, 'Ended');
  assert.equal(h.org.records.get('stale:u1')?.LastEventSeq__c, 7);
  assert.equal(h.org.records.get('stale:u1')?.OwnerId, '005000000000001AAA', 'not a projected field: it is written');
  assert.equal(h.store.counts().outboxDepth, 0);
});

test('the timer sends what is due without anybody calling run()', async () => {
  const before = upserts();
  h.store.outbox.enqueue(
    projection({ CallId__c: 'timer:u1', Status__c: 'Connected', LastEventSeq__c: 2 }),
    h.clock.now(),
    { coalesceWindowMs: 250 }
  );
  h.sink.notify();
  h.clock.advance(250);
  await h.sink.idle();
  assert.equal(upserts(), before + 1);
  assert.equal(h.org.records.get('timer:u1')?.Status__c, 'Connected');
});
