/**
 * The org a scripted day is delivered to: the Salesforce stand-in with three of the fixtures'
 * four agents mapped (the fourth falls to the queue) and an integration user whose JWT key is
 * written to `<dir>/key.pem`, plus the tenant that reaches it (Kazoo is never dialled: events
 * are fed to the adapter directly).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../../devstack/salesforce/seed.ts';

/** PBX user ids of the fixtures' agents that have a Salesforce user. */
export const MAPPED_PBX_USERS = [
  '8f3c2a1b4d5e6f708192a3b4c5d6e7f1',
  '5b7e9d1c3a2f4e6d8c0b1a2938475661',
  '2e4f6a8c0b1d3f5e7a9c1b3d5f7e9a0b'
];
const agents = MAPPED_PBX_USERS.map((pbxUserId, i) => ({
  username: `agent${i}@acme.example`,
  firstName: `Agent${i}`,
  lastName: 'Test',
  email: `agent${i}@acme.example`,
  role: 'agent' as const,
  pbxUserId
}));
const integration = {
  username: 'int@acme.example',
  firstName: 'I',
  lastName: 'U',
  email: 'i@acme.example',
  role: 'integration' as const
};

export interface ScriptedOrg {
  /** A fresh temporary directory holding `key.pem`, for the adapter's config and data. */
  dir: string;
  org: SalesforceStandIn;
  /** The adapter tenant (config file form) that delivers to `org`. */
  tenant: ReturnType<typeof tenantFor>;
}

function tenantFor(org: SalesforceStandIn) {
  return {
    id: 'acme',
    kazoo: {
      baseUrl: 'http://127.0.0.1:1',
      websocketUrl: 'ws://127.0.0.1:1',
      accountId: '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
      apiKey: 'k'
    },
    salesforce: {
      loginUrl: org.loginUrl,
      auth: { kind: 'jwt', clientId: 'client', username: integration.username, privateKeyFile: 'key.pem' }
    },
    defaultOwnerId: UNASSIGNED_QUEUE.Id,
    apiKey: 'key',
    recordingLinkSecret: 'secret'
  };
}

/** Starts the stand-in with the scripted day's users; `dirPrefix` names the temporary directory. */
export async function startScriptedOrg(dirPrefix: string): Promise<ScriptedOrg> {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const org = await startSalesforceStandIn({
    jwtCertificatePem: await exportSPKI(publicKey),
    users: [...agents, integration],
    harness: false
  });
  writeFileSync(join(dir, 'key.pem'), await exportPKCS8(privateKey));
  return { dir, org, tenant: tenantFor(org) };
}
