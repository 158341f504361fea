#!/usr/bin/env node
// Runs `sf project convert source` (source format -> Metadata API format) offline and checks that the
// generated package.xml lists the types the package must ship. ApexPage is required as soon as a
// .page file exists. The CallCenter is not required: it lives in unpackaged/ (its adapter URL names the page, which
// a managed install namespaces; see scripts/test/namespace.test.mjs). Usage: node scripts/checks/sf-convert.mjs [package-dir]   (default: force-app)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { XMLParser } from 'fast-xml-parser';
import { findFiles } from './lib/find-files.mjs';

const root = new URL('../..', import.meta.url).pathname;
const sourceDir = resolve(process.argv[2] ?? join(root, 'force-app'));
const REQUIRED_TYPES = ['CustomObject', 'CustomField', 'ApexClass', 'ApexTrigger', 'PermissionSet'];
const SF_ENV = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true'
};

const outputDir = join(mkdtempSync(join(tmpdir(), 'sf-convert-')), 'mdapi');
try {
  const started = Date.now();
  const sf = join(root, 'node_modules', '.bin', 'sf');
  const run = spawnSync(sf, ['project', 'convert', 'source', '--source-dir', sourceDir, '--output-dir', outputDir], {
    cwd: root,
    env: { ...process.env, ...SF_ENV },
    encoding: 'utf8',
    timeout: 120_000
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  if (run.status !== 0 || !existsSync(join(outputDir, 'package.xml'))) {
    console.log(`FAIL sf project convert source --source-dir ${sourceDir} (exit ${run.status})\n${output}`);
    process.exitCode = 1;
  } else {
    process.exitCode = checkManifest(started);
  }
} finally {
  rmSync(join(outputDir, '..'), { recursive: true, force: true });
}

/** Checks the generated package.xml; returns the exit code. */
function checkManifest(started) {
  const manifest = new XMLParser({ isArray: (name) => ['types', 'members'].includes(name) }).parse(
    readFileSync(join(outputDir, 'package.xml'), 'utf8')
  );
  const listed = new Map(manifest.Package.types.map((t) => [t.name, t.members.map(String)]));
  const required = [...REQUIRED_TYPES];
  const pages = findFiles(sourceDir, (p) => p.endsWith('.page'));
  if (pages.length > 0) required.push('ApexPage');
  let failed = 0;
  for (const type of required) {
    if (listed.has(type)) console.log(`ok   package.xml lists ${type} (${listed.get(type).length})`);
    else {
      failed++;
      const hint =
        type === 'ApexPage' ? ` although the source has ${pages.map((p) => relative(root, p)).join(', ')}` : '';
      console.log(`FAIL package.xml converted from ${relative(root, sourceDir) || '.'} does not list ${type}${hint}`);
    }
  }
  console.log(`sf-convert: ${listed.size} types in package.xml, ${failed} missing, in ${Date.now() - started} ms`);
  return failed === 0 ? 0 : 1;
}
