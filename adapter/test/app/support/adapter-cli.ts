/**
 * The real adapter CLI (`cti-adapter start --config FILE`) as a child process, wired to a Kazoo
 * simulator and a Salesforce stand-in in the test process: what an operator runs, killable with
 * SIGKILL at any moment.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKazooSimulator, type KazooSimulator } from '../../../../devstack/kazoo/index.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../../devstack/salesforce/seed.ts';
import { stackConnections } from '../../../../devstack/stack-connections.ts';

const BIN = join(import.meta.dirname, '../../../bin/cti-adapter.js');

export interface CliStack {
  kazoo: KazooSimulator;
  salesforce: SalesforceStandIn;
  /** The adapter's config file (its store lives next to it). */
  configFile: string;
  stop(): Promise<void>;
}

export interface AdapterProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote so far (logs and the "serving" line). */
  output(): string;
  /** Resolves once the CLI printed that it serves its tenants. */
  serving: Promise<void>;
  /** SIGKILL: no shutdown code runs. Resolves when the process is gone. */
  kill(): Promise<void>;
}

/** The simulator, the stand-in, and a config file for one tenant that connects them. */
export async function startCliStack(options: {
  seed: number;
  delivery?: Record<string, unknown>;
  recordingDelayMs?: number;
}): Promise<CliStack> {
  const dir = mkdtempSync(join(tmpdir(), 'cti-cli-'));
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  });
  const kazoo = await startKazooSimulator({
    seed: options.seed,
    timeScale: 1,
    recordingDelayMs: options.recordingDelayMs ?? 200
  });
  const salesforce = await startSalesforceStandIn({ jwtCertificatePem: publicKey, harness: false });
  const connections = stackConnections(kazoo, salesforce, { clientId: 'cli-test', privateKey });
  writeFileSync(join(dir, 'key.pem'), privateKey);
  const { privateKey: _inline, ...auth } = connections.salesforce.auth;
  const config = {
    logLevel: 'info',
    http: { host: '127.0.0.1', port: 0 },
    store: { directory: join(dir, 'data') },
    delivery: options.delivery ?? {},
    tenants: [
      {
        id: 'acme',
        kazoo: connections.kazoo,
        salesforce: { ...connections.salesforce, auth: { ...auth, privateKeyFile: 'key.pem' } },
        defaultOwnerId: UNASSIGNED_QUEUE.Id,
        defaultRegion: 'US',
        coalesceWindowMs: 50,
        apiKey: 'cli-test-key',
        recordingLinkSecret: 'cli-test-secret'
      }
    ]
  };
  const configFile = join(dir, 'adapter.json');
  writeFileSync(configFile, JSON.stringify(config));
  return {
    kazoo,
    salesforce,
    configFile,
    async stop() {
      await kazoo.stop();
      await salesforce.stop();
    }
  };
}

/** Starts `cti-adapter start --config configFile`. */
export function startAdapterProcess(configFile: string): AdapterProcess {
  const child = spawn(process.execPath, [BIN, 'start', '--config', configFile]);
  const chunks: Buffer[] = [];
  const output = () => Buffer.concat(chunks).toString();
  let onServing: () => void = () => undefined;
  let onExit: (error: Error) => void = () => undefined;
  const serving = new Promise<void>((resolve, reject) => {
    onServing = resolve;
    onExit = reject;
  });
  let served = false;
  const collect = (chunk: Buffer) => {
    chunks.push(chunk);
    if (!served && output().includes('cti-adapter: serving')) {
      served = true;
      onServing();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      onExit(new Error(`the adapter exited (${signal ?? code}) before serving:\n${output().slice(-3000)}`));
      resolve();
    })
  );
  return {
    child,
    output,
    serving,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
    }
  };
}
