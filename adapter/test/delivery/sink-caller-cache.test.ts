/**
 * Caller matching that costs almost nothing: a number matched once is reused for the TTL; a
 * record keeps its match, so neither a retry nor a restart searches again; and a ringing write
 * that cannot afford to wait for the search goes without it, the match following in the next write.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { CallDataProjection } from '../../src/core/call-data.ts';
import { createDeliveryHarness, projection, type DeliveryHarness } from './support/delivery-harness.ts';

const CONTACT = '003000000000001AAA';
let h: DeliveryHarness;
afterEach(() => h.close());

async function start(delivery: Record<string, number> = {}): Promise<void> {
  h = await createDeliveryHarness(
    {
      users: [{ Id: '005000000000001AAA', PbxUserId__c: 'u1' }],
      people: [{ type: 'Contact', Id: CONTACT, Phone: '(415) 555-0100' }]
    },
    { callerMatchTtlMs: 600_000, ...delivery }
  );
}

const queue = (overrides: Partial<CallDataProjection>) =>
  h.store.outbox.enqueue(projection(overrides), h.clock.now(), { coalesceWindowMs: 0 });
const searches = () => h.org.count('/search');

test('a number matched once is not searched again until its TTL has passed', async () => {
  await start();
  queue({ CallId__c: 'c1:u1' });
  await h.sink.run();
  h.clock.advance(60_000);
  queue({ CallId__c: 'c2:u1' });
  await h.sink.run();
  assert.equal(searches(), 1);
  assert.equal(h.org.records.get('c2:u1')?.Contact__c, CONTACT, 'the cached match is written');
  h.clock.advance(600_000);
  queue({ CallId__c: 'c3:u1' });
  await h.sink.run();
  assert.equal(searches(), 2, 'an expired entry is searched again');
});

test('neither a retry nor a restart repeats the search of a record whose match is stored', async () => {
  await start();
  queue({ CallId__c: 'warm-up:u1', Direction__c: 'Internal' });
  await h.sink.run();
  h.org.recordErrors.set('r1:u1', { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' });
  queue({ CallId__c: 'r1:u1' });
  await h.sink.run();
  assert.equal(h.org.records.has('r1:u1'), false, 'the first write was refused for a row lock');
  assert.equal(searches(), 1);
  await h.restart();
  h.clock.advance(5_000);
  await h.sink.run();
  assert.equal(searches(), 1, 'the retry after the restart (empty cache) uses the stored match');
  assert.equal(h.org.records.get('r1:u1')?.Contact__c, CONTACT);
});

test('a ringing write that cannot wait for the search goes without it; the next write carries the match', async () => {
  await start({ ringingBudgetMs: 0 });
  queue({ CallId__c: 'ring:u1' });
  await h.sink.run();
  assert.equal(h.org.records.get('ring:u1')?.Status__c, 'Ringing');
  assert.equal(h.org.records.get('ring:u1')?.Contact__c, undefined, 'the pop did not wait for the search');
  queue({ CallId__c: 'ring:u1', Status__c: 'Connected', LastEventSeq__c: 2 });
  await h.sink.run();
  assert.equal(h.org.records.get('ring:u1')?.Contact__c, CONTACT);
  assert.equal(searches(), 1);
});
