/**
 * `cti-adapter outbox`: an operator sees how many writes wait and which ones Salesforce refused
 * and why, and `--retry` puts the refused ones back in line.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { projection } from '../delivery/support/delivery-harness.ts';

const BIN = join(import.meta.dirname, '../../bin/cti-adapter.js');

function setUp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cti-outbox-'));
  const tenant = {
    id: 'acme',
    kazoo: { baseUrl: 'http://127.0.0.1:1', websocketUrl: 'ws://127.0.0.1:1', accountId: 'acct', apiKey: 'k' },
    salesforce: {
      loginUrl: 'https://login.salesforce.com',
      auth: { kind: 'jwt', clientId: 'c', username: 'u', privateKey: 'x' }
    },
    defaultOwnerId: '00G000000000001AAA',
    apiKey: 'key',
    recordingLinkSecret: 'secret'
  };
  writeFileSync(
    join(dir, 'adapter.json'),
    JSON.stringify({ store: { directory: join(dir, 'data') }, tenants: [tenant] })
  );
  const store = new TenantStore(join(dir, 'data', 'acme.sqlite'));
  store.outbox.enqueue(projection({ CallId__c: 'i-1:u1' }), 0, { coalesceWindowMs: 0 });
  store.outbox.enqueue(projection({ CallId__c: 'i-2:u1' }), 0, { coalesceWindowMs: 0 });
  const [refused] = store.outbox.all(1);
  if (refused)
    store.outbox.deadLetter(refused, 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id', Date.UTC(2026, 10, 21));
  const poison = store.inbox.append({ call_id: '__proto__' }, 'websocket', 0);
  store.inbox.quarantine(poison, new TypeError('cannot fold this event'), Date.UTC(2026, 10, 22));
  store.close();
  return join(dir, 'adapter.json');
}

const outbox = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, 'outbox', ...args]);

test('shows the queue depth and each dead letter with its reason', async () => {
  const { stdout } = await outbox('--config', setUp());
  assert.match(stdout, /acme: 1 record write\(s\) waiting for Salesforce/);
  assert.match(stdout, /acme: 1 dead letter\(s\)/);
  assert.match(stdout, /i-1:u1 {2}2026-11-21T00:00:00.000Z {2}INVALID_CROSS_REFERENCE_KEY: invalid cross reference id/);
  assert.match(stdout, /acme: 1 quarantined PBX event\(s\)/);
  assert.match(stdout, /event 1 {2}2026-11-22T00:00:00.000Z {2}TypeError: cannot fold this event/);
});

test('--retry queues the dead letters again', async () => {
  const config = setUp();
  const { stdout } = await outbox('--config', config, '--retry');
  assert.match(stdout, /acme: 1 dead letter\(s\) queued again/);
  const after = await outbox('--config', config);
  assert.match(after.stdout, /acme: 2 record write\(s\) waiting/);
  assert.match(after.stdout, /acme: 0 dead letter\(s\)/);
});

test('a missing config is a usage error', async () => {
  await assert.rejects(
    outbox(),
    (error: { code: number; stderr: string }) => error.code === 2 && /missing --config FILE/.test(error.stderr)
  );
});
