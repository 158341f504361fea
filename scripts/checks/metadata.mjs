#!/usr/bin/env node
// Offline metadata check: every file resolves to a metadata type (source-deploy-retrieve), no file is
// an orphan outside any component (e.g. a .cls without its -meta.xml, which SDR silently drops), and
// every -meta.xml is well-formed and valid against the Metadata API types of @salesforce/types, and
// what permission sets, reports and dashboards name exists in the package.
// Usage: node scripts/checks/metadata.mjs [package-dir]   (default: force-app)
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import sdr from '@salesforce/source-deploy-retrieve';
import { findFiles } from './lib/find-files.mjs';
import { loadMetadataSchema } from './lib/metadata-schema.mjs';
import { checkMetadataXml } from './lib/check-metadata-xml.mjs';
import { checkReferences } from './lib/check-references.mjs';

const { ComponentSet, ForceIgnore } = sdr;
const target = resolve(process.argv[2] ?? 'force-app');
const show = (path) => relative(process.cwd(), path);
const forceIgnore = ForceIgnore.findAndCreate(target);
const files = findFiles(target, (p) => forceIgnore.accepts(p));
let problems = 0;
const fail = (file, message) => {
  problems++;
  console.log(`FAIL ${show(file)}: ${message}`);
};

// 1. Resolution and orphans.
const owned = new Set();
let resolved = true;
try {
  const components = ComponentSet.fromSource({ fsPaths: [target] })
    .getSourceComponents()
    .toArray();
  const claim = (component) => {
    if (component.xml) owned.add(resolve(component.xml));
    if (component.content) component.walkContent().forEach((path) => owned.add(resolve(path)));
    component.getChildren().forEach(claim);
  };
  components.forEach(claim);
  console.log(`resolved ${components.length} components in ${show(target)}`);
} catch (error) {
  resolved = false;
  const file = /^(\S+?): /.exec(error.message)?.[1] ?? target;
  const hint = file.includes('/staticresources/')
    ? ' (the softphone bundle is generated: run npm run build first)'
    : '';
  fail(file, `does not resolve to a metadata type (${error.name}: ${error.message.split('\n')[0]})${hint}`);
}
for (const file of resolved ? files : []) {
  if (!owned.has(resolve(file))) fail(file, 'orphan: not part of any metadata component (missing -meta.xml?)');
}

// 2. Schema check of every -meta.xml.
const schema = loadMetadataSchema();
let checked = 0;
for (const file of files.filter((p) => p.endsWith('-meta.xml'))) {
  checked++;
  const found = checkMetadataXml(readFileSync(file, 'utf8'), schema);
  if (found.length === 0) console.log(`ok   ${show(file)}`);
  for (const message of found) fail(file, `line ${message}`);
}
// 3. References between files (each default folder: <package>/main/default, or the folder itself).
const defaultDirs = [...new Set(files.map((f) => /^(.*?\/main\/default)\//.exec(f)?.[1]).filter(Boolean))];
for (const dir of defaultDirs) {
  for (const { file, message } of checkReferences(
    files.filter((f) => f.startsWith(`${dir}/`)),
    dir
  ))
    fail(file, message);
}

console.log(`metadata: ${checked} -meta.xml files checked, ${files.length} files resolved, ${problems} problems`);
process.exit(problems === 0 && checked > 0 ? 0 : 1);
