/**
 * "Connect Salesforce" for a tenant on the web-server flow: the admin follows the connect link,
 * Salesforce redirects to the adapter's /oauth/callback, and from then on the adapter writes with
 * tokens minted from the stored (encrypted) refresh token.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { parseConfig } from '../../src/config/load-config.ts';
import { startAdapter, type RunningAdapter } from '../../src/app/start-adapter.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';
import { FakeProvider, parseEventLines } from '../delivery/support/fake-provider.ts';
import { testConfig, testKeys } from '../delivery/support/test-config.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

let org: FakeOrg;
let adapter: RunningAdapter;
const provider = new FakeProvider('3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21');

before(async () => {
  org = await startFakeOrg();
  const base = testConfig({
    loginUrl: org.url,
    privateKeyPem: (await testKeys()).privateKeyPem,
    accountId: provider.accountId
  });
  const [tenant] = base.tenants;
  const config = parseConfig(
    {
      ...base,
      store: { directory: base.store.directory, tokenEncryptionKey: 'e'.repeat(64) },
      tenants: [
        {
          ...tenant,
          salesforce: {
            loginUrl: org.url,
            auth: {
              kind: 'webServer',
              clientId: 'cid',
              clientSecret: 'secret',
              redirectUri: 'http://127.0.0.1/oauth/callback'
            }
          }
        }
      ]
    },
    {}
  );
  adapter = await startAdapter(config, pino({ level: 'silent' }), { providerFactory: () => provider });
});
after(async () => {
  await adapter.stop();
  await org.close();
});

test('before connecting, health says so and nothing is lost', async () => {
  provider.push(
    parseEventLines(readFileSync(join(import.meta.dirname, '../fixtures/kazoo/internal-call.jsonl'), 'utf8'))
  );
  await waitFor(
    async () =>
      /no Salesforce org is connected yet/.test((await adapter.tenants[0]?.health())?.salesforce.detail ?? ''),
    'the sink to try'
  );
  assert.ok((adapter.tenants[0]?.parts.store.counts().outboxDepth ?? 0) > 0, 'records wait in the outbox');
});

test('the callback connects the org and the waiting records are written', async () => {
  const state = new URL(adapter.oauth.connectUrl('acme')).searchParams.get('state') ?? '';
  const response = await fetch(`${adapter.url ?? ''}/oauth/callback?code=c0de&state=${encodeURIComponent(state)}`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /is connected to tenant acme/);
  const forged = await fetch(`${adapter.url ?? ''}/oauth/callback?code=c0de&state=acme.1.x.forged`);
  assert.equal(forged.status, 403);
  adapter.tenants[0]?.parts.sink.notify();
  await waitFor(
    () => org.records.size > 0 && adapter.tenants[0]?.parts.store.counts().outboxDepth === 0,
    'records written',
    20_000
  );
  assert.ok(org.requests.some((r) => new URLSearchParams(r.body).get('grant_type') === 'refresh_token'));
});
