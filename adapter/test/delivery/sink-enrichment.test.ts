/**
 * What the sink adds to a record: the owner from User.PbxUserId__c (or the tenant's queue when
 * nobody is mapped) and, on a record's first write, the caller found by one SOSL per batch.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from './support/wait-for.ts';
import { createDeliveryHarness, projection, QUEUE_ID, type DeliveryHarness } from './support/delivery-harness.ts';

const AGENT = '005000000000001AAA';
let h: DeliveryHarness;
before(async () => {
  h = await createDeliveryHarness({
    users: [{ Id: AGENT, PbxUserId__c: 'u1' }],
    people: [
      { type: 'Contact', Id: '003000000000001AAA', Phone: '(415) 555-0100' },
      { type: 'Account', Id: '001000000000001AAA', Phone: '+1 415 555 0100' },
      { type: 'Contact', Id: '003000000000002AAA', Phone: '415-555-0199' },
      { type: 'Contact', Id: '003000000000003AAA', Phone: '', MobilePhone: '4155550199' },
      { type: 'Lead', Id: '00Q000000000001AAA', Phone: '4155550199' }
    ]
  });
});
after(() => h.close());

test('a mapped PBX user owns the record; an unmapped one falls to the queue and keeps its PBX id', async () => {
  h.store.outbox.enqueue(projection({ CallId__c: 'own:u1', PbxUserId__c: 'u1' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  h.store.outbox.enqueue(projection({ CallId__c: 'own:u9', PbxUserId__c: 'u9' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  h.store.outbox.enqueue(projection({ CallId__c: 'own:unassigned', PbxUserId__c: null }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
  assert.equal(h.org.records.get('own:u1')?.OwnerId, AGENT);
  assert.equal(h.org.records.get('own:u9')?.OwnerId, QUEUE_ID);
  assert.equal(h.org.records.get('own:u9')?.PbxUserId__c, 'u9');
  assert.equal(h.org.records.get('own:unassigned')?.OwnerId, QUEUE_ID);
});

test('a user mapped later is picked up on a miss, in the background: the write never waits for it', async () => {
  h.org.users.push({ Id: '005000000000009AAA', PbxUserId__c: 'u9' });
  h.clock.advance(61_000);
  const queries = h.org.count('/query');
  h.store.outbox.enqueue(projection({ CallId__c: 'own2:u9', PbxUserId__c: 'u9' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
  assert.equal(h.org.records.get('own2:u9')?.OwnerId, QUEUE_ID, 'written at once with what the cache knew');
  await waitFor(() => h.org.count('/query') > queries, 'the background refresh of the owner mapping');
  h.store.outbox.enqueue(
    projection({ CallId__c: 'own2:u9', PbxUserId__c: 'u9', Status__c: 'Connected', LastEventSeq__c: 2 }),
    h.clock.now(),
    { coalesceWindowMs: 0 }
  );
  await h.sink.run();
  assert.equal(h.org.records.get('own2:u9')?.OwnerId, '005000000000009AAA');
});

test('callers are matched with one search per batch; a kind is filled only when exactly one matches', async () => {
  const searches = h.org.count('/search');
  h.store.outbox.enqueue(projection({ CallId__c: 'm1:u1', ExternalNumber__c: '+14155550100' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  h.store.outbox.enqueue(projection({ CallId__c: 'm2:u1', ExternalNumber__c: '+14155550199' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  h.store.outbox.enqueue(projection({ CallId__c: 'm3:u1', ExternalNumber__c: '+14155550123' }), h.clock.now(), {
    coalesceWindowMs: 0
  });
  await h.sink.run();
  assert.equal(h.org.count('/search') - searches, 1);
  const m1 = h.org.records.get('m1:u1');
  assert.equal(m1?.Contact__c, '003000000000001AAA');
  assert.equal(m1?.Account__c, '001000000000001AAA');
  assert.equal(m1?.Lead__c, undefined);
  const m2 = h.org.records.get('m2:u1');
  assert.equal(m2?.Contact__c, undefined, 'two contacts share that number: the agent picks');
  assert.equal(m2?.Lead__c, '00Q000000000001AAA');
  assert.equal(h.org.records.get('m3:u1')?.Contact__c, undefined);
});

test('later writes of a record and internal calls make no search', async () => {
  const searches = h.org.count('/search');
  h.store.outbox.enqueue(
    projection({ CallId__c: 'm1:u1', Status__c: 'Connected', LastEventSeq__c: 2 }),
    h.clock.now(),
    { coalesceWindowMs: 0 }
  );
  h.store.outbox.enqueue(
    projection({ CallId__c: 'int:u1', Direction__c: 'Internal', ExternalNumber__c: '1002' }),
    h.clock.now(),
    { coalesceWindowMs: 0 }
  );
  await h.sink.run();
  assert.equal(h.org.count('/search'), searches);
  assert.equal(h.org.records.get('m1:u1')?.Status__c, 'Connected');
  assert.equal(h.org.records.get('m1:u1')?.Contact__c, '003000000000001AAA', 'the match stays on the record');
});
