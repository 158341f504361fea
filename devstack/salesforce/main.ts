/**
 * Runs the Salesforce stand-in alone:
 *   node --import tsx devstack/salesforce/main.ts [--port 8443] [--data-dir .devstack/salesforce]
 *        [--adapter-url http://127.0.0.1:8080] [--adapter-api-key KEY] [--jwt-public-key FILE]
 * Prints the instance URL and a harness URL per agent; Ctrl-C stops it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSalesforceStandIn } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SF_STANDIN_PORT ?? '0' },
    'data-dir': { type: 'string', default: process.env.SF_STANDIN_DATA_DIR },
    'adapter-url': { type: 'string', default: process.env.SF_STANDIN_ADAPTER_URL },
    'adapter-api-key': { type: 'string', default: process.env.SF_STANDIN_ADAPTER_API_KEY },
    'jwt-public-key': { type: 'string', default: process.env.SF_STANDIN_JWT_PUBLIC_KEY }
  }
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port number, got ${values.port}`);
  process.exit(2);
}

const standIn = await startSalesforceStandIn({
  port,
  dataDir: values['data-dir'],
  adapterUrl: values['adapter-url'],
  adapterApiKey: values['adapter-api-key'],
  jwtCertificatePem: values['jwt-public-key'] ? readFileSync(values['jwt-public-key'], 'utf8') : undefined,
  logger: {
    info: (message, details) => console.log(message, details ?? ''),
    warn: (message, details) => console.warn(message, details ?? '')
  }
});

console.log(`Salesforce stand-in: ${standIn.instanceUrl} (API ${standIn.apiVersion})`);
for (const user of standIn.users().filter((u) => u.role === 'agent')) {
  console.log(`  harness for ${String(user.Name)}: ${standIn.harnessUrl(user.Id)}`);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void standIn.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
