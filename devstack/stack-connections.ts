/**
 * How an adapter tenant reaches the local stack: the Kazoo simulator's crossbar and blackhole,
 * and the Salesforce stand-in through the JWT bearer flow as the seeded integration user. Shared
 * by `npm start` and the tests that run the real adapter against the stack.
 */
import type { KazooSimulator } from './kazoo/index.ts';
import type { SalesforceStandIn } from './salesforce/index.ts';
import { SEED_USERS } from './salesforce/seed.ts';

/** The `kazoo` and `salesforce` parts of a tenant's config for `kazoo` and `salesforce`. */
export function stackConnections(
  kazoo: KazooSimulator,
  salesforce: SalesforceStandIn,
  jwt: { clientId: string; privateKey: string }
) {
  const integration = SEED_USERS.find((user) => user.role === 'integration');
  if (!integration) throw new Error('the stand-in has no integration user');
  return {
    kazoo: {
      baseUrl: kazoo.crossbarUrl,
      websocketUrl: kazoo.websocketUrl,
      accountId: kazoo.accountId,
      apiKey: kazoo.apiKey
    },
    salesforce: {
      loginUrl: salesforce.loginUrl,
      instanceUrl: salesforce.instanceUrl,
      apiVersion: '66.0',
      auth: { kind: 'jwt', clientId: jwt.clientId, username: integration.username, privateKey: jwt.privateKey }
    }
  };
}
