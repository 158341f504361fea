import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import { PbxRequestError, type PbxProvider } from '../../src/pbx/pbx-provider.ts';
import { ACCOUNT, API_KEY, FakeKazoo } from './fake-kazoo.ts';

const logger = pino({ level: 'silent' });
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const BOB = '5b7e9d1c3a2f4e6d8c0b1a2938475661';
const account = `/v2/accounts/${ACCOUNT}`;

describe('Kazoo provider over Crossbar', () => {
  let kazoo: FakeKazoo;
  let provider: PbxProvider;
  before(async () => {
    kazoo = await new FakeKazoo().start();
    provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      logger
    );
  });
  beforeEach(() => {
    kazoo.routes.length = 0;
    kazoo.calls.length = 0;
  });
  after(() => kazoo.stop());

  it('tests the connection in plain words, including a wrong API key', async () => {
    kazoo.routes.push((call) =>
      call.path === account ? { status: 200, body: { data: { name: 'Acme Dental' }, status: 'success' } } : undefined
    );
    assert.deepEqual(await provider.testConnection(), {
      ok: true,
      detail: `Connected to Kazoo account Acme Dental (${ACCOUNT}) at ${kazoo.baseUrl}.`
    });
    const wrongKey = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: 'wrong' },
      logger
    );
    const report = await wrongKey.testConnection();
    assert.equal(report.ok, false);
    assert.match(report.detail, /^API key invalid/);
    const unknownKey = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: 'b'.repeat(64) },
      logger
    );
    assert.match((await unknownKey.testConnection()).detail, /^API key invalid/);
  });

  it('lists users with the extensions of their callflows, following next_start_key', async () => {
    kazoo.routes.push((call) => {
      if (call.path === `${account}/users` && !call.query.get('start_key')) {
        return {
          status: 200,
          body: {
            data: [{ id: ALICE, first_name: 'Alice', last_name: 'Archer', email: 'alice@acme.example' }],
            next_start_key: 'g2wAAAAB'
          }
        };
      }
      if (call.path === `${account}/users`)
        return { status: 200, body: { data: [{ id: BOB, username: 'bob@acme.example', presence_id: '1002@acme' }] } };
      if (call.path === `${account}/callflows`) {
        return {
          status: 200,
          body: { data: [{ owner_id: ALICE, numbers: ['1001', '+14155550101'] }, { numbers: ['*97'] }] }
        };
      }
      return undefined;
    });
    assert.deepEqual(await provider.listMembers(), [
      { pbxUserId: ALICE, name: 'Alice Archer', email: 'alice@acme.example', extensions: ['1001'] },
      { pbxUserId: BOB, name: 'bob@acme.example', email: null, extensions: ['1002'] }
    ]);
    assert.equal(kazoo.calls.find((c) => c.query.get('start_key'))?.query.get('start_key'), 'g2wAAAAB');
  });

  it('click-to-dial POSTs a user quickcall carrying the related record as a custom application var', async () => {
    kazoo.routes.push((call) =>
      call.method === 'POST' && call.path.startsWith(`${account}/users/${ALICE}/quickcall/`)
        ? { status: 202, body: { data: { endpoints: [{ outbound_call_id: 'abc-quickcall' }] }, status: 'success' } }
        : undefined
    );
    const result = await provider.originate({
      pbxUserId: ALICE,
      number: '+1 (415) 555-0199',
      relatedRecordId: '003Hs00001AbCdEIAV'
    });
    assert.deepEqual(result, { reference: 'abc-quickcall', state: 'answered' });
    const call = kazoo.calls.find((c) => c.method === 'POST');
    assert.equal(call?.path, `${account}/users/${ALICE}/quickcall/%2B14155550199`);
    assert.equal(call?.query.get('number_filter'), 'false', 'Kazoo dials the number as sent, + included');
    assert.deepEqual((call?.body as { data: { custom_application_vars: unknown } }).data.custom_application_vars, {
      sf_related_record_id: '003Hs00001AbCdEIAV'
    });
  });

  it('turns a quickcall 500 DESTINATION_OUT_OF_ORDER into a PbxRequestError with that code', async () => {
    kazoo.routes.push(() => ({
      status: 500,
      body: {
        status: 'error',
        error: '500',
        message: 'quickcall initiation failed',
        data: { error_message: 'DESTINATION_OUT_OF_ORDER' }
      }
    }));
    await assert.rejects(provider.originate({ pbxUserId: ALICE, number: '4155550199' }), (error: unknown) => {
      assert.ok(error instanceof PbxRequestError);
      assert.equal(error.code, 'DESTINATION_OUT_OF_ORDER');
      return true;
    });
    await assert.rejects(provider.originate({ pbxUserId: ALICE, number: 'call me' }), { code: 'INVALID_NUMBER' });
  });

  it('dials a feature code with its * as typed', async () => {
    kazoo.routes.push(() => ({ status: 202, body: { data: { call_id: 'f-quickcall' }, status: 'success' } }));
    await provider.originate({ pbxUserId: ALICE, number: '*97' });
    assert.equal(kazoo.calls.at(-1)?.path, `${account}/users/${ALICE}/quickcall/*97`);
  });

  it('links a recording with the token and Accept: audio/mpeg, and says null while Kazoo has none', async () => {
    const id = '202611-9a8b7c6d5e4f30211f2e3d4c5b6a7988';
    kazoo.routes.push((call) =>
      call.path === `${account}/recordings/${id}`
        ? { status: 200, body: { data: { content_type: 'audio/mpeg' } } }
        : undefined
    );
    const link = await provider.recordingLink(id);
    assert.equal(link?.url, `${kazoo.baseUrl}${account}/recordings/${id}`);
    assert.equal(link?.headers.Accept, 'audio/mpeg');
    assert.match(link?.headers['X-Auth-Token'] ?? '', /^token-\d+$/);
    assert.equal(await provider.recordingLink('202611-00000000000000000000000000000000'), null);
  });

  it('refreshes the token before it expires', async () => {
    kazoo.routes.push((call) =>
      call.path === account ? { status: 200, body: { data: { name: 'Acme' } } } : undefined
    );
    const shortLived = createKazooProvider(
      {
        baseUrl: kazoo.baseUrl,
        websocketUrl: kazoo.websocketUrl,
        accountId: ACCOUNT,
        apiKey: API_KEY,
        tokenLifetimeMs: 40,
        tokenRefreshMarginMs: 0
      },
      logger
    );
    const recordingId = '202611-00000000000000000000000000000001';
    await shortLived.recordingLink(recordingId);
    await shortLived.recordingLink(recordingId);
    const authBefore = kazoo.authCount;
    await sleep(60);
    await shortLived.recordingLink(recordingId);
    assert.equal(kazoo.authCount, authBefore + 1, 'one new api_auth once the lifetime ran out, none before');
  });

  it('gets a new token after a 401 and retries the request once', async () => {
    kazoo.routes.push((call) =>
      call.path === account ? { status: 200, body: { data: { name: 'Acme Dental' } } } : undefined
    );
    assert.equal((await provider.testConnection()).ok, true);
    kazoo.revokeTokens();
    const authBefore = kazoo.authCount;
    const link = await provider.recordingLink('202611-00000000000000000000000000000002');
    assert.equal(link, null, 'the retried request reached Kazoo and got its 404');
    assert.equal(kazoo.authCount, authBefore + 1);
    assert.deepEqual(
      kazoo.calls.slice(-3).map((c) => c.path),
      [
        `${account}/recordings/202611-00000000000000000000000000000002`,
        '/v2/api_auth',
        `${account}/recordings/202611-00000000000000000000000000000002`
      ]
    );
  });
});
