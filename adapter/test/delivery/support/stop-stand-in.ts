/**
 * Stops the Salesforce stand-in and makes sure its HTTP server no longer holds the process open.
 * The stand-in's stop() closes fastify but (at the time of writing) not the raw server it listens
 * on, which keeps a test file from exiting; this closes a server left on the stand-in's port.
 * When stop() closes it itself, the second step finds nothing to do.
 */
import type { Server } from 'node:net';
import type { SalesforceStandIn } from '../../../../devstack/salesforce/index.ts';

export async function stopStandIn(org: SalesforceStandIn): Promise<void> {
  await org.stop();
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const leftovers = handles.filter((handle): handle is Server => {
    const address = (handle as Partial<Server>).address?.();
    return typeof address === 'object' && address !== null && address.port === org.port;
  });
  await Promise.all(leftovers.map((server) => new Promise((resolve) => server.close(resolve))));
}
