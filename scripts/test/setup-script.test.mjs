// scripts/setup-scratch-org.sh, run with `sf` (through npx) and `npm` replaced by recording stubs: it must pass
// `bash -n` and run its steps in the order the org needs them: create org, build, deploy, assign, tests,
// PushTopic, users, data. A copy with the tests moved after the PushTopic (the round-1 order, which made the
// PushTopic tests fail in a real org) is reported as out of order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './helpers/run-checker.mjs';

const SCRIPT = 'scripts/setup-scratch-org.sh';
/** Phase of each recorded command, by its leading words. */
const PHASES = [
  ['sf org create scratch', 'create org'],
  ['npm run build', 'build'],
  ['sf project deploy start', 'deploy'],
  ['sf org assign permset', 'assign'],
  ['sf apex run test', 'tests'],
  ['sf apex run --file scripts/apex/create-pushtopic.apex', 'PushTopic'],
  ['sf data update record --sobject User', 'users'],
  ['sf org create user', 'users'],
  ['sf data import tree', 'data']
];
const ORDER = ['create org', 'build', 'deploy', 'assign', 'tests', 'PushTopic', 'users', 'data'];

/** The phases of a recorded run, in order, without repeats. */
function phasesOf(log) {
  const phases = [];
  for (const line of log) {
    const phase = PHASES.find(([prefix]) => line.startsWith(prefix))?.[1];
    if (phase && phases.at(-1) !== phase) phases.push(phase);
  }
  return phases;
}

// A sandbox repo with the script, its inputs, and stubs of npx (for sf) and npm on PATH.
function dryRun(t, editScript = (text) => text) {
  const dir = mkdtempSync(join(tmpdir(), 'setup-script-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const part of ['scripts/checks/bundle-built.mjs', 'scripts/apex', 'config']) {
    cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  }
  writeFileSync(join(dir, SCRIPT), editScript(readFileSync(join(repoRoot, SCRIPT), 'utf8')));
  const bin = join(dir, 'stub-bin');
  mkdirSync(bin);
  const log = join(dir, 'commands.log');
  const stub = (name, body) => {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // npx --no-install sf <args>: record, and answer the --json reads the script parses.
  stub(
    'npx',
    `shift; echo "$*" >> "${log}"
case "$*" in
  "sf org display"*) echo '{"result":{"username":"dev@example.com"}}' ;;
  *"FROM User"*) echo '{"result":{"records":[{"Id":"005000000000001AAA"}]}}' ;;
  *"FROM CallCenter"*) echo '{"result":{"records":[{"Id":"04v000000000001AAA"}]}}' ;;
esac`
  );
  // npm run build: record, and produce the two static resources the preflight looks for.
  const resources = join(dir, 'force-app/main/default/staticresources');
  stub(
    'npm',
    `echo "npm $*" >> "${log}"; mkdir -p "${resources}"; echo x > "${resources}/softphoneBundle.js"; echo x > "${resources}/cometd.js"`
  );
  const run = spawnSync('bash', [join(dir, SCRIPT), '--alias', 'dry'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }
  });
  return {
    status: run.status,
    output: `${run.stdout}${run.stderr}`,
    log: readFileSync(log, 'utf8').trim().split('\n')
  };
}

test('the setup script is valid bash', () => {
  const check = spawnSync('bash', ['-n', join(repoRoot, SCRIPT)], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

test('a dry run creates, builds, deploys, assigns, tests, then PushTopic, users and data', (t) => {
  const { status, output, log } = dryRun(t);
  assert.equal(status, 0, output);
  assert.deepEqual(phasesOf(log), ORDER);
  const deploy = log.find((line) => line.startsWith('sf project deploy start'));
  assert.match(deploy, /--source-dir force-app --source-dir unpackaged/, 'the call center is deployed too');
  const user = log.find((line) => line.startsWith('sf org create user'));
  assert.match(user, /--definition-file config\/integration-user-def\.json/, 'an integration user is created');
  assert.match(log[0], /--no-namespace/, 'a developer scratch org is un-namespaced unless asked');
});

test('a script that runs the tests after creating the PushTopic is out of order', (t) => {
  const swapped = (text) => {
    const tests = text.slice(text.indexOf('if [ "$RUN_TESTS" = true ]'), text.indexOf('step "6.'));
    const pushTopic = text.slice(text.indexOf('step "6.'), text.indexOf('step "7.'));
    return text.replace(tests + pushTopic, pushTopic + tests);
  };
  const { status, log } = dryRun(t, swapped);
  assert.equal(status, 0);
  assert.notDeepEqual(phasesOf(log), ORDER);
  assert.ok(phasesOf(log).indexOf('PushTopic') < phasesOf(log).indexOf('tests'), 'the broken order is what ran');
});

test('without a built bundle the deploy is refused with what to run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-built-'));
  try {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/checks/bundle-built.mjs'), dir], {
      encoding: 'utf8'
    });
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      /not built: .*softphoneBundle\.js, .*cometd\.js\. Run `npm run build` before `sf project deploy start`/
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
