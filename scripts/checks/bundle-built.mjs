#!/usr/bin/env node
// Preflight before any deploy of the package's source: the softphone bundle and cometd static resources are
// built by `npm run build` and never committed, so a deploy from a clean clone would fail with
// "ExpectedSourceFilesError ... StaticResource". This says what is missing and what to run instead.
// Usage: node scripts/checks/bundle-built.mjs [repo-root]
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? new URL('../..', import.meta.url).pathname);
const BUILT = ['softphoneBundle.js', 'cometd.js'].map((name) => `force-app/main/default/staticresources/${name}`);
const missing = BUILT.filter((path) => !existsSync(join(root, path)) || statSync(join(root, path)).size === 0);
if (missing.length > 0) {
  console.log(`FAIL not built: ${missing.join(', ')}. Run \`npm run build\` before \`sf project deploy start\`.`);
  process.exit(1);
}
console.log(`ok   the softphone bundle is built (${BUILT.join(', ')})`);
