// The managed-package check (scripts/checks/namespace.mjs) passes on the repo and fails, naming the cause, on each
// way a namespaced install breaks: a hard-coded page URL, a PushTopic on another API version, a credential that
// is not packaged, no post-install script. The unpackaged directory (the scratch-org call center) is valid too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runChecker } from './helpers/run-checker.mjs';

/** A copy of the project (sfdx-project.json, force-app, unpackaged) changed by `edit`. */
function brokenCopy(t, edit) {
  const dir = mkdtempSync(join(tmpdir(), 'namespace-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(repoRoot, 'sfdx-project.json'), join(dir, 'sfdx-project.json'));
  for (const part of ['force-app', 'unpackaged']) {
    cpSync(join(repoRoot, part), join(dir, part), {
      recursive: true,
      filter: (src) => !src.includes('__tests__') && !src.endsWith('.resource')
    });
  }
  const change = (path, from, to) => {
    const file = join(dir, path);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${path} contains ${from}`);
    writeFileSync(file, text.replace(from, to));
  };
  edit({ dir, change });
  return dir;
}

test('the package works namespaced: URLs, credentials, PushTopic names and API versions', () => {
  const { status, output } = runChecker('namespace', []);
  assert.equal(status, 0, output);
});

test('a call center inside the package with a hard-coded /apex/Softphone URL fails', (t) => {
  const dir = brokenCopy(t, ({ dir: root }) => {
    cpSync(join(root, 'unpackaged/main/default/callCenters'), join(root, 'force-app/main/default/callCenters'), {
      recursive: true
    });
  });
  const { status, output } = runChecker('namespace', [dir]);
  assert.equal(status, 1, output);
  assert.match(
    output,
    /KazooSoftphone\.callCenter-meta\.xml opens \/apex\/Softphone, which a namespaced install does not have/
  );
});

test('a PushTopic API version that is not sourceApiVersion fails', (t) => {
  const dir = brokenCopy(t, ({ change }) =>
    change('force-app/main/default/classes/PushTopicInstaller.cls', 'API_VERSION = 66.0', 'API_VERSION = 65.0')
  );
  const { status, output } = runChecker('namespace', [dir]);
  assert.equal(status, 1, output);
  assert.match(output, /PushTopicInstaller\.API_VERSION 65\.0 is not sourceApiVersion 66\.0/);
});

test('a $Credential reference to a credential the package does not have fails', (t) => {
  const dir = brokenCopy(t, ({ change }) =>
    change(
      'force-app/main/default/externalCredentials/Telephony_Adapter.externalCredential-meta.xml',
      '$Credential.Telephony_Adapter.',
      '$Credential.Other_Adapter.'
    )
  );
  const { status, output } = runChecker('namespace', [dir]);
  assert.equal(status, 1, output);
  assert.match(output, /reads \$Credential\.Other_Adapter, which is not a packaged external credential/);
});

test('a package without its post-install script fails', (t) => {
  const dir = brokenCopy(t, ({ change }) =>
    change('sfdx-project.json', '"postInstallScript": "PushTopicInstaller"', '"postInstallScript": "Missing"')
  );
  const { status, output } = runChecker('namespace', [dir]);
  assert.equal(status, 1, output);
  assert.match(output, /postInstallScript "Missing" is not a class of the package/);
});

test('the unpackaged scratch-org metadata (call center) is valid metadata', () => {
  const { status, output } = runChecker('metadata', ['unpackaged']);
  assert.equal(status, 0, output);
});
