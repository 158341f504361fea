// SoftphoneController's remoting contract as the stand-in answers it: every result has exactly the
// fields softphoneContract.json lists, the agent sees only their calls, wrap-up validation and the
// call Task, and dial / getRecordingLink going to the adapter's HTTP API (a fake here).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadContract } from '../../salesforce/call-view.ts';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { SAMPLE_RECORDS } from '../../salesforce/seed.ts';
import { ALICE, BOB, connectionFor, http, INTEGRATION, projection, standIn } from './helpers.ts';

const contract = loadContract();
const VIEW_KEYS = Object.keys(contract.callView.fields).sort();
const jane = SAMPLE_RECORDS.find((r) => r.fields.LastName === 'Doe')?.fields.Id;

describe('Apex remoting (SoftphoneController)', () => {
  let sf: SalesforceStandIn;
  let adapter: Server;
  const adapterCalls: { method: string; url: string; key: string | undefined; body: string }[] = [];

  before(async () => {
    adapter = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        adapterCalls.push({
          method: req.method ?? '',
          url: req.url ?? '',
          key: req.headers['x-api-key'] as string,
          body
        });
        res.setHeader('content-type', 'application/json');
        if (body.includes('+19995550000')) {
          res.writeHead(409).end(JSON.stringify({ code: 'DESTINATION_OUT_OF_ORDER', message: 'device offline' }));
        } else if (req.url?.startsWith('/api/v1/dial')) res.writeHead(202).end(JSON.stringify({ reference: 'qc-1' }));
        else
          res.end(
            JSON.stringify({ url: 'http://127.0.0.1/recordings/r1?exp=1&sig=x', expiresAt: '2026-11-21T10:00:00.000Z' })
          );
      });
    });
    await new Promise<void>((resolve) => adapter.listen(0, '127.0.0.1', resolve));
    sf = await standIn({
      adapterUrl: `http://127.0.0.1:${(adapter.address() as AddressInfo).port}`,
      adapterApiKey: 'tenant-key'
    });
    const alice = sf.userId(ALICE);
    const calls = [
      {
        ...projection({
          CallId__c: 'h1:alice',
          Status__c: 'Ended',
          Result__c: 'Missed',
          RingStartedAt__c: '2026-11-21T08:00:00.000Z'
        }),
        OwnerId: alice
      },
      {
        ...projection({
          CallId__c: 'h2:alice',
          Status__c: 'Ended',
          Result__c: 'Answered',
          RingStartedAt__c: '2026-11-21T08:10:00.000Z',
          RecordingId__c: 'rec-1',
          HasRecording__c: true
        }),
        OwnerId: alice
      },
      {
        ...projection({ CallId__c: 'h3:alice', Status__c: 'Connected', RingStartedAt__c: '2026-11-21T08:20:00.000Z' }),
        OwnerId: alice,
        Contact__c: jane
      },
      { ...projection({ CallId__c: 'h4:bob', Status__c: 'Ringing' }), OwnerId: sf.userId(BOB) }
    ];
    await connectionFor(sf, INTEGRATION).sobject('CallData__c').upsert(calls, 'CallId__c');
  });
  after(async () => {
    await sf.stop();
    adapter.close();
  });

  const remote = async (username: string, method: string, ...data: unknown[]) => {
    const token = sf.sessionFor(sf.userId(username));
    const res = await fetch(`${sf.instanceUrl}/__standin/apexremote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `OAuth ${token}` },
      body: JSON.stringify({ action: 'SoftphoneController', method, data, tid: 1 })
    });
    const [reply] = (await res.json()) as { type: string; result?: unknown; message?: string }[];
    if (reply?.type !== 'rpc') throw new Error(reply?.message);
    return reply.result as never;
  };
  const idOf = (callId: string) => sf.records('CallData__c').find((r) => r.CallId__c === callId)?.Id;

  it("returns the agent's open calls as callViews with exactly the contract's fields", async () => {
    const open: Record<string, unknown>[] = await remote(ALICE, 'getOpenCalls');
    assert.deepEqual(
      open.map((c) => c.callId),
      ['h3:alice']
    );
    assert.deepEqual(Object.keys(open[0] ?? {}).sort(), VIEW_KEYS);
    assert.equal(open[0]?.matchedName, 'Jane Doe');
  });

  it('pages the history newest first and filters missed calls', async () => {
    const first: { calls: { callId: string }[]; hasMore: boolean; nextBefore: string } = await remote(
      ALICE,
      'getHistory',
      2,
      null,
      'all',
      null,
      null,
      null
    );
    assert.deepEqual(
      first.calls.map((c) => c.callId),
      ['h3:alice', 'h2:alice']
    );
    assert.equal(first.hasMore, true);
    const second: { calls: { callId: string }[]; hasMore: boolean } = await remote(
      ALICE,
      'getHistory',
      2,
      first.nextBefore,
      'all',
      null,
      null,
      null
    );
    assert.deepEqual([second.calls.map((c) => c.callId), second.hasMore], [['h1:alice'], false]);
    const missed: { calls: { callId: string }[] } = await remote(
      ALICE,
      'getHistory',
      20,
      null,
      'missed',
      null,
      null,
      null
    );
    assert.deepEqual(
      missed.calls.map((c) => c.callId),
      ['h1:alice']
    );
  });

  it('pages calls of the same second by (RingStartedAt__c, Id): none skipped, none twice (ux-walk #5)', async () => {
    const bob = sf.userId(BOB);
    const sameSecond = ['t1', 't2', 't3', 't4', 't5'].map((id) => ({
      ...projection({ CallId__c: `${id}:bob`, Status__c: 'Ended', RingStartedAt__c: '2026-11-20T09:00:00.000Z' }),
      OwnerId: bob
    }));
    await connectionFor(sf, INTEGRATION).sobject('CallData__c').upsert(sameSecond, 'CallId__c');
    const seen: string[] = [];
    let position: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { calls: { callId: string }[]; nextBefore: string | null } = await remote(
        BOB,
        'getHistory',
        2,
        position,
        'all',
        null,
        null,
        null
      );
      seen.push(...page.calls.map((c) => c.callId));
      position = page.nextBefore;
      if (!position) break;
    }
    assert.deepEqual(seen.filter((c) => c.startsWith('t')).sort(), ['t1:bob', 't2:bob', 't3:bob', 't4:bob', 't5:bob']);
    assert.equal(new Set(seen).size, seen.length, 'no call is shown twice');
  });

  it('searches by part of a number or a name, within a day range, and refuses an upside-down range', async () => {
    const ravi = {
      ...projection({
        CallId__c: 'h5:alice',
        Status__c: 'Ended',
        RingStartedAt__c: '2026-11-19T12:00:00.000Z',
        ExternalNumber__c: '+442079460958',
        FromNumber__c: '+442079460958',
        FromName__c: 'Ravi Patel'
      }),
      OwnerId: sf.userId(ALICE)
    };
    await connectionFor(sf, INTEGRATION).sobject('CallData__c').upsert(ravi, 'CallId__c');
    type Page = { calls: { callId: string }[] };
    const ids = async (...args: unknown[]) =>
      ((await remote(ALICE, 'getHistory', 20, null, 'all', ...args)) as Page).calls.map((c) => c.callId);
    assert.deepEqual(await ids('RAVI', null, null), ['h5:alice'], 'part of the caller id name, any case');
    assert.deepEqual(await ids('020 7946 0958', null, null), ['h5:alice'], 'national digits of the number');
    assert.deepEqual(await ids('(415) 555-0123', null, null), ['h3:alice', 'h2:alice', 'h1:alice']);
    assert.deepEqual(await ids('%', null, null), [], '% is searched for, not a wildcard');
    assert.deepEqual(await ids(null, '2026-11-19', '2026-11-19'), ['h5:alice'], 'one day');
    assert.deepEqual(await ids(null, '2026-11-20', '2026-11-21'), ['h3:alice', 'h2:alice', 'h1:alice']);
    await assert.rejects(remote(ALICE, 'getHistory', 20, null, 'all', null, '2026-11-21', '2026-11-20'), {
      message: 'The first day of the range is after the last day.'
    });
  });

  it('validates a wrap-up with the contract texts and updates the one call Task', async () => {
    await assert.rejects(remote(ALICE, 'saveWrapUp', idOf('h1:alice'), 'NotACode', ''), {
      message: 'Choose a wrap-up code from the list.'
    });
    await assert.rejects(remote(ALICE, 'saveWrapUp', idOf('h1:alice'), null, 'x'.repeat(32001)), {
      message: 'Notes are limited to 32000 characters.'
    });
    await assert.rejects(remote(ALICE, 'saveWrapUp', idOf('h4:bob'), null, ''), {
      message: 'This call is not yours or no longer exists.'
    });
    const [code] = (await remote(ALICE, 'getWrapUpCodes')) as { value: string }[];
    const saved: Record<string, unknown> = await remote(
      ALICE,
      'saveWrapUp',
      idOf('h1:alice'),
      code?.value,
      'Call back tomorrow'
    );
    assert.deepEqual([saved.wrapUpCode, saved.notes], [code?.value, 'Call back tomorrow']);
    const tasks = sf.records('Task').filter((t) => t.CallObject === 'h1:alice');
    assert.equal(tasks.length, 1);
    assert.deepEqual(
      [tasks[0]?.CallDisposition, tasks[0]?.Description, saved.taskId],
      [code?.value, 'Call back tomorrow', tasks[0]?.Id]
    );
  });

  it('puts the caller the agent picked on the call, and refuses a wrong number of parameters', async () => {
    const dana = SAMPLE_RECORDS.find((r) => r.fields.LastName === 'Kim')?.fields.Id;
    const linked: Record<string, unknown> = await remote(ALICE, 'linkCaller', idOf('h3:alice'), dana);
    assert.deepEqual([linked.leadId, linked.contactId, linked.matchedName], [dana, null, 'Dana Kim']);
    await assert.rejects(remote(ALICE, 'getOpenCalls', 'extra'), /Method 'getOpenCalls' not found on controller/);
  });

  it('lists the wrap-up codes as value/label pairs', async () => {
    const codes: { value: string; label: string }[] = await remote(ALICE, 'getWrapUpCodes');
    assert.ok(codes.length > 0);
    assert.deepEqual(Object.keys(codes[0] ?? {}).sort(), ['label', 'value']);
  });

  it('dials through the adapter with the API key and marks a called-back call', async () => {
    const result: unknown = await remote(ALICE, 'dial', '+1 415 555 0123', idOf('h1:alice'));
    assert.deepEqual(result, { reference: 'qc-1', status: 'queued' });
    const call = adapterCalls.find((c) => c.url === '/api/v1/dial');
    assert.equal(call?.key, 'tenant-key');
    assert.deepEqual(JSON.parse(call?.body ?? '{}'), {
      salesforceUserId: sf.userId(ALICE),
      number: '+1 415 555 0123',
      relatedRecordId: idOf('h1:alice')
    });
    assert.equal(sf.records('CallData__c').find((r) => r.CallId__c === 'h1:alice')?.CalledBack__c, true);
  });

  it('turns adapter and mapping refusals into the agent-facing texts', async () => {
    const text = (start: string) => contract.errors.examples.find((m) => m.startsWith(start));
    await assert.rejects(remote(ALICE, 'dial', '+19995550000', null), { message: text('The phone is offline') });
    await assert.rejects(remote('admin@kazoo-cti.example', 'dial', '101', null), {
      message: text('Your user is not mapped')
    });
  });

  it("fetches a recording link for the agent's own call", async () => {
    const link: unknown = await remote(ALICE, 'getRecordingLink', idOf('h2:alice'));
    assert.deepEqual(link, {
      url: 'http://127.0.0.1/recordings/r1?exp=1&sig=x',
      expiresAt: '2026-11-21T10:00:00.000Z'
    });
    assert.ok(adapterCalls.some((c) => c.url === `/api/v1/recordings/rec-1/link?salesforceUserId=${sf.userId(ALICE)}`));
  });

  it('refuses a remoting call without a valid session', async () => {
    const res = await http(sf, 'POST', '/__standin/apexremote', 'bad', {
      action: 'SoftphoneController',
      method: 'getOpenCalls',
      data: []
    });
    assert.equal((res.body as { statusCode: number }[])[0]?.statusCode, 401);
  });
});
