// Fault injection at run time (JS API and /__standin/faults) and the request counters benchmarks read.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { ALICE, connectionFor, http, INTEGRATION, projection, standIn } from './helpers.ts';

describe('fault injection and counters', () => {
  let sf: SalesforceStandIn;
  let token: string;
  before(async () => {
    sf = await standIn();
  });
  beforeEach(() => {
    sf.faults.clear();
    token = sf.sessionFor(sf.userId(INTEGRATION));
  });
  after(() => sf.stop());

  const upsertStatus = async (i: number) =>
    (
      await http(sf, 'PATCH', `/services/data/v66.0/sobjects/CallData__c/CallId__c/f${i}:x`, token, {
        Status__c: 'Ringing'
      })
    ).status;

  it('fails a seeded share of requests with 5xx, the same ones on every run', async () => {
    const run = async () => {
      sf.faults.configure({ seed: 42, endpoints: { upsert: { serverErrorRate: 0.5 } } });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await upsertStatus(i)) >= 500 ? 'fail' : 'ok');
      return statuses;
    };
    const first = await run();
    const second = await run();
    assert.deepEqual(second, first);
    assert.ok(first.includes('fail') && first.includes('ok'), `mixed outcomes: ${first.join(',')}`);
  });

  it('answers REQUEST_LIMIT_EXCEEDED when asked to', async () => {
    sf.faults.configure({ endpoints: { query: { requestLimitRate: 1 } } });
    await assert.rejects(async () => connectionFor(sf, INTEGRATION).query('SELECT Id FROM User'), {
      name: 'REQUEST_LIMIT_EXCEEDED'
    });
  });

  it('limits faults to the users named, so an agent is not refused when only the integration user is', async () => {
    sf.faults.configure({ users: [sf.userId(INTEGRATION)], endpoints: { query: { requestLimitRate: 1 } } });
    await assert.rejects(async () => connectionFor(sf, INTEGRATION).query('SELECT Id FROM User'), {
      name: 'REQUEST_LIMIT_EXCEEDED'
    });
    const agent = await connectionFor(sf, ALICE).query('SELECT Id FROM User');
    assert.ok(agent.totalSize > 0, 'the agent reads users as if no fault were configured');
  });

  it('fails single records of a collection with UNABLE_TO_LOCK_ROW', async () => {
    sf.faults.configure({ endpoints: { collections: { lockRowRate: 1 } } });
    const results = await connectionFor(sf, INTEGRATION)
      .sobject('CallData__c')
      .upsert([projection({ CallId__c: 'l1:x' }), projection({ CallId__c: 'l2:x' })], 'CallId__c');
    assert.deepEqual(
      results.map((r) => (r.errors[0] as unknown as { statusCode: string }).statusCode),
      ['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW']
    );
    assert.equal(
      sf.records('CallData__c').some((r) => r.CallId__c === 'l1:x'),
      false
    );
  });

  it('drops the connection without an answer on a timeout fault', async () => {
    sf.faults.configure({ timeoutMs: 100, endpoints: { limits: { timeoutRate: 1 } } });
    await assert.rejects(http(sf, 'GET', '/services/data/v66.0/limits', token), /fetch failed/);
  });

  it('expires every session at once', async () => {
    assert.equal((await http(sf, 'GET', '/services/data/v66.0/limits', token)).status, 200);
    sf.faults.expireSessions();
    const res = await http(sf, 'GET', '/services/data/v66.0/limits', token);
    assert.equal(res.status, 401);
  });

  it('is configurable over HTTP and refuses a bad configuration', async () => {
    const bad = await http(sf, 'PUT', '/__standin/faults', undefined, {
      endpoints: { upsert: { serverErrorRate: 2 } }
    });
    assert.equal(bad.status, 400);
    const good = await http(sf, 'PUT', '/__standin/faults', undefined, { endpoints: { search: { latencyMs: 5 } } });
    assert.equal(good.status, 200);
    assert.deepEqual(sf.faults.current(), { endpoints: { search: { latencyMs: 5 } } });
  });

  it('counts every request by kind and resets', async () => {
    await http(sf, 'POST', '/__standin/counters/reset');
    const conn = connectionFor(sf, INTEGRATION);
    await conn.sobject('CallData__c').upsert(projection({ CallId__c: 'k1:x' }), 'CallId__c');
    await conn
      .sobject('CallData__c')
      .upsert([projection({ CallId__c: 'k2:x' }), projection({ CallId__c: 'k3:x' })], 'CallId__c');
    await conn.query('SELECT Id FROM CallData__c');
    const { body } = await http(sf, 'GET', '/__standin/counters');
    assert.deepEqual((body as { counters: unknown }).counters, {
      'rest.collections': 1,
      'rest.query': 1,
      'rest.upsert': 1
    });
    sf.counters.reset();
    assert.deepEqual(sf.counters.snapshot(), {});
  });
});
