// Child of pipeline.bench.ts: a whole adapter (its own process, so nothing else is counted) takes
// the opening events (up to and including the first answer) of 10,000 calls, folds them, queues
// their states, and prints its RSS. Its org is unreachable: the states wait in the outbox.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startAdapter } from '../../src/app/start-adapter.ts';
import { buildScriptedCalls } from '../../test/app/support/scripted-day.ts';
import { FakeProvider } from '../../test/delivery/support/fake-provider.ts';

const CALLS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'cti-memory-'));
writeFileSync(join(dir, 'key.pem'), 'not a key');
const tenant = {
  id: 'acme',
  kazoo: { baseUrl: 'http://127.0.0.1:1', websocketUrl: 'ws://127.0.0.1:1', accountId: 'acct', apiKey: 'k' },
  salesforce: {
    loginUrl: 'http://127.0.0.1:1',
    auth: { kind: 'jwt', clientId: 'c', username: 'u', privateKeyFile: 'key.pem' }
  },
  defaultOwnerId: '00G000000000001AAA',
  apiKey: 'key',
  recordingLinkSecret: 'secret'
};
writeFileSync(
  join(dir, 'adapter.json'),
  JSON.stringify({ store: { directory: join(dir, 'data') }, delivery: { graceMs: 3_600_000 }, tenants: [tenant] })
);
const adapter = await startAdapter(loadConfig(join(dir, 'adapter.json')), pino({ level: 'silent' }), {
  http: false,
  providerFactory: () => new FakeProvider('acct')
});
const service = adapter.tenants[0];
if (!service) throw new Error('no tenant');
console.log(`RSS at start ${(process.memoryUsage().rss / 1024 / 1024).toFixed(1)} MiB`);
/** The calls one scenario copy at a time, so the bench's own input is not what the RSS counts. */
function* scriptedCalls(count: number): Generator<string[]> {
  let made = 0;
  for (let copy = 0; made < count; copy += 1) {
    for (const lines of buildScriptedCalls(1, copy)) {
      if (made++ === count) return;
      yield lines;
    }
  }
}
for (const lines of scriptedCalls(CALLS)) {
  // Events up to the first CHANNEL_ANSWER: the call has started and is not over.
  for (const line of lines) {
    const raw = JSON.parse(line) as unknown;
    const normalized = normalizeEvent(raw);
    if (!normalized.ok) continue;
    if (normalized.event.eventName === 'CHANNEL_DESTROY') break;
    await service.ingestEvent(raw, 'websocket');
    if (normalized.event.eventName === 'CHANNEL_ANSWER') break;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
service.parts.pipeline.processInbox();
service.parts.pipeline.snapshotIfDue(true);
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 1_000));
const open = service.parts.pipeline.openInteractionIds().length;
console.log(`open calls ${open}`);
const memory = process.memoryUsage();
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
console.log(`heap used ${mib(memory.heapUsed)} of ${mib(memory.heapTotal)}; external ${mib(memory.external)}`);
console.log(`RSS_MIB ${(memory.rss / 1024 / 1024).toFixed(1)}`);
process.exit(0);
