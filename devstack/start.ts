/**
 * The local demo, and the stack the end-to-end tests run: the Kazoo simulator, the Salesforce
 * stand-in (which serves the harness page), and the real adapter wired to both over their real
 * protocols, with an RSA key pair made at start so the JWT bearer flow is real. Run directly
 * (`npm start`), it prints one URL, plays a call every few seconds and stops cleanly on Ctrl-C.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { adapterConfigSchema, type AdapterConfig } from '../adapter/src/config/adapter-config.ts';
import { createLogger } from '../adapter/src/app/create-logger.ts';
import { startAdapter, type RunningAdapter } from '../adapter/src/app/start-adapter.ts';
import { startAdapterProcess } from './adapter-process.ts';
import { SCENARIOS, startKazooSimulator, type KazooSimulator, type ScenarioName } from './kazoo/index.ts';
import { startDemoTraffic } from './demo-traffic.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from './salesforce/index.ts';
import { UNASSIGNED_QUEUE } from './salesforce/seed.ts';
import { stackConnections } from './stack-connections.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BUNDLE = join(ROOT, 'force-app/main/default/staticresources/softphoneBundle.js');
/** The harness-only build of the admin setup page (scripts/build-admin-harness.mjs). */
const ADMIN_BUNDLE = join(ROOT, 'devstack/harness/dist/telephonyAdminSetup.js');

export interface DemoStackOptions {
  /** Where the stand-in's SQLite file and the adapter's outbox live (default devstack/.data). */
  dataDir?: string;
  /** Start from empty data (tests); the demo keeps its data across restarts. */
  fresh?: boolean;
  /** Default time scale of the simulator (1 = real time). */
  timeScale?: number;
  /** Play a random call this often (ms); null = no automatic calls (tests drive the simulator). */
  callEveryMs?: number | null;
  /** Real ms before a recording is readable after hangup. */
  recordingDelayMs?: number;
  logLevel?: string;
  /**
   * Act as a managed install with this package namespace: the stand-in names the package `ns__…` in its REST API,
   * PushTopic and remoting, the harness page renders `data-namespace`, and the adapter runs with
   * `salesforce.namespace` (`npm start -- --namespace kazoocti`). Default: un-namespaced.
   */
  namespace?: string;
  /** The tenant's coalescing window (default 100 ms, quick for the demo; the product default is 250 ms). */
  coalesceWindowMs?: number;
  /**
   * Run the adapter in a child process (`cti-adapter start`), as a deployment does, instead of in
   * this one: then it does not share an event loop with the simulator and the stand-in (benchmarks).
   */
  adapterProcess?: boolean;
  /** Set false to run with the adapter's ringing channel off: softphones then use the PushTopic alone (A/B benches). */
  ringChannel?: boolean;
}

