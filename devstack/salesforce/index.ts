/**
 * A local stand-in for the Salesforce APIs the project uses (OAuth, REST, SOSL, Streaming/CometD,
 * the softphone's Apex remoting), faithful to Salesforce's documentation (each behaviour cites its page), with SQLite
 * persistence, fault injection and request counters. Dev and test tool only: never shipped.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { HarnessPbx } from '../harness/harness-controls.ts';
import { registerHarness } from '../harness/harness-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { createRemoteActions } from './apex-remote.ts';
import { loadContract } from './call-view.ts';
import { Counters } from './counters.ts';
import { FaultInjector, type FaultConfig } from './faults.ts';
import { buildHttpServer } from './http-app.ts';
import { stableId } from './ids.ts';
import { registerOAuth } from './oauth.ts';
import type { OrgContext, StandInLogger } from './org-context.ts';
import type { RecordChange } from './record-writer.ts';
import { registerRestApi } from './rest-api.ts';
import { buildSchema } from './schema.ts';
import { seedOrg } from './seed-org.ts';
import { wireNames } from './namespace.ts';
import { loadWrapUpCodes, SEED_USERS, UNASSIGNED_QUEUE, type SeedUser, type UserRole } from './seed.ts';
import { SessionManager } from './sessions.ts';
import type { OrgStore, SObjectRecord, StoredEvent } from './store.ts';
import { OrgStore as Store } from './store.ts';
import { StreamingServer } from './streaming.ts';
import { registerTelephonyAdminRoutes } from './telephony-admin-routes.ts';

export type { SeedUser } from './seed.ts';
export type { FaultConfig } from './faults.ts';

export interface StandInOptions {
  /** Default 0 (a free port). The server always binds 127.0.0.1. */
  port?: number;
  /** Directory for the SQLite file; in-memory when absent. */
  dataDir?: string;
  apiVersion?: '66.0';
  /** PEM certificate (or SPKI public key) that JWT bearer assertions must be signed for. */
  jwtCertificatePem?: string;
  /** When set, a JWT's `iss` must equal it (the connected app's consumer key). */
  jwtClientId?: string;
  users?: readonly SeedUser[];
  logger?: StandInLogger;
  /** Daily API request allocation (Sforce-Limit-Info, REQUEST_LIMIT_EXCEEDED). Default 15000. */
  dailyApiLimit?: number;
  /** Rows per query page before `nextRecordsUrl` (Salesforce: 2000). */
  queryBatchSize?: number;
  sessionTtlSeconds?: number;
  /** How long a CometD /meta/connect is held with nothing to send (Salesforce: 110 s). */
  longPollSeconds?: number;
  /** The adapter's HTTP API, for dial and getRecordingLink. */
  adapterUrl?: string;
  adapterApiKey?: string;
  adapterApiKeyHeader?: string;
  faults?: FaultConfig;
  /** Serve the softphone harness page at /harness/ (default true). */
  harness?: boolean;
  /**
   * Act as a managed install with this package namespace: the PushTopic query, its events and the REST API use
   * ns__ names (namespace.ts). Default '' (un-namespaced).
   */
  namespace?: string;
}

export interface SalesforceStandIn {
  instanceUrl: string;
  loginUrl: string;
  apiVersion: string;
  port: number;
  orgId: string;
  /** The queue (Group 00G…) that owns calls that reached no agent: the adapter's default owner. */
  unassignedQueueId: string;
  faults: FaultInjector;
  counters: Counters;
  /** Every stored record of an object (ignores sharing). */
  records(sobject: string): SObjectRecord[];
  /** Seeded users with their role. */
  users(): (SObjectRecord & { role: UserRole | undefined })[];
  /** The User id of a seeded username or PBX user id. */
  userId(usernameOrPbxUserId: string): string;
  /** Mints a session id for a user (the softphone's `data-session-id`). */
  sessionFor(userId: string): string;
  /** Every PushTopic event published so far, oldest first. */
  readonly publishes: StoredEvent[];
  /** Drops every CometD client (their next request gets 403::Unknown client). */
  dropStreamingClients(): number;
  harnessUrl(agentUserId?: string): string;
  /** Lets the harness page ring calls and drop PBX sockets (startDemoStack attaches the Kazoo simulator). */
  setHarnessPbx(pbx: HarnessPbx): void;
  /** Points dial/getRecordingLink at the adapter once it runs. */
  setAdapter(url: string, apiKey?: string): void;
  store: OrgStore;
  stop(): Promise<void>;
}

const silentLogger: StandInLogger = { info: () => {}, warn: () => {} };

