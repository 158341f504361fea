/**
 * The adapter in a child process of its own (`cti-adapter start --config FILE`), as a deployment
 * runs it. In one process with the Kazoo simulator and the Salesforce stand-in, each one's work
 * delays the others' timers and sockets: the ringing-pop bench measured event-loop delays of
 * 150–500 ms (p99) there, which every stage of a screen pop then waits for.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADAPTER_ENV, ADAPTER_NODE_FLAGS } from '../adapter/bin/node-flags.js';

export interface AdapterProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Writes `config` (secrets inline, mode 0600) to `<dataDir>/adapter-process.json`, starts the
 * adapter on it with its log in `<dataDir>/adapter-process.log`, and resolves once its `/readyz`
 * answers 200 (the PBX stream and Salesforce connected), or rejects after `timeoutMs`.
 */
export async function startAdapterProcess(options: {
  root: string;
  dataDir: string;
  config: unknown;
  url: string;
  timeoutMs?: number;
}): Promise<AdapterProcess> {
  const { root, dataDir, config, url } = options;
  const file = join(dataDir, 'adapter-process.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const logFile = join(dataDir, 'adapter-process.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [...ADAPTER_NODE_FLAGS, join(root, 'adapter/bin/cti-adapter.js'), 'start', '--config', file],
    { stdio: ['ignore', log, log], env: { ...process.env, ...ADAPTER_ENV } }
  );
  closeSync(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A parent that ends without stop() (a crashed bench) must not leave the adapter running.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const stop = async () => {
    process.off('exit', orphan);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the adapter process exited with ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false
    );
    if (ready) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the adapter process was not ready within ${options.timeoutMs ?? 60_000} ms; see ${logFile}`);
    }
    await sleep(100); // polling the child's readiness, with the deadline above
  }
}
