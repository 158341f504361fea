// The fake org applies the package trigger's stale-write rule (devstack/salesforce/stale-write-rule.ts):
// a stale write keeps the stored projected fields, and its owner and caller lookups still land.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeOrg, type FakeOrg } from './support/fake-org.ts';
import { projection } from './support/delivery-harness.ts';

let org: FakeOrg;
let token = '';
before(async () => {
  org = await startFakeOrg();
  const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x' });
  const answer = await fetch(`${org.url}/services/oauth2/token`, { method: 'POST', body: form });
  token = ((await answer.json()) as { access_token: string }).access_token;
});
after(() => org.close());

async function upsert(record: object): Promise<void> {
  const response = await fetch(`${org.url}/services/data/v66.0/composite/sobjects/CallData__c/CallId__c`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ allOrNone: false, records: [{ attributes: { type: 'CallData__c' }, ...record }] })
  });
  assert.equal(response.status, 200);
}

test('a stale write keeps the newer call state and still moves the owner and the contact', async () => {
  await upsert({ ...projection({ Status__c: 'Ended', Result__c: 'Answered', LastEventSeq__c: 7 }), OwnerId: 'q1' });
  await upsert({ ...projection({ Status__c: 'Connected', LastEventSeq__c: 3 }), OwnerId: 'u2', Contact__c: 'c1' });
  const stored = org.records.get('i-1:u1');
  assert.equal(stored?.Status__c, 'Ended');
  assert.equal(stored?.Result__c, 'Answered');
  assert.equal(stored?.LastEventSeq__c, 7);
  assert.equal(stored?.OwnerId, 'u2', 'OwnerId is not one of the projected fields');
  assert.equal(stored?.Contact__c, 'c1');
});

test('an equal sequence is a resend and is written as it comes', async () => {
  await upsert(projection({ CallId__c: 'i-2:u1', Status__c: 'Connected', LastEventSeq__c: 4 }));
  await upsert(projection({ CallId__c: 'i-2:u1', Status__c: 'Ended', LastEventSeq__c: 4 }));
  assert.equal(org.records.get('i-2:u1')?.Status__c, 'Ended');
});
