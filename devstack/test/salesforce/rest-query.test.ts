// Reading through real jsforce: SOQL with paging, sharing, MALFORMED_QUERY, SOSL phone matching,
// the limits resource and header, REQUEST_LIMIT_EXCEEDED, and 401 on a bad session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jsforce from 'jsforce';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { ALICE, connectionFor, http, INTEGRATION, projection, standIn } from './helpers.ts';

describe('query, search and limits', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await standIn({ queryBatchSize: 200, dailyApiLimit: 40 });
    const records = Array.from({ length: 250 }, (_, i) =>
      projection({ CallId__c: `q${String(i).padStart(3, '0')}:alice`, Status__c: i % 2 ? 'Ended' : 'Ringing' })
    );
    const conn = connectionFor(sf, INTEGRATION);
    const alice = sf.userId(ALICE);
    await conn.sobject('CallData__c').upsert(
      records.slice(0, 200).map((r) => ({ ...r, OwnerId: alice })),
      'CallId__c'
    );
    await conn.sobject('CallData__c').upsert(records.slice(200), 'CallId__c');
  });
  after(() => sf.stop());

  it('pages a large result with nextRecordsUrl until done', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const first = await conn.query(
      "SELECT Id, CallId__c FROM CallData__c WHERE CallId__c LIKE 'q%' ORDER BY CallId__c"
    );
    assert.equal(first.done, false);
    assert.equal(first.records.length, 200);
    assert.equal(first.totalSize, 250);
    const rest = await conn.queryMore(first.nextRecordsUrl ?? '');
    assert.equal(rest.done, true);
    assert.equal((rest.records[49] as { CallId__c: string }).CallId__c, 'q249:alice');
  });

  it('shows an agent only the records they own', async () => {
    const rows = await connectionFor(sf, ALICE).query('SELECT Id FROM CallData__c');
    assert.equal(rows.totalSize, 200);
  });

  it('filters with AND/OR, IN, != and null, and orders and limits', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const rows = await conn.query(
      "SELECT CallId__c FROM CallData__c WHERE (Status__c = 'Ended' AND CallId__c IN ('q001:alice','q002:alice','q003:alice')) OR (Result__c != null AND CallId__c = 'none') ORDER BY CallId__c DESC LIMIT 1"
    );
    assert.deepEqual(
      rows.records.map((r) => (r as { CallId__c: string }).CallId__c),
      ['q003:alice']
    );
  });

  it('answers MALFORMED_QUERY and INVALID_FIELD like the org', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await assert.rejects(async () => conn.query('SELECT FROM CallData__c'), { name: 'MALFORMED_QUERY' });
    await assert.rejects(async () => conn.query('SELECT Nope__c FROM CallData__c'), { name: 'INVALID_FIELD' });
  });

  it('finds Contacts, Leads and Accounts by phone digits with SOSL', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const found = await conn.search(
      'FIND {\\+13125550142} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(Id, Name), Account(Id, Name)'
    );
    assert.deepEqual(
      found.searchRecords.map((r) => `${r.attributes?.type}:${String((r as { Name?: string }).Name)}`).sort(),
      ['Contact:Carlos Diaz', 'Lead:Dana Kim']
    );
  });

  it('reports usage in Sforce-Limit-Info and /limits, and refuses once the allocation is used', async () => {
    const token = sf.sessionFor(sf.userId(INTEGRATION));
    const limits = await http(sf, 'GET', '/services/data/v66.0/limits', token);
    const header = limits.headers.get('sforce-limit-info') ?? '';
    const [used, max] = /api-usage=(\d+)\/(\d+)/.exec(header)?.slice(1).map(Number) ?? [];
    assert.equal(max, 40);
    assert.equal(
      (limits.body as { DailyApiRequests: { Remaining: number } }).DailyApiRequests.Remaining,
      40 - (used ?? 0)
    );
    let last = limits;
    while (last.status === 200) last = await http(sf, 'GET', '/services/data/v66.0/limits', token);
    assert.equal(last.status, 403);
    assert.deepEqual(last.body, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it('answers 401 INVALID_SESSION_ID for an unknown token', async () => {
    const res = await http(sf, 'GET', '/services/data/v66.0/query?q=SELECT+Id+FROM+User', 'not-a-session');
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const conn = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: 'nope', version: '66.0' });
    await assert.rejects(async () => conn.query('SELECT Id FROM User'), { name: 'INVALID_SESSION_ID' });
  });
});
