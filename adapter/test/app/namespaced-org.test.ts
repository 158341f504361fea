/**
 * The adapter against a managed (namespaced) install: the Salesforce stand-in serves every package name as
 * `kzt__Name__c` and refuses the bare ones, as a subscriber org does. With `salesforce.namespace` set, a call from
 * the Kazoo simulator lands as a kzt__CallData__c record owned by the agent mapped through User.kzt__PbxUserId__c,
 * and `cti-adapter check` passes; without it, the check names the missing setting.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { startKazooSimulator, USERS, type KazooSimulator } from '../../../devstack/kazoo/index.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../devstack/salesforce/seed.ts';
import { stackConnections } from '../../../devstack/stack-connections.ts';
import { runChecks } from '../../src/app/run-checks.ts';
import { startAdapter, type RunningAdapter } from '../../src/app/start-adapter.ts';
import { adapterConfigSchema } from '../../src/config/adapter-config.ts';
import { packageNames } from '../../src/salesforce/package-names.ts';
import { SalesforceSession } from '../../src/salesforce/salesforce-session.ts';
import { createJwtTokenSource } from '../../src/salesforce/token-source.ts';
import { FakeProvider } from '../delivery/support/fake-provider.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const NAMESPACE = 'kzt';
const ALICE = USERS[0]?.id as string;
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
});

let kazoo: KazooSimulator;
let salesforce: SalesforceStandIn;
let adapter: RunningAdapter;
let storeDir: string;

function tenant(namespace?: string) {
  const connections = stackConnections(kazoo, salesforce, { clientId: 'ns-test', privateKey: keys.privateKey });
  return {
    id: 'acme',
    ...connections,
    salesforce: { ...connections.salesforce, ...(namespace && { namespace }) },
    defaultOwnerId: UNASSIGNED_QUEUE.Id,
    coalesceWindowMs: 20,
    apiKey: 'k'.repeat(32),
    recordingLinkSecret: 's'.repeat(32)
  };
}

before(async () => {
  kazoo = await startKazooSimulator({ seed: 7, timeScale: 0.002, recordingDelayMs: 0 });
  salesforce = await startSalesforceStandIn({
    jwtCertificatePem: keys.publicKey,
    jwtClientId: 'ns-test',
    harness: false,
    namespace: NAMESPACE
  });
  storeDir = mkdtempSync(join(tmpdir(), 'ns-adapter-'));
  const config = adapterConfigSchema.parse({
    logLevel: 'error',
    http: { host: '127.0.0.1', port: 0 },
    store: { directory: storeDir },
    delivery: { graceMs: 0, reconcileIntervalMs: 3_600_000 },
    tenants: [tenant(NAMESPACE)]
  });
  adapter = await startAdapter(config, pino({ level: 'silent' }));
});

after(async () => {
  await kazoo.stop();
  await adapter.stop();
  await salesforce.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

function checksWith(namespace?: string) {
  const { salesforce: sf } = tenant();
  const tokenSource = createJwtTokenSource({ ...sf.auth, loginUrl: sf.loginUrl, instanceUrl: sf.instanceUrl });
  const session = new SalesforceSession({ tokenSource, apiVersion: sf.apiVersion });
  return runChecks(new FakeProvider(), () => session.connection(), packageNames(namespace));
}

test('with salesforce.namespace, a call lands as the namespaced record, owned by the mapped agent', async () => {
  // An open socket is not yet a subscription: events before the subscribe reply are not delivered.
  await waitFor(async () => (await fetch(`${adapter.url}/readyz`)).status === 200, 'the adapter subscribed', 15_000);
  const run = await kazoo.play('inbound-user', { agentId: ALICE, externalNumber: '+14155550123' });
  await run.finished;
  await waitFor(
    () => salesforce.records('CallData__c').some((r) => r.PbxUserId__c === ALICE && r.Status__c === 'Ended'),
    'the ended call in the org',
    15_000
  );
  const record = salesforce.records('CallData__c').find((r) => r.PbxUserId__c === ALICE);
  assert.equal(record?.OwnerId, salesforce.userId(ALICE), 'owner found through User.kzt__PbxUserId__c');
  assert.equal(record?.Direction__c, 'Inbound');
  assert.equal(record?.ExternalNumber__c, '+14155550123');
});

test('cti-adapter check passes in the namespaced org with the namespace set', async () => {
  const results = await checksWith(NAMESPACE);
  assert.deepEqual(
    results.map((r) => [r.what, r.ok]),
    [
      ['PBX connection', true],
      ['Salesforce login', true],
      ['PushTopic CallDataUpdates', true],
      ['kzt__CallData__c fields writable', true],
      ['User.kzt__PbxUserId__c readable', true]
    ]
  );
});

test('without the namespace, check says the PushTopic and the object need salesforce.namespace', async () => {
  const results = await checksWith(undefined);
  const byName = new Map(results.map((r) => [r.what, r]));
  assert.match(
    byName.get('PushTopic CallDataUpdates')?.detail ?? '',
    /queries kzt__CallData__c.*salesforce\.namespace/
  );
  assert.equal(byName.get('CallData__c fields writable')?.ok, false);
  assert.match(byName.get('CallData__c fields writable')?.detail ?? '', /salesforce\.namespace/);
  assert.equal(byName.get('User.PbxUserId__c readable')?.ok, false);
});
