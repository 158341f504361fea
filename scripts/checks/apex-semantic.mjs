#!/usr/bin/env node
// Semantic Apex check (types, methods, SObject fields in Apex expressions, case-insensitive name clashes) with
// apex-ls (Apex Dev Tools) CheckForIssues, whose jar already ships inside @salesforce/code-analyzer-pmd-engine.
// Offline, about 7 s. Does not check field names inside SOQL text. Exit code 1 when any error is reported.
// Usage: node scripts/checks/apex-semantic.mjs [workspace]   (default: the repo root, which holds sfdx-project.json)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
// dist/index.js → dist/java-lib
const javaLib = join(dirname(require.resolve('@salesforce/code-analyzer-pmd-engine')), 'java-lib');
const workspace = resolve(process.argv[2] ?? '.');
const started = Date.now();
const run = spawnSync(
  'java',
  ['-cp', `${javaLib}/*`, 'io.github.apexdevtools.apexls.CheckForIssues', '--nocache', '--workspace', workspace],
  { encoding: 'utf8' }
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
if (output) console.log(output);
const errors = output.split('\n').filter((line) => /^(Error|Missing|Syntax):/.test(line)).length;
console.log(`apex-semantic: ${errors} issue(s) in ${Date.now() - started} ms`);
process.exit(errors > 0 || (run.status !== 0 && run.status !== 4) ? 1 : 0);
