/**
 * The adapter as a separate process for crash tests: `node --import tsx adapter-child.ts CONFIG`.
 * Raw events arrive one JSON per stdin line; "ack" goes to stdout once the event is durably
 * accepted (like a webhook's 200). End of stdin = graceful shutdown.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { loadConfig } from '../../../src/config/load-config.ts';
import { startAdapter } from '../../../src/app/start-adapter.ts';
import { FakeProvider } from '../../delivery/support/fake-provider.ts';

const config = loadConfig(process.argv[2] ?? '');
const provider = new FakeProvider(config.tenants[0]?.kazoo.accountId);
const adapter = await startAdapter(config, pino({ level: 'silent' }), { http: false, providerFactory: () => provider });
const tenant = adapter.tenants[0];
if (!tenant) throw new Error('no tenant configured');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  await tenant.ingestEvent(JSON.parse(line), 'webhook');
  process.stdout.write('ack\n');
}
await adapter.stop();