export interface DemoStack {
  kazoo: KazooSimulator;
  salesforce: SalesforceStandIn;
  adapter: Pick<RunningAdapter, 'url' | 'stop'>;
  /** The harness page: the real softphone bundle with an Open CTI stand-in. */
  harnessUrl: string;
  /** An adapter config for this stack, for `cti-adapter check` / `members` (ux-walk #32). */
  configFile: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago: the adapter's public URL must be known before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** True when something still accepts connections at `url`'s port (a server that failed to close). */
function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/** The newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    return Math.max(newest, time);
  }, 0);
}

/** The softphone and admin harness bundles are build outputs: build them when missing or older than their sources. */
export function ensureSoftphoneBundle(): void {
  const sources = Math.max(
    newestMtime(join(ROOT, 'force-app/main/default/lwc')),
    newestMtime(join(ROOT, 'softphone')),
    newestMtime(join(ROOT, 'devstack/harness/lightning')),
    ...['admin-setup-entry.js', 'admin-toasts.js'].map((f) => statSync(join(ROOT, 'devstack/harness', f)).mtimeMs)
  );
  const fresh = (file: string) => existsSync(file) && statSync(file).mtimeMs >= sources;
  if (fresh(BUNDLE) && fresh(ADMIN_BUNDLE)) return;
  // Output is captured, not inherited: inside a test run it would corrupt the TAP stream.
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build-softphone.mjs')], {
    cwd: ROOT,
    encoding: 'utf8'
  });
  if (result.status !== 0) {
    throw new Error(`npm run build failed: ${`${result.stdout}${result.stderr}`.trim().slice(-2000)}`);
  }
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const dataDir = resolve(options.dataDir ?? join(ROOT, 'devstack/.data'));
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(dataDir, 'adapter'), { recursive: true });
  ensureSoftphoneBundle();
  const logger = createLogger(
    options.logLevel ?? 'info',
    pino.destination({ dest: join(dataDir, 'stack.log'), sync: false })
  );

  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  });
  const clientId = `demo-${randomBytes(8).toString('hex')}`;
  const adapterApiKey = randomBytes(24).toString('hex');
  const adapterPort = await freePort();
  const adapterUrl = `http://127.0.0.1:${adapterPort}`;

  const kazoo = await startKazooSimulator({
    timeScale: options.timeScale ?? 1,
    recordingDelayMs: options.recordingDelayMs ?? 1500,
    logger: logger.child({ component: 'kazoo-sim' })
  });
  const salesforce = await startSalesforceStandIn({
    dataDir,
    jwtCertificatePem: publicKey,
    jwtClientId: clientId,
    adapterUrl,
    adapterApiKey,
    namespace: options.namespace
  });
  const connections = stackConnections(kazoo, salesforce, { clientId, privateKey });
  if (options.namespace) Object.assign(connections.salesforce, { namespace: options.namespace });
  const rawConfig = {
    logLevel: options.logLevel ?? 'info',
    http: { host: '127.0.0.1', port: adapterPort, publicBaseUrl: adapterUrl, recordingLinkTtlSeconds: 300 },
    store: { directory: join(dataDir, 'adapter') },
    delivery: { graceMs: 1_000, reconcileIntervalMs: 60_000 },
    tenants: [
      {
        id: 'demo',
        ...connections,
        defaultOwnerId: UNASSIGNED_QUEUE.Id,
        defaultRegion: 'US',
        coalesceWindowMs: options.coalesceWindowMs ?? 100,
        apiKey: adapterApiKey,
        recordingLinkSecret: randomBytes(32).toString('hex'),
        // The harness page that hosts the softphone is served by the stand-in: its origin may open the ringing channel.
        ringChannelOrigins: options.ringChannel === false ? [] : [new URL(salesforce.instanceUrl).origin]
      }
    ]
  };
  const config = adapterConfigSchema.parse(rawConfig);
  const adapter = options.adapterProcess
    ? await startAdapterProcess({ root: ROOT, dataDir, config: rawConfig, url: adapterUrl })
    : await startAdapter(config, logger);
  const [tenant] = config.tenants;
  if (!tenant) throw new Error('the demo config has no tenant');
  const configFile = writeCliConfig(dataDir, tenant, { privateKey, kazooApiKey: kazoo.apiKey });
  salesforce.setHarnessPbx({
    scenarios: SCENARIOS,
    ring: async (scenario, pbxUserId, number) => {
      await kazoo.play(scenario as ScenarioName, { agentId: pbxUserId, ...(number && { externalNumber: number }) });
    },
    dropSockets: (outageMs) => kazoo.dropSockets(outageMs),
    setDeviceOnline: (pbxUserId, online) => kazoo.setDeviceOnline(pbxUserId, online)
  });
  const traffic = options.callEveryMs === null ? null : startDemoTraffic(kazoo, options.callEveryMs ?? 8_000);

  let stopping: Promise<void> | null = null;
  return {
    kazoo,
    salesforce,
    adapter,
    harnessUrl: salesforce.harnessUrl(),
    configFile,
    stop() {
      stopping ??= (async () => {
        traffic?.stop();
        // The adapter first, so it flushes its outbox to a stand-in that is still up.
        await adapter.stop();
        await kazoo.stop();
        await salesforce.stop();
        logger.flush();
        const servers: [string, string][] = [
          ['Kazoo simulator (crossbar)', kazoo.crossbarUrl],
          ['Kazoo simulator (blackhole)', kazoo.websocketUrl],
          ['Salesforce stand-in', salesforce.instanceUrl],
          ['adapter', adapterUrl]
        ];
        const open = [];
        for (const [name, url] of servers) if (await isListening(url)) open.push(`${name} at ${url}`);
        if (open.length) throw new Error(`stop() left servers listening: ${open.join(', ')}`);
      })();
      return stopping;
    }
  };
}

