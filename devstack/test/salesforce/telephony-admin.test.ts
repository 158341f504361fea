// TelephonyAdminController as the stand-in answers it: only the admin gets in; the five setup checks read the
// stand-in's own call center, roles, PushTopic, users and calls; a PushTopic broken over REST fails its check
// and the repair brings it back; health and PBX users come from the adapter (a fake here); mappings are stored.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { ALICE, standIn } from './helpers.ts';

const ADMIN = 'admin@kazoo-cti.example';
const HEALTH = {
  version: '1.2.0',
  tenants: [
    {
      tenantId: 'demo',
      pbx: { connected: true, status: 'connected', lastEventAt: null, eventLagMs: 250 },
      outbox: { depth: 2, deadLetters: 0, oldestPendingAt: null },
      salesforce: { authenticated: true, detail: 'ok', lastWriteAt: null }
    }
  ]
};
const PBX_USERS = { users: [{ pbxUserId: 'u-201', name: 'Dora Desk', email: null, extensions: ['201', '1201'] }] };

describe('TelephonyAdminController (stand-in)', () => {
  let sf: SalesforceStandIn;
  let adapter: Server;
  let healthStatus = 200;

  const call = async (username: string, method: string, params: object = {}) => {
    const response = await fetch(`${sf.instanceUrl}/__standin/apex/TelephonyAdminController/${method}`, {
      method: 'POST',
      headers: { authorization: `OAuth ${sf.sessionFor(sf.userId(username))}`, 'content-type': 'application/json' },
      body: JSON.stringify(params)
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & unknown[] };
  };
  const checkOf = async (key: string) => {
    const { body } = await call(ADMIN, 'getSetupChecks');
    return (body as unknown as { key: string; ok: boolean; detail: string }[]).find((c) => c.key === key);
  };

  before(async () => {
    adapter = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/pbx/users') return res.end(JSON.stringify(PBX_USERS));
      if (healthStatus !== 200) {
        return res
          .writeHead(healthStatus)
          .end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'Unknown API key.' } }));
      }
      res.end(JSON.stringify(HEALTH));
    });
    await new Promise<void>((resolve) => adapter.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(adapter.address() as AddressInfo).port}`;
    sf = await standIn({ adapterUrl: url, adapterApiKey: 'k' });
  });
  after(async () => {
    await sf.stop();
    await new Promise((resolve) => adapter.close(resolve));
  });

  it('refuses an agent with the admin-permission text', async () => {
    const { status, body } = await call(ALICE, 'getSetupChecks');
    assert.equal(status, 500);
    assert.match(String(body.message), /^Only telephony admins can use this page/);
  });

  it('passes every check on the seeded org', async () => {
    const { body } = await call(ADMIN, 'getSetupChecks');
    const checks = body as unknown as { key: string; ok: boolean; detail: string }[];
    assert.deepEqual(
      checks.map((c) => [c.key, c.ok]),
      [
        ['callCenter', true],
        ['permissionSets', true],
        ['pushTopic', true],
        ['userMapping', true],
        ['callTasks', true]
      ]
    );
    // Alice, Bob, Carol and Ada are the call center's users; the integration user is not.
    assert.equal(checks[0]?.detail, 'Call center Kazoo Softphone exists and has 4 active user(s), you included.');
    assert.equal(checks[1]?.detail, 'Softphone_Agent: 3, Telephony_Admin: 1, Telephony_Integration: 1 active user(s).');
    assert.equal(checks[2]?.detail, 'The PushTopic is active and matches the package (API 66.0).');
  });

  it('fails the PushTopic check when its query was changed over REST, and the repair fixes it', async () => {
    const topic = sf.records('PushTopic')[0];
    const patched = await fetch(`${sf.instanceUrl}/services/data/v66.0/sobjects/PushTopic/${topic?.Id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sf.sessionFor(sf.userId(ADMIN))}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Query: 'SELECT Id, OwnerId FROM CallData__c' })
    });
    assert.equal(patched.status, 204);
    assert.equal((await checkOf('pushTopic'))?.ok, false);

    const { body } = await call(ADMIN, 'repairPushTopic');
    assert.deepEqual(body, {
      key: 'pushTopic',
      label: 'PushTopic CallDataUpdates',
      ok: true,
      detail: 'The PushTopic is active and matches the package (API 66.0).',
      fix: null
    });
    assert.equal(sf.records('PushTopic').length, 1, 'the topic was repaired, not duplicated');
  });

  it('reads the adapter health, and explains a refused API key', async () => {
    const up = (await call(ADMIN, 'getAdapterHealth')).body;
    assert.equal(up.ok, true);
    assert.equal(up.detail, 'The adapter (version 1.2.0) answers and is connected.');
    assert.deepEqual((up.tenants as object[])[0], {
      tenantId: 'demo',
      pbxConnected: true,
      pbxStatus: 'connected',
      lastEventAt: null,
      eventLagMs: 250,
      outboxDepth: 2,
      deadLetters: 0,
      salesforceAuthenticated: true,
      salesforceDetail: 'ok'
    });
    healthStatus = 401;
    const refused = (await call(ADMIN, 'getAdapterHealth')).body;
    healthStatus = 200;
    assert.equal(refused.ok, false);
    assert.equal(refused.detail, 'Unknown API key.');
    assert.match(String(refused.fix), /ApiKey parameter/);
  });

  it('lists PBX users and stores a mapping, refusing a bad extension and a taken PBX user', async () => {
    const pbx = (await call(ADMIN, 'loadPbxUsers')).body;
    assert.deepEqual(pbx, [{ pbxUserId: 'u-201', name: 'Dora Desk', email: null, extensions: ['201', '1201'] }]);
    const alice = sf.userId(ALICE);

    const saved = await call(ADMIN, 'saveUserMapping', { userId: alice, pbxUserId: 'u-201', extension: '201' });
    assert.deepEqual([saved.body.pbxUserId, saved.body.extension, saved.body.mapped], ['u-201', '201', true]);
    assert.equal(sf.users().find((u) => u.Id === alice)?.PbxUserId__c, 'u-201');

    const badExtension = await call(ADMIN, 'saveUserMapping', {
      userId: alice,
      pbxUserId: 'u-201',
      extension: 'ext 9'
    });
    assert.equal(badExtension.body.message, 'An extension has 1 to 20 digits (and *, # or +).');
    const taken = await call(ADMIN, 'saveUserMapping', {
      userId: sf.userId('bob@kazoo-cti.example'),
      pbxUserId: 'U-201',
      extension: ''
    });
    assert.equal(taken.body.message, 'PBX user U-201 is already mapped to another Salesforce user.');

    const cleared = await call(ADMIN, 'saveUserMapping', { userId: alice, pbxUserId: ' ', extension: '' });
    assert.equal(cleared.body.mapped, false);
    const rows = (await call(ADMIN, 'getUserMappings')).body as unknown as { userId: string; mapped: boolean }[];
    assert.equal(rows[0]?.userId, alice, 'an unmapped agent is listed first');
    assert.equal(
      (await checkOf('userMapping'))?.detail,
      '1 of 3 agent(s) have no PBX user id: they cannot dial and get no call records.'
    );
  });
});
