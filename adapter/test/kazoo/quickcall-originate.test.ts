import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { createKazooProvider, type KazooConfig } from '../../src/kazoo/kazoo-provider.ts';
import { PbxRequestError } from '../../src/pbx/pbx-provider.ts';
import { ACCOUNT, API_KEY, FakeKazoo } from './fake-kazoo.ts';

const logger = pino({ level: 'silent' });
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const quickcallPath = `/v2/accounts/${ACCOUNT}/users/${ALICE}/quickcall/`;

/** cb_quickcall.erl originate/4 failure (4.3:312-325): 500 with FreeSWITCH's cause in error_message. */
const originateFailure = (cause: string) => ({
  status: 500,
  body: { status: 'error', error: '500', message: 'quickcall initiation failed', data: { error_message: cause } }
});

describe('Kazoo quickcall: when it answers and how it fails', () => {
  let kazoo: FakeKazoo;
  let config: KazooConfig;
  before(async () => {
    kazoo = await new FakeKazoo().start();
    config = { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY };
  });
  beforeEach(() => {
    kazoo.routes.length = 0;
    kazoo.calls.length = 0;
  });
  after(() => kazoo.stop());

  it('takes the reference from data.call_id, the leg that answered, when the user has several devices', async () => {
    kazoo.routes.push((call) =>
      call.path.startsWith(quickcallPath)
        ? {
            status: 202,
            body: {
              status: 'success',
              data: {
                call_id: 'second-device-quickcall',
                endpoints: [
                  { outbound_call_id: 'first-device-quickcall' },
                  { outbound_call_id: 'second-device-quickcall' }
                ]
              }
            }
          }
        : undefined
    );
    const result = await createKazooProvider(config, logger).originate({ pbxUserId: ALICE, number: '4155550199' });
    assert.deepEqual(result, { reference: 'second-device-quickcall', state: 'answered' });
  });

  it('waits longer than the ring timeout, beyond the ordinary request timeout, for the phone to answer', async () => {
    kazoo.routes.push((call) =>
      call.path.startsWith(quickcallPath) ? { status: 202, body: { data: { call_id: 'q' } }, delayMs: 300 } : undefined
    );
    const provider = createKazooProvider({ ...config, requestTimeoutMs: 100, quickcallTimeoutS: 4 }, logger);
    assert.equal((await provider.originate({ pbxUserId: ALICE, number: '4155550199' })).state, 'answered');
    const body = kazoo.calls.find((c) => c.method === 'POST')?.body as { data: { timeout: number } };
    assert.equal(body.data.timeout, 4);
  });

  it('reports "still ringing", not a failure, when the adapter stops waiting before Kazoo answers', async () => {
    kazoo.routes.push((call) =>
      call.path.startsWith(quickcallPath)
        ? { status: 202, body: { data: { call_id: 'q' } }, delayMs: 4_300 }
        : undefined
    );
    // Kazoo's shortest ring timeout is 4 s; with no margin the adapter gives up at 4 s, before the answer.
    const provider = createKazooProvider({ ...config, quickcallTimeoutS: 4, quickcallMarginMs: 0 }, logger);
    const result = await provider.originate({ pbxUserId: ALICE, number: '4155550199' });
    assert.equal(result.state, 'ringing');
  });

  for (const [cause, code] of [
    ['NO_ANSWER', 'NO_ANSWER'],
    ['USER_BUSY', 'USER_BUSY'],
    ['CALL_REJECTED', 'CALL_REJECTED'],
    ['USER_NOT_REGISTERED', 'DESTINATION_OUT_OF_ORDER'],
    ['SUBSCRIBER_ABSENT', 'DESTINATION_OUT_OF_ORDER'],
    ['DESTINATION_OUT_OF_ORDER', 'DESTINATION_OUT_OF_ORDER']
  ] as const) {
    it(`turns the originate cause ${cause} into ${code}`, async () => {
      kazoo.routes.push((call) => (call.path.startsWith(quickcallPath) ? originateFailure(cause) : undefined));
      await assert.rejects(
        createKazooProvider(config, logger).originate({ pbxUserId: ALICE, number: '4155550199' }),
        (error: unknown) => error instanceof PbxRequestError && error.code === code && error.message.includes(cause)
      );
    });
  }

  it('says the user has no phone when Kazoo answers 500 unspecified_fault (a user with no devices)', async () => {
    kazoo.routes.push((call) =>
      call.path.startsWith(quickcallPath)
        ? { status: 500, body: { status: 'error', error: '500', message: 'unspecified_fault', data: {} } }
        : undefined
    );
    await assert.rejects(
      createKazooProvider(config, logger).originate({ pbxUserId: ALICE, number: '4155550199' }),
      (error: unknown) => error instanceof PbxRequestError && error.code === 'NO_DEVICES'
    );
  });

  it('refuses a ring timeout of 3 s: Kazoo would silently use 30 instead', () => {
    assert.throws(() => createKazooProvider({ ...config, quickcallTimeoutS: 3 }, logger), /quickcallTimeoutS/);
  });

  it('waits and retries when api_auth is rate-limited (429), instead of failing the tenant', async () => {
    kazoo.refuseLogins = 2;
    kazoo.routes.push((call) =>
      call.path === `/v2/accounts/${ACCOUNT}` ? { status: 200, body: { data: {} } } : undefined
    );
    const provider = createKazooProvider({ ...config, authRetryDelaysMs: [20, 20, 20] }, logger);
    const report = await provider.testConnection();
    assert.equal(report.ok, true, report.detail);
    assert.equal(kazoo.calls.filter((c) => c.path === '/v2/api_auth').length, 3);
  });
});
