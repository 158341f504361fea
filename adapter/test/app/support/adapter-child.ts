/**
 * The adapter as a separate process for crash tests: `node --import tsx adapter-child.ts CONFIG`.
 * Raw events arrive one JSON per stdin line; "ack" goes to stdout once the event is durably
 * accepted (like a webhook's 200). End of stdin = graceful shutdown.
 *
 * The control line `{"control":"die-mid-snapshot"}` makes the process SIGKILL itself inside the
 * next snapshot transaction, after the state row is written and before the inbox rows it covers
 * are dropped and the transaction commits: a crash test cannot hit that moment from outside.
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

/** Reaches into the snapshot store's prepared statement (test-only: no public seam inside a transaction). */
function dieInNextSnapshot(): void {
  const snapshots = tenant?.parts.store.snapshots as unknown as { upsert: { run(...args: unknown[]): unknown } };
  const statement = snapshots.upsert;
  if (typeof statement?.run !== 'function') throw new Error('the snapshot store no longer has an upsert statement');
  snapshots.upsert = {
    run(...args: unknown[]) {
      statement.run(...args);
      process.stderr.write('killed mid-snapshot\n');
      process.kill(process.pid, 'SIGKILL');
    }
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const message = JSON.parse(line) as { control?: string };
  if (message.control === 'die-mid-snapshot') dieInNextSnapshot();
  else await tenant.ingestEvent(message, 'webhook');
  process.stdout.write('ack\n');
}
await adapter.stop();
