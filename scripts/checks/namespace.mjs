#!/usr/bin/env node
// Does the package work as a managed (namespaced) install, not only unpackaged? Reads sfdx-project.json (the one
// place the namespace is set), builds the packaged directory with a test namespace applied the way the platform
// names components (lib/apply-namespace.mjs), then checks what an install does not rewrite:
// - every /apex/<Page> URL in packaged metadata names a page of the namespaced build;
// - every $Credential reference names a packaged external credential;
// - the PushTopic query, namespaced by PushTopicInstaller's own rule, names only existing objects and fields;
// - PushTopicInstaller.API_VERSION, the contract and Softphone.page use sourceApiVersion (a PushTopic on a
//   packaged object must use the package's API version: Object Reference "PushTopic", ApiVersion);
// - the 2GP declaration: package, versionName, versionNumber, postInstallScript (an InstallHandler), packageAliases.
// Usage: node scripts/checks/namespace.mjs [project-dir]   (default: the repo root)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { applyNamespace } from './lib/apply-namespace.mjs';
import { findFiles } from './lib/find-files.mjs';

const TEST_NAMESPACE = 'nstest';
const project = resolve(process.argv[2] ?? new URL('../..', import.meta.url).pathname);
const problems = [];
const fail = (text) => problems.push(text);

const config = JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8'));
const packaged = (config.packageDirectories ?? []).filter((d) => d.package);
if (packaged.length !== 1) fail(`sfdx-project.json declares ${packaged.length} packaged directories, expected 1`);
const dir = packaged[0] ?? {};
if (!/^[A-Za-z][A-Za-z0-9]{0,14}$/.test(config.namespace ?? '')) fail('sfdx-project.json sets no namespace');
if (!dir.versionName) fail('the package has no versionName');
if (!/^\d+\.\d+\.\d+\.(NEXT|\d+)$/.test(dir.versionNumber ?? ''))
  fail(`versionNumber "${dir.versionNumber}" is not major.minor.patch.NEXT`);
if (typeof config.packageAliases !== 'object') fail('sfdx-project.json has no packageAliases');
const sourceDir = join(project, dir.path ?? 'force-app');
const classes = join(sourceDir, 'main/default/classes');
const installer = dir.postInstallScript ? join(classes, `${dir.postInstallScript}.cls`) : '';
if (!installer || !existsSync(installer))
  fail(`postInstallScript "${dir.postInstallScript}" is not a class of the package`);
else if (!/implements\s+InstallHandler/.test(readFileSync(installer, 'utf8')))
  fail(`${dir.postInstallScript} does not implement InstallHandler`);

const work = mkdtempSync(join(tmpdir(), 'namespace-check-'));
try {
  const built = join(work, 'pkg');
  applyNamespace(sourceDir, built, TEST_NAMESPACE);
  const metadata = findFiles(built, (p) => p.endsWith('-meta.xml') && !p.includes('/staticresources/'));
  const pages = new Set(
    findFiles(built, (p) => p.endsWith('.page')).map((p) =>
      p
        .split('/')
        .pop()
        .replace(/\.page$/, '')
    )
  );
  const credentials = new Set(
    findFiles(built, (p) => p.endsWith('.externalCredential-meta.xml')).map((p) => p.split('/').pop().split('.')[0])
  );
  for (const file of metadata) {
    const text = readFileSync(file, 'utf8');
    for (const [, page] of text.matchAll(/\/apex\/([A-Za-z0-9_]+)/g)) {
      if (!pages.has(page))
        fail(
          `${relative(built, file)} opens /apex/${page}, which a namespaced install does not have (it has ${[...pages].map((p) => `/apex/${p}`).join(', ')})`
        );
    }
    for (const [, name] of text.matchAll(/\$Credential\.([A-Za-z0-9_]+)\./g)) {
      if (!credentials.has(name))
        fail(`${relative(built, file)} reads $Credential.${name}, which is not a packaged external credential`);
    }
  }
  const installerSource = readFileSync(join(classes, 'PushTopicInstaller.cls'), 'utf8');
  const query = /String QUERY = '([^']+)'/.exec(installerSource)?.[1] ?? '';
  const apexPattern = /replaceAll\('([^']+)', namespace \+ '__\$1'\)/.exec(installerSource)?.[1];
  if (!apexPattern)
    fail("PushTopicInstaller.withNamespace no longer prefixes names with replaceAll(<pattern>, namespace + '__$1')");
  const rule = new RegExp((apexPattern ?? '').replace(/\\\\/g, '\\'), 'g');
  const stored = query.replace(rule, `${TEST_NAMESPACE}__$1`);
  const object = /FROM (\S+)$/.exec(stored)?.[1] ?? '';
  for (const field of /^SELECT (.+) FROM/.exec(stored)?.[1].split(/,\s*/) ?? []) {
    if (!field.endsWith('__c')) continue;
    if (!existsSync(join(built, 'main/default/objects', object, 'fields', `${field}.field-meta.xml`))) {
      fail(`the namespaced PushTopic query names ${object}.${field}, which the namespaced package does not have`);
    }
  }
  const api = config.sourceApiVersion;
  const installerApi = /Decimal API_VERSION = ([\d.]+);/.exec(installerSource)?.[1];
  if (Number(installerApi) !== Number(api))
    fail(`PushTopicInstaller.API_VERSION ${installerApi} is not sourceApiVersion ${api}`);
  const contract = JSON.parse(
    readFileSync(join(sourceDir, 'main/default/staticresources/softphoneContract.json'), 'utf8')
  );
  if (Number(contract.pushTopic?.apiVersion) !== Number(api))
    fail(`softphoneContract pushTopic.apiVersion is not ${api}`);
  const page = readFileSync(join(sourceDir, 'main/default/pages/Softphone.page'), 'utf8');
  for (const [, version] of page.matchAll(/(?:\/support\/api\/|data-api-version=")([\d.]+)/g)) {
    if (version !== api) fail(`Softphone.page uses API ${version}, not sourceApiVersion ${api}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const problem of problems) console.log(`FAIL ${problem}`);
console.log(
  `namespace: ${problems.length} problem(s) with namespace ${TEST_NAMESPACE} applied to ${relative(process.cwd(), sourceDir) || '.'}`
);
process.exit(problems.length ? 1 : 0);
