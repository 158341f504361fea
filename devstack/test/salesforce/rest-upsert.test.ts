// Upserting CallData__c through real jsforce: single and collection upserts, the stale-sequence
// trigger, wrap-up fields kept, field validation with Salesforce's error codes, allOrNone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { ALICE, connectionFor, http, INTEGRATION, projection, standIn } from './helpers.ts';

describe('CallData__c upserts', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await standIn();
  });
  after(() => sf.stop());

  it('creates with 201 and created:true, then updates with 200 and created:false', async () => {
    const token = sf.sessionFor(sf.userId(INTEGRATION));
    const { CallId__c: _id, ...fields } = projection({ CallId__c: 'u1:alice' });
    const first = await http(
      sf,
      'PATCH',
      '/services/data/v66.0/sobjects/CallData__c/CallId__c/u1:alice',
      token,
      fields
    );
    const second = await http(sf, 'PATCH', '/services/data/v66.0/sobjects/CallData__c/CallId__c/u1:alice', token, {
      ...fields,
      Status__c: 'Connected',
      LastEventSeq__c: 2
    });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    const body = first.body as { id: string; created: boolean };
    assert.match(body.id, /^a00[a-zA-Z0-9]{15}$/);
    assert.deepEqual(second.body, { id: body.id, success: true, errors: [], created: false });
  });

  it('numbers new records one after another (Name is an Auto Number, CD-{000000}); an update keeps its number', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const names = () => new Map(sf.records('CallData__c').map((r) => [r.CallId__c, r.Name]));
    const before = sf.records('CallData__c').length;
    await conn.sobject('CallData__c').upsert(projection({ CallId__c: 'num1:alice' }), 'CallId__c');
    await conn.sobject('CallData__c').upsert(projection({ CallId__c: 'num2:alice' }), 'CallId__c');
    await conn
      .sobject('CallData__c')
      .upsert(projection({ CallId__c: 'num1:alice', Status__c: 'Ended', LastEventSeq__c: 3 }), 'CallId__c');
    const number = (n: number) => `CD-${String(n).padStart(6, '0')}`;
    assert.equal(names().get('num1:alice'), number(before + 1));
    assert.equal(names().get('num2:alice'), number(before + 2));
  });

  it('keeps the stored values when a write carries a lower LastEventSeq__c', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await conn
      .sobject('CallData__c')
      .upsert(projection({ CallId__c: 'u2:alice', Status__c: 'Ended', LastEventSeq__c: 5 }), 'CallId__c');
    await conn
      .sobject('CallData__c')
      .upsert(projection({ CallId__c: 'u2:alice', Status__c: 'Ringing', LastEventSeq__c: 2 }), 'CallId__c');
    const stored = sf.records('CallData__c').find((r) => r.CallId__c === 'u2:alice');
    assert.equal(stored?.Status__c, 'Ended');
    assert.equal(stored?.LastEventSeq__c, 5);
  });

  it('never clears wrap-up fields with an upsert that does not carry them', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await conn
      .sobject('CallData__c')
      .upsert({ ...projection({ CallId__c: 'u3:alice' }), WrapUpCode__c: 'Resolved', Notes__c: 'ok' }, 'CallId__c');
    await conn
      .sobject('CallData__c')
      .upsert(
        projection({ CallId__c: 'u3:alice', Status__c: 'Ended', Result__c: 'Answered', LastEventSeq__c: 4 }),
        'CallId__c'
      );
    const stored = sf.records('CallData__c').find((r) => r.CallId__c === 'u3:alice');
    assert.equal(stored?.WrapUpCode__c, 'Resolved');
    assert.equal(stored?.Notes__c, 'ok');
    assert.match(String(stored?.TaskId__c), /^00T/, 'the ended, answered call was logged as a Task');
  });

  it('answers Salesforce error codes for an unknown field and a bad picklist value', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await assert.rejects(conn.sobject('CallData__c').upsert({ CallId__c: 'u4:x', Bogus__c: 1 }, 'CallId__c'), {
      name: 'INVALID_FIELD',
      message: "No such column 'Bogus__c' on sobject of type CallData__c"
    });
    await assert.rejects(conn.sobject('CallData__c').upsert({ CallId__c: 'u4:x', Result__c: 'Maybe' }, 'CallId__c'), {
      name: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
    });
  });

  it('answers 300 with the matching records when a non-unique external id matches several', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await conn
      .sobject('CallData__c')
      .upsert([projection({ CallId__c: 'dup:a' }), projection({ CallId__c: 'dup:b' })], 'CallId__c');
    const token = sf.sessionFor(sf.userId(INTEGRATION));
    const res = await http(sf, 'PATCH', '/services/data/v66.0/sobjects/CallData__c/InteractionId__c/dup', token, {
      Notes__c: 'x'
    });
    assert.equal(res.status, 300);
    assert.equal((res.body as string[]).length, 2);
  });

  it('upserts a collection with per-record results in request order', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const results = await conn
      .sobject('CallData__c')
      .upsert(
        [
          projection({ CallId__c: 'c1:alice' }),
          { ...projection({ CallId__c: 'c2:alice' }), Status__c: 'Bad' as 'Ended' }
        ],
        'CallId__c'
      );
    assert.equal(results[0]?.success, true);
    assert.equal(results[1]?.success, false);
    assert.equal(
      (results[1]?.errors[0] as unknown as { statusCode: string }).statusCode,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
    );
  });

  it('rolls every record back with allOrNone when one fails', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const results = await conn
      .sobject('CallData__c')
      .upsert(
        [
          projection({ CallId__c: 'n1:alice' }),
          { ...projection({ CallId__c: 'n2:alice' }), Status__c: 'Bad' as 'Ended' }
        ],
        'CallId__c',
        {
          allOrNone: true
        }
      );
    assert.deepEqual(
      results.map((r) => r.success),
      [false, false]
    );
    assert.equal(
      sf.records('CallData__c').some((r) => r.CallId__c === 'n1:alice'),
      false
    );
  });

  it('refuses more than 200 records in one collection request', async () => {
    const token = sf.sessionFor(sf.userId(INTEGRATION));
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'CallData__c' },
      CallId__c: `big${i}:x`
    }));
    const res = await http(sf, 'PATCH', '/services/data/v66.0/composite/sobjects/CallData__c/CallId__c', token, {
      allOrNone: false,
      records
    });
    assert.equal(res.status, 400);
    assert.equal((res.body as { errorCode: string }[])[0]?.errorCode, 'EXCEEDED_ID_LIMIT');
  });

  it('lets an agent write only records they can see', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await conn
      .sobject('CallData__c')
      .upsert({ ...projection({ CallId__c: 's1:bob' }), OwnerId: sf.userId('bob@kazoo-cti.example') }, 'CallId__c');
    await assert.rejects(
      connectionFor(sf, ALICE).sobject('CallData__c').upsert({ CallId__c: 's1:bob', Notes__c: 'x' }, 'CallId__c'),
      {
        name: 'INSUFFICIENT_ACCESS_OR_READONLY'
      }
    );
  });
});

describe('CallData__c field sizes as in the org', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await standIn();
  });
  after(() => sf.stop());

  it('refuses a number longer than the 40 characters of a Phone field with STRING_TOO_LONG', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await assert.rejects(
      conn
        .sobject('CallData__c')
        .upsert(projection({ CallId__c: 'len1:alice', ExternalNumber__c: `+1${'5'.repeat(40)}` }), 'CallId__c'),
      { name: 'STRING_TOO_LONG' }
    );
    assert.equal(sf.records('CallData__c').filter((r) => r.CallId__c === 'len1:alice').length, 0);
  });
});
