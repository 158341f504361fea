import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { PbxRequestError, type OriginateRequest } from '../../src/pbx/pbx-provider.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

const AGENT = '005000000000001AAA';
const ACCOUNT = '001000000000042AAA';

function dialer(originate: (request: OriginateRequest) => Promise<{ reference: string }>, dialsFeatureCodes = false) {
  const calls: OriginateRequest[] = [];
  const tenant = fakeTenant({
    users: { [AGENT]: 'kazoo-user-1' },
    provider: {
      dialsFeatureCodes,
      originate: (request) => {
        calls.push(request);
        return originate(request);
      }
    }
  });
  const app = buildHttpServer(testDeps([tenant]));
  const dial = (payload: object) =>
    app.inject({ method: 'POST', url: '/api/v1/dial', headers: { 'x-api-key': tenant.apiKey }, payload });
  return { app, calls, dial };
}

const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

describe('POST /api/v1/dial', () => {
  it("originates from the agent's PBX user to the number in E.164, with the related record", async () => {
    const { app, calls, dial } = dialer(() => Promise.resolve({ reference: 'abc-quickcall' }));
    const response = await dial({ salesforceUserId: AGENT, number: '+1 (415) 555-2671', relatedRecordId: ACCOUNT });
    assert.equal(response.statusCode, 202);
    assert.deepEqual(response.json(), { reference: 'abc-quickcall', status: 'queued' });
    assert.deepEqual(calls, [{ pbxUserId: 'kazoo-user-1', number: '+14155552671', relatedRecordId: ACCOUNT }]);
    await app.close();
  });

  it('dials extensions as they are', async () => {
    const { app, calls, dial } = dialer(() => Promise.resolve({ reference: 'r' }));
    assert.equal((await dial({ salesforceUserId: AGENT, number: '1002' })).statusCode, 202);
    assert.equal(calls[0]?.number, '1002');
    assert.equal(calls[0]?.relatedRecordId, null);
    await app.close();
  });

  it('lists every invalid field in words', async () => {
    const { app, calls, dial } = dialer(() => Promise.resolve({ reference: 'r' }));
    const response = await dial({ salesforceUserId: '001000000000001', relatedRecordId: 'x' });
    const error = errorOf(response.body);
    assert.equal(response.statusCode, 400);
    assert.equal(error.code, 'INVALID_REQUEST');
    assert.match(error.message, /salesforceUserId: Expected a Salesforce User id/);
    assert.match(error.message, /number: /);
    assert.match(error.message, /relatedRecordId: Expected a 15- or 18-character Salesforce record id/);
    assert.equal(calls.length, 0);
    await app.close();
  });

  it('answers a body that is not JSON with a JSON error', async () => {
    const tenant = fakeTenant();
    const app = buildHttpServer(testDeps([tenant]));
    const post = (payload: string, type: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/dial',
        headers: { 'x-api-key': tenant.apiKey, 'content-type': type },
        payload
      });
    const broken = await post('{"number":', 'application/json');
    const xml = await post('<dial/>', 'application/xml');
    assert.equal(broken.statusCode, 400);
    assert.equal(errorOf(broken.body).code, 'INVALID_REQUEST');
    assert.equal(xml.statusCode, 415);
    assert.equal(errorOf(xml.body).code, 'UNSUPPORTED_MEDIA_TYPE');
    await app.close();
  });

  it('refuses a number that cannot be dialled before ringing the agent', async () => {
    const { app, calls, dial } = dialer(() => Promise.resolve({ reference: 'r' }));
    const response = await dial({ salesforceUserId: AGENT, number: 'call mom' });
    assert.equal(response.statusCode, 400);
    assert.equal(errorOf(response.body).code, 'INVALID_NUMBER');
    assert.equal(calls.length, 0);
    await app.close();
  });

  it('dials feature codes (*97) only where the PBX runs them', async () => {
    const kazoo = dialer(() => Promise.resolve({ reference: 'r' }), true);
    assert.equal((await kazoo.dial({ salesforceUserId: AGENT, number: '*97' })).statusCode, 202);
    assert.equal((await kazoo.dial({ salesforceUserId: AGENT, number: '#1' })).statusCode, 202);
    assert.deepEqual(
      kazoo.calls.map((c) => c.number),
      ['*97', '#1']
    );
    assert.equal((await kazoo.dial({ salesforceUserId: AGENT, number: '*9a' })).statusCode, 400);
    await kazoo.app.close();
    const other = dialer(() => Promise.resolve({ reference: 'r' }), false);
    const refused = await other.dial({ salesforceUserId: AGENT, number: '*97' });
    assert.equal(refused.statusCode, 400);
    assert.match(errorOf(refused.body).message, /this PBX does not dial feature codes/);
    assert.equal(other.calls.length, 0);
    await other.app.close();
  });

  it('tells an unmapped user to ask the admin', async () => {
    const { app, dial } = dialer(() => Promise.resolve({ reference: 'r' }));
    const response = await dial({ salesforceUserId: '005000000000009AAA', number: '1002' });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(errorOf(response.body), {
      code: 'USER_NOT_MAPPED',
      message: 'Your user is not mapped to a PBX user. Ask your admin to set your PBX user id.'
    });
    await app.close();
  });

  it('says the phone is offline when the PBX answers DESTINATION_OUT_OF_ORDER', async () => {
    const { app, dial } = dialer(() =>
      Promise.reject(new PbxRequestError('DESTINATION_OUT_OF_ORDER', 'quickcall initiation failed'))
    );
    const response = await dial({ salesforceUserId: AGENT, number: '+14155552671' });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(errorOf(response.body), {
      code: 'DESTINATION_OUT_OF_ORDER',
      message: 'The phone is offline (DESTINATION_OUT_OF_ORDER). Check that your desk phone or softphone is registered.'
    });
    await app.close();
  });

  it('answers 502 when the PBX cannot be reached', async () => {
    const { app, dial } = dialer(() => Promise.reject(new TypeError('fetch failed')));
    const response = await dial({ salesforceUserId: AGENT, number: '+14155552671' });
    assert.equal(response.statusCode, 502);
    assert.equal(errorOf(response.body).code, 'PBX_UNAVAILABLE');
    await app.close();
  });
});
