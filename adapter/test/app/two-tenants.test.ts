/**
 * Two tenants in one adapter process: one tenant's Salesforce outage or refused login never
 * stalls the other, and the tenant that was down catches up once its org answers again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { startAdapter } from '../../src/app/start-adapter.ts';
import type { AdapterConfig } from '../../src/config/adapter-config.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const ACCOUNT = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
const events = (name: string) => parseEventLines(readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8'));
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { CallId__c: string; LastEventSeq__c: number });
const DELIVERY = { baseBackoffMs: 20, maxBackoffMs: 200, breakerOpenMs: 100, breakerMaxOpenMs: 200 };

/** Both tenants in one config, one store directory; `globex` logs in to its own org. */
function twoTenantConfig(acmeOrg: FakeOrg, globexOrg: FakeOrg, privateKeyPem: string): AdapterConfig {
  const base = testConfig({ loginUrl: acmeOrg.url, privateKeyPem, accountId: ACCOUNT, delivery: DELIVERY });
  const [acme] = base.tenants;
  if (!acme) throw new Error('no tenant');
  const globex = {
    ...acme,
    id: 'globex',
    apiKey: 'globex-api-key',
    salesforce: { ...acme.salesforce, loginUrl: globexOrg.url }
  };
  return { ...base, tenants: [acme, globex] };
}

const landed = (org: FakeOrg, records: { CallId__c: string; LastEventSeq__c: number }[]) =>
  records.every((r) => org.records.get(r.CallId__c)?.LastEventSeq__c === r.LastEventSeq__c);

async function run(globexOrgOptions: { refuseLogin: boolean }, breakGlobex: (org: FakeOrg) => void) {
  const keys = await testKeys();
  const other = await testKeys();
  const acmeOrg = await startFakeOrg({ publicKey: keys.publicKey });
  // A refused login: the org trusts a different certificate than the tenant's key.
  const globexOrg = await startFakeOrg({
    publicKey: globexOrgOptions.refuseLogin ? other.publicKey : keys.publicKey
  });
  breakGlobex(globexOrg);
  const providers = { acme: new FakeProvider(ACCOUNT), globex: new FakeProvider(ACCOUNT) };
  const adapter = await startAdapter(
    twoTenantConfig(acmeOrg, globexOrg, keys.privateKeyPem),
    pino({ level: 'silent' }),
    {
      http: false,
      providerFactory: (tenant) => providers[tenant.id as 'acme' | 'globex']
    }
  );
  try {
    providers.globex.push(events('inbound-ring-group'));
    providers.acme.push(events('inbound-answered'));
    providers.acme.push(events('outbound-busy'));
    const acmeWants = [...expected('inbound-answered'), ...expected('outbound-busy')];
    await waitFor(() => landed(acmeOrg, acmeWants), "acme's calls while globex cannot write");
    assert.equal(globexOrg.records.size, 0, 'globex wrote nothing yet');
    const globex = adapter.tenants.find((t) => t.tenantId === 'globex');
    assert.ok((globex?.parts.store.counts().outboxDepth ?? 0) > 0, "globex's records wait in its outbox");
    return { adapter, acmeOrg, globexOrg };
  } catch (error) {
    await adapter.stop();
    await acmeOrg.close();
    await globexOrg.close();
    throw error;
  }
}

test("one tenant's Salesforce outage does not stall the other, and it catches up afterwards", async () => {
  const outage = Array.from({ length: 10_000 }, () => ({
    status: 503,
    body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down for maintenance' }]
  }));
  const { adapter, acmeOrg, globexOrg } = await run({ refuseLogin: false }, (org) => org.faults.push(...outage));
  try {
    globexOrg.faults.length = 0;
    await waitFor(() => landed(globexOrg, expected('inbound-ring-group')), 'globex to catch up after its outage');
  } finally {
    await adapter.stop();
    await acmeOrg.close();
    await globexOrg.close();
  }
});

test("one tenant's refused Salesforce login does not stall the other", async () => {
  const { adapter, acmeOrg, globexOrg } = await run({ refuseLogin: true }, () => undefined);
  try {
    const globex = adapter.tenants.find((t) => t.tenantId === 'globex');
    const health = await globex?.health();
    assert.equal(health?.salesforce.authenticated, false, 'globex reports that it cannot log in');
  } finally {
    await adapter.stop();
    await acmeOrg.close();
    await globexOrg.close();
  }
});