/** Starts the stand-in on 127.0.0.1 and resolves once it listens. */
export async function startSalesforceStandIn(options: StandInOptions = {}): Promise<SalesforceStandIn> {
  const apiVersion = options.apiVersion ?? '66.0';
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const wrapUpCodes = loadWrapUpCodes(repoRoot);
  const store = new Store(options.dataDir);
  const orgId = stableId('Organization', 'salesforce-stand-in');
  const sessions = new SessionManager(store, orgId, (options.sessionTtlSeconds ?? 7200) * 1000);
  const counters = new Counters();
  const faults = new FaultInjector(() => sessions.expireAll());
  if (options.faults) faults.configure(options.faults);
  const seedUsers = options.users ?? SEED_USERS;
  const contract = loadContract();
  const namespace = options.namespace ?? '';
  const roles = seedOrg(store, seedUsers, contract, namespace);
  let baseUrl = '';
  const viewerFor = (userId: string) => ({ userId, seesAll: roles.get(userId) !== 'agent' });
  const streaming = new StreamingServer({
    store,
    sessions,
    counters,
    apiVersion,
    viewerFor,
    longPollSeconds: options.longPollSeconds ?? 110,
    now: () => Date.now(),
    namespace
  });
  const ctx: OrgContext = {
    store,
    schema: buildSchema(wrapUpCodes.map((c) => c.value)),
    apiVersion,
    orgId,
    namespace,
    wire: wireNames(namespace),
    sessions,
    faults,
    counters,
    streaming,
    wrapUpCodes,
    adapter: {
      url: options.adapterUrl,
      apiKey: options.adapterApiKey,
      apiKeyHeader: options.adapterApiKeyHeader ?? 'x-api-key'
    },
    logger: options.logger ?? silentLogger,
    dailyApiLimit: options.dailyApiLimit ?? 15_000,
    queryBatchSize: options.queryBatchSize ?? 2000,
    jwt: { publicKeyPem: options.jwtCertificatePem, clientId: options.jwtClientId },
    baseUrl: () => baseUrl,
    roleOf: (userId) => roles.get(userId),
    viewerFor,
    writeContext: (viewer, changes: RecordChange[], lockKind) => ({
      store,
      schema: ctx.schema,
      viewer,
      apiVersion,
      now: new Date(),
      onChange: (change) => changes.push(change),
      ...(lockKind ? { lockFails: () => faults.lockFails(lockKind) } : {})
    }),
    publish: (changes) => {
      for (const change of changes) streaming.publishChange(change);
    },
    apiUsage: { used: 0 },
    openCtiCalls: []
  };

  const http = buildHttpServer(ctx, (req, res) => streaming.handle(req, res));
  registerOAuth(http.app, ctx);
  registerRestApi(http.app, ctx);
  const actions = createRemoteActions(ctx, contract);
  registerAdminRoutes(http.app, ctx, actions);
  registerTelephonyAdminRoutes(http.app, ctx, contract);
  let harnessPbx: HarnessPbx | null = null;
  if (options.harness !== false) {
    registerHarness(http.app, ctx, repoRoot, Object.keys(actions), () => harnessPbx);
  }
  await http.app.ready();
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  ctx.logger.info('Salesforce stand-in listening', { url: baseUrl });

  const userId = (key: string) => {
    const user = store.all('User').find((u) => u.Username === key || u.PbxUserId__c === key);
    if (!user) throw new Error(`No seeded user ${key}`);
    return user.Id;
  };

  return {
    instanceUrl: baseUrl,
    loginUrl: baseUrl,
    apiVersion,
    port,
    orgId,
    unassignedQueueId: UNASSIGNED_QUEUE.Id,
    faults,
    counters,
    store,
    records: (sobject) => store.all(sobject),
    users: () => store.all('User').map((u) => ({ ...u, role: roles.get(u.Id) })),
    userId,
    sessionFor: (id) => {
      if (!roles.has(id)) throw new Error(`No seeded user ${id}`);
      return sessions.mintAccess(id, 'test');
    },
    get publishes() {
      return store.allEvents();
    },
    dropStreamingClients: () => streaming.dropClients(),
    harnessUrl: (agent) => `${baseUrl}/harness/${agent ? `?agent=${agent}` : ''}`,
    setHarnessPbx: (pbx) => {
      harnessPbx = pbx;
    },
    setAdapter: (url, apiKey) => {
      ctx.adapter.url = url;
      if (apiKey !== undefined) ctx.adapter.apiKey = apiKey;
    },
    stop: async () => {
      http.releaseHeld();
      streaming.close();
      // The server was started with listen() here, not by fastify, so fastify won't close it.
      const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
      http.server.closeAllConnections();
      await closed;
      await http.app.close();
      store.close();
    }
  };
}
