/**
 * `cti-adapter check` against the Salesforce stand-in: every check passes on a correctly set-up
 * org, and a refused login is explained in words an admin can act on.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../../devstack/salesforce/index.ts';
import { formatChecks, runChecks } from '../../src/app/run-checks.ts';
import { SalesforceSession } from '../../src/salesforce/salesforce-session.ts';
import { createJwtTokenSource } from '../../src/salesforce/token-source.ts';
import { FakeProvider } from '../delivery/support/fake-provider.ts';

let org: SalesforceStandIn;
let privateKeyPem: string;
before(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  privateKeyPem = await exportPKCS8(privateKey);
  org = await startSalesforceStandIn({ jwtCertificatePem: await exportSPKI(publicKey), harness: false });
});
after(() => org.stop());

function sessionWith(key: string): SalesforceSession {
  const tokenSource = createJwtTokenSource({
    loginUrl: org.loginUrl,
    clientId: 'client',
    username: 'integration@kazoo-cti.example',
    privateKey: key
  });
  return new SalesforceSession({ tokenSource, apiVersion: '66.0' });
}

test('a correctly set-up org passes every check', async () => {
  const session = sessionWith(privateKeyPem);
  const results = await runChecks(new FakeProvider(), () => session.connection());
  assert.deepEqual(
    results.map((r) => [r.what, r.ok]),
    [
      ['PBX connection', true],
      ['Salesforce login', true],
      ['PushTopic CallDataUpdates', true],
      ['CallData__c fields writable', true],
      ['User.PbxUserId__c readable', true]
    ]
  );
  assert.match(formatChecks('acme', results), /^ok +acme: PushTopic CallDataUpdates: exists and is active$/m);
});

test('a refused login says what to check and skips the org checks', async () => {
  const other = await generateKeyPair('RS256', { extractable: true });
  const session = sessionWith(await exportPKCS8(other.privateKey));
  const results = await runChecks(new FakeProvider(), () => session.connection());
  assert.equal(results.length, 2);
  assert.match(formatChecks('acme', results), /PROBLEM acme: Salesforce login: .*pre-authorized/);
});
