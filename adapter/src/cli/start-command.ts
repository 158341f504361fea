/**
 * `cti-adapter start --config FILE`: runs the adapter until SIGINT/SIGTERM, then shuts down
 * gracefully (intake stops, accepted events are committed, the outbox is flushed).
 */
import { commandContext } from '../app/cli-support.ts';
import { createLogger } from '../app/create-logger.ts';
import { startAdapter } from '../app/start-adapter.ts';

export async function run(args: string[]): Promise<number> {
  const context = commandContext(args);
  if (typeof context === 'string') {
    process.stderr.write(`cti-adapter start: ${context}\nusage: cti-adapter start --config FILE\n`);
    return 2;
  }
  const logger = createLogger(context.config.logLevel);
  const adapter = await startAdapter(context.config, logger);
  process.stdout.write(`cti-adapter: serving ${adapter.tenants.length} tenant(s) on ${adapter.url ?? '(no HTTP)'}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await adapter.stop();
  return 0;
}