/**
 * Writes `<dataDir>/adapter.json`: the running stack's tenant as a config file, with each secret in its own file
 * beside it (`<key>File`, as a real deployment keeps them), so `npx cti-adapter check --config
 * devstack/.data/adapter.json` and `members` reach this stack. Rewritten at every start (the JWT key is new each time).
 */
function writeCliConfig(
  dataDir: string,
  tenant: AdapterConfig['tenants'][number],
  secrets: { privateKey: string; kazooApiKey: string }
): string {
  const secretFile = (name: string, value: string) => {
    writeFileSync(join(dataDir, name), value, { mode: 0o600 });
    return name;
  };
  const auth = tenant.salesforce.auth;
  const file = {
    logLevel: 'warn',
    store: { directory: join(dataDir, 'cli-store') },
    tenants: [
      {
        id: tenant.id,
        kazoo: {
          baseUrl: tenant.kazoo.baseUrl,
          websocketUrl: tenant.kazoo.websocketUrl,
          accountId: tenant.kazoo.accountId,
          apiKeyFile: secretFile('kazoo-api-key', secrets.kazooApiKey)
        },
        salesforce: {
          loginUrl: tenant.salesforce.loginUrl,
          instanceUrl: tenant.salesforce.instanceUrl,
          apiVersion: tenant.salesforce.apiVersion,
          ...(tenant.salesforce.namespace && { namespace: tenant.salesforce.namespace }),
          auth:
            auth.kind === 'jwt'
              ? {
                  kind: 'jwt',
                  clientId: auth.clientId,
                  username: auth.username,
                  privateKeyFile: secretFile('jwt-key.pem', secrets.privateKey)
                }
              : auth
        },
        defaultOwnerId: tenant.defaultOwnerId,
        defaultRegion: tenant.defaultRegion,
        apiKeyFile: secretFile('adapter-api-key', tenant.apiKey),
        recordingLinkSecretFile: secretFile('recording-link-secret', tenant.recordingLinkSecret)
      }
    ]
  };
  const path = join(dataDir, 'adapter.json');
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return path;
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--namespace');
  const stack = await startDemoStack(flag > 0 ? { namespace: process.argv[flag + 1] } : {});
  process.stdout.write(
    `\nKazoo CTI demo running. Open ${stack.harnessUrl}\n` +
      `Admin setup page (PushTopic, adapter health, PBX user mapping): ${stack.harnessUrl}admin\n` +
      `Admin commands: npx cti-adapter check --config ${relative(process.cwd(), stack.configFile)} (also members, outbox)\n` +
      `(Ctrl-C to stop; logs in devstack/.data/stack.log)\n`
  );
  // Handlers stay installed: a second Ctrl-C (the terminal and `npm start` both pass one on)
  // must not kill the process halfway through a clean stop.
  await new Promise<void>((done) => {
    process.on('SIGINT', () => done());
    process.on('SIGTERM', () => done());
  });
  process.stdout.write('\nStopping…\n');
  await stack.stop();
  process.stdout.write('Stopped.\n');
  // Everything is closed; exit now rather than wait on a connection a browser tab keeps open.
  process.exit(0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
