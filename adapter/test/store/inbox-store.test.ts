/**
 * The inbox keeps accepted events in order, many per commit, and sets aside (quarantines) an
 * event that processing could not handle, with the error, so it never blocks the ones behind it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TenantStore } from '../../src/store/tenant-store.ts';

const newPath = () => join(mkdtempSync(join(tmpdir(), 'cti-inbox-')), 'tenant.sqlite');

test('a batch of events is stored in order and survives a reopen', () => {
  const path = newPath();
  let store = new TenantStore(path);
  const ids = store.inbox.appendMany([
    { text: '{"name":"CHANNEL_CREATE"}', transport: 'websocket', now: 1 },
    { text: '{"name":"CHANNEL_ANSWER"}', transport: 'websocket', now: 2 },
    { text: '{"name":"CHANNEL_DESTROY"}', transport: 'webhook', now: 3 }
  ]);
  assert.equal(ids.length, 3);
  store.close();
  store = new TenantStore(path);
  const pending = store.inbox.after(ids[0] ?? 0);
  assert.deepEqual(
    pending.map((e) => [e.raw, e.transport, e.receivedAt]),
    [
      [{ name: 'CHANNEL_ANSWER' }, 'websocket', 2],
      [{ name: 'CHANNEL_DESTROY' }, 'webhook', 3]
    ]
  );
  store.close();
});

test('a quarantined event is kept with its error and counted, even after a snapshot drops the inbox row', () => {
  const store = new TenantStore(newPath());
  const good = store.inbox.append({ name: 'CHANNEL_CREATE' }, 'websocket', 10);
  const poison = store.inbox.append({ call_id: '__proto__' }, 'webhook', 11);
  assert.equal(store.inbox.quarantine(poison, new TypeError('Cannot set properties of undefined'), 12), true);
  store.snapshots.save('{"version":1}', poison, 13);
  assert.equal(store.counts().inbox, 0, 'the snapshot covers both events');
  assert.equal(store.counts().quarantined, 1);
  const [held] = store.inbox.quarantined();
  assert.equal(held?.inboxId, poison);
  assert.equal(held?.transport, 'webhook');
  assert.equal(held?.error, 'TypeError: Cannot set properties of undefined');
  assert.deepEqual(JSON.parse(held?.raw ?? 'null'), { call_id: '__proto__' });
  assert.equal(held?.quarantinedAt, 12);
  assert.equal(store.inbox.quarantine(good, 'too late'), false, 'an event already covered cannot be quarantined');
  store.close();
});

test('an overlong error text is cut so one bad event cannot bloat the store', () => {
  const store = new TenantStore(newPath());
  const id = store.inbox.append({ name: 'X' }, 'websocket', 1);
  store.inbox.quarantine(id, 'e'.repeat(50_000), 2);
  assert.equal(store.inbox.quarantined()[0]?.error.length, 2_000);
  store.close();
});

test('an event is stored as the text it was given, and a quarantine shows it as it was stored', () => {
  const store = new TenantStore(newPath());
  const text = '{ "name": "CHANNEL_CREATE",  "call_id": "__proto__" }';
  const [id] = store.inbox.appendMany([{ text, transport: 'websocket', now: 1 }]);
  assert.deepEqual(store.inbox.after(0)[0]?.raw, { name: 'CHANNEL_CREATE', call_id: '__proto__' });
  store.inbox.quarantine(id ?? 0, 'poison', 2);
  assert.equal(store.inbox.quarantined()[0]?.raw, text);
  store.close();
});
