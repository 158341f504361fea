#!/usr/bin/env node
// `npm start`: with no configuration, the whole local demo (Kazoo simulator, Salesforce stand-in,
// the adapter wired to both, the harness page). With `--config FILE` or CTI_ADAPTER_CONFIG, the
// real adapter against a real org and PBX: `cti-adapter start --config FILE`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADAPTER_ENV, ADAPTER_NODE_FLAGS } from '../adapter/bin/node-flags.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = args.indexOf('--config');
const configFile = flag >= 0 ? args[flag + 1] : process.env.CTI_ADAPTER_CONFIG;

if (flag >= 0 && !configFile) {
  console.error('npm start: --config needs a file, e.g. npm start -- --config config/adapter.json');
  process.exit(2);
}

const command = configFile
  ? [...ADAPTER_NODE_FLAGS, 'adapter/bin/cti-adapter.js', 'start', '--config', configFile]
  : ['--import', 'tsx', 'devstack/start.ts', ...args];

const child = spawn(process.execPath, command, {
  cwd: root,
  stdio: 'inherit',
  ...(configFile && { env: { ...process.env, ...ADAPTER_ENV } })
});
// Ctrl-C reaches the child through the terminal's process group; the child stops cleanly and
// this process exits with its code. A signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
