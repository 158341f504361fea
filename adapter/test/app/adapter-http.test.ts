/**
 * The composition root serves the HTTP API over the real tenants: health reflects the outbox and
 * Salesforce state, metrics count events and writes, and an unauthenticated call is refused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startAdapter, type RunningAdapter } from '../../src/app/start-adapter.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

let org: FakeOrg;
let adapter: RunningAdapter;
let provider: FakeProvider;
before(async () => {
  const keys = await testKeys();
  org = await startFakeOrg({ publicKey: keys.publicKey });
  provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');
  const config = testConfig({ loginUrl: org.url, privateKeyPem: keys.privateKeyPem, accountId: provider.accountId });
  adapter = await startAdapter(config, pino({ level: 'silent' }), { providerFactory: () => provider });
});
after(async () => {
  await adapter.stop();
  await org.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${adapter.url ?? ''}${path}`, { headers });

test('health shows the tenant after calls were written, and needs the API key', async () => {
  const file = join(import.meta.dirname, '../fixtures/kazoo/inbound-answered.jsonl');
  provider.push(parseEventLines(readFileSync(file, 'utf8')));
  await waitFor(
    () => org.records.size > 0 && adapter.tenants[0]?.parts.store.counts().outboxDepth === 0,
    'records written'
  );
  assert.equal((await get('/api/v1/health')).status, 401);
  const response = await get('/api/v1/health', { 'x-api-key': 'tenant-api-key' });
  assert.equal(response.status, 200);
  const body = JSON.stringify(await response.json());
  assert.match(body, /"tenantId":"acme"/);
  assert.match(body, /"authenticated":true/);
  assert.match(body, /"deadLetters":0/);
  assert.match(body, /API requests today \d+\/15000/);
});

test('readiness and metrics are served', async () => {
  assert.equal((await get('/readyz')).status, 200);
  let metrics = '';
  // A call's final state can still be on its way when this test starts: the gauge reads the store.
  await waitFor(async () => {
    metrics = await (await get('/metrics')).text();
    return /cti_outbox_depth\{tenant="acme"\} 0/.test(metrics);
  }, 'the outbox gauge to read empty');
  assert.match(metrics, /cti_events_in_total\{tenant="acme",transport="websocket"\} \d+/);
  assert.match(metrics, /cti_records_written_total\{tenant="acme",outcome="confirmed"\} \d+/);
  assert.match(metrics, /cti_outbox_depth\{tenant="acme"\} 0/);
  assert.match(metrics, /cti_salesforce_api_usage\{tenant="acme",measure="limit"\} 15000/);
  assert.match(metrics, /cti_salesforce_api_requests_total\{tenant="acme",kind="upsert",outcome="ok"\} \d+/);
});
