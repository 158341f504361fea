#!/usr/bin/env node
// Apex syntax check with the Apex grammar of @apexdevtools/apex-parser: every .cls, .trigger and
// anonymous .apex script, with line:column errors. Prettier's Apex parser runs in the prettier stage.
// Usage: node scripts/checks/apex-parse.mjs [dir-or-file ...]   (default: force-app scripts/apex)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ApexParserFactory, ApexErrorListener } from '@apexdevtools/apex-parser';
import { findFiles } from './lib/find-files.mjs';

const ENTRY_POINTS = { '.cls': 'compilationUnit', '.trigger': 'triggerUnit', '.apex': 'anonymousUnit' };
const extensionOf = (path) => Object.keys(ENTRY_POINTS).find((ext) => path.endsWith(ext));

class CollectingListener extends ApexErrorListener {
  errors = [];
  apexSyntaxError(line, column, message) {
    this.errors.push(`${line}:${column} ${message}`);
  }
}

/** Parses one Apex source file and returns its syntax errors as `line:col message`. */
export function parseApexFile(path) {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(readFileSync(path, 'utf8'), listener);
  parser[ENTRY_POINTS[extensionOf(path)]]();
  return listener.errors;
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : ['force-app', 'scripts/apex']).flatMap((t) =>
  findFiles(t, (p) => extensionOf(p) !== undefined)
);
let failed = 0;
for (const file of files) {
  const started = performance.now();
  const errors = parseApexFile(file);
  const ms = (performance.now() - started).toFixed(0);
  if (errors.length === 0) {
    console.log(`ok   ${relative(process.cwd(), file)} (${ms}ms)`);
  } else {
    failed++;
    console.log(`FAIL ${relative(process.cwd(), file)}`);
    for (const error of errors) console.log(`  ${relative(process.cwd(), file)}:${error}`);
  }
}
console.log(`apex-parse: ${files.length - failed} ok, ${failed} with syntax errors`);
if (files.length === 0) console.log('apex-parse: no Apex files found');
process.exit(failed === 0 && files.length > 0 ? 0 : 1);
