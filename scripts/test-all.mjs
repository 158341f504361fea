#!/usr/bin/env node
// Runs every check the project has and ends with one plain line `N passed, N failed`.
// Each static checker counts as one test; node:test and jest suites count their own tests.
// A stage whose runner is missing fails: no suite is ever skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import {
  foldersFromJestSummary,
  foldersFromLcov,
  formatFolders,
  readLcov,
  unloadedSources
} from './coverage-summary.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // `npm test -- unit jest` runs just those stages

/** Lists files under `dir` whose names end with one of `suffixes`. */
function findFiles(dir, suffixes) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const name of readdirSync(abs)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(abs, name);
    if (statSync(full).isDirectory()) out.push(...findFiles(relative(root, full), suffixes));
    else if (suffixes.some((s) => name.endsWith(s))) out.push(relative(root, full));
  }
  return out.sort();
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** A stage is a command counted as one check, or a test runner that reports its own counts. */
const stages = [
  // The adapter's runtime first: the tests that spawn `cti-adapter` then run what a deployment runs.
  { name: 'build-adapter', kind: 'check', cmd: ['node', 'scripts/build-adapter.mjs'] },
  { name: 'build', kind: 'check', cmd: ['node', 'scripts/build-softphone.mjs'] },
  { name: 'apex-parse', kind: 'check', cmd: ['node', 'scripts/checks/apex-parse.mjs'] },
  { name: 'apex-semantic', kind: 'check', cmd: ['node', 'scripts/checks/apex-semantic.mjs'] },
  { name: 'metadata', kind: 'check', cmd: ['node', 'scripts/checks/metadata.mjs'] },
  { name: 'sf-convert', kind: 'check', cmd: ['node', 'scripts/checks/sf-convert.mjs'] },
  { name: 'pmd', kind: 'check', cmd: ['node', 'scripts/checks/pmd.mjs'] },
  { name: 'prettier', kind: 'check', cmd: [bin('prettier'), '--check', '.'] },
  { name: 'eslint', kind: 'check', cmd: [bin('eslint'), '--max-warnings', '0', '.'] },
  { name: 'tsc', kind: 'check', cmd: [bin('tsc'), '-p', 'tsconfig.json'] },
  {
    name: 'unit',
    kind: 'node-test',
    // Two files at a time on the 2-core machine; every suite here passes side by side with another.
    concurrency: 2,
    coverage: ['adapter/src', 'devstack'],
    files: () => [
      ...findFiles('scripts/test', ['.test.mjs']),
      ...findFiles('adapter/test', ['.test.ts']),
      ...findFiles('devstack/test', ['.test.ts'])
    ]
  },
  { name: 'jest', kind: 'jest' },
  { name: 'e2e', kind: 'node-test', files: () => findFiles('devstack/e2e', ['.e2e.ts']) }
];

function run(cmd, extraEnv = {}) {
  const started = Date.now();
  const result = spawnSync(cmd[0], cmd.slice(1), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv },
    maxBuffer: 256 * 1024 * 1024
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { status: result.status ?? 1, output, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

let passed = 0;
let failed = 0;
const failures = [];

for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  if (stage.kind === 'check') {
    const script = stage.cmd[1];
    if (stage.cmd[0] === 'node' && !existsSync(join(root, script))) {
      failed++;
      failures.push(`${stage.name}: runner ${script} is missing`);
      console.log(`FAIL ${stage.name}: ${script} is missing`);
      continue;
    }
    const r = run(stage.cmd);
    if (r.status === 0) {
      passed++;
      console.log(`ok   ${stage.name} (${r.seconds}s)`);
    } else {
      failed++;
      failures.push(stage.name);
      console.log(`FAIL ${stage.name} (${r.seconds}s)\n${r.output.trimEnd()}`);
    }
  } else if (stage.kind === 'node-test') {
    const files = stage.files();
    if (files.length === 0) {
      failed++;
      failures.push(`${stage.name}: no test files found`);
      console.log(`FAIL ${stage.name}: no test files found`);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), 'node-test-'));
    const lcov = join(dir, 'lcov.info');
    const reporters = stage.coverage
      ? [
          '--experimental-test-coverage',
          '--test-reporter=tap',
          '--test-reporter-destination=stdout',
          '--test-reporter=lcov',
          `--test-reporter-destination=${lcov}`
        ]
      : ['--test-reporter=tap'];
    const concurrency = stage.concurrency ? [`--test-concurrency=${stage.concurrency}`] : [];
    const r = run(['node', '--import', 'tsx', '--test', ...concurrency, ...reporters, ...files]);
    if (stage.coverage) printNodeCoverage(stage, readLcov(lcov));
    rmSync(dir, { recursive: true, force: true });
    const pass = Number(/^# pass (\d+)/m.exec(r.output)?.[1] ?? 0);
    const fail = Number(/^# fail (\d+)/m.exec(r.output)?.[1] ?? 0);
    const cancelled = Number(/^# cancelled (\d+)/m.exec(r.output)?.[1] ?? 0);
    passed += pass;
    failed += fail + cancelled;
    const broken = r.status !== 0 && fail + cancelled === 0;
    if (broken) failed++;
    const summary = `${stage.name}: ${pass} passed, ${fail + cancelled} failed in ${files.length} files (${r.seconds}s)`;
    if (r.status === 0) console.log(`ok   ${summary}`);
    else {
      failures.push(stage.name);
      console.log(`FAIL ${summary}\n${failingTapBlocks(r.output)}`);
    }
  } else if (stage.kind === 'jest') {
    const dir = mkdtempSync(join(tmpdir(), 'jest-'));
    const report = join(dir, 'report.json');
    const coverageDir = join(dir, 'coverage');
    const r = run([
      bin('sfdx-lwc-jest'),
      '--',
      '--json',
      `--outputFile=${report}`,
      '--ci',
      '--coverage',
      '--coverageReporters=json-summary',
      `--coverageDirectory=${coverageDir}`
    ]);
    const coverageSummary = join(coverageDir, 'coverage-summary.json');
    if (existsSync(coverageSummary)) {
      console.log(
        formatFolders('(jest, LWC)', foldersFromJestSummary(JSON.parse(readFileSync(coverageSummary, 'utf8')), root))
      );
    }
    let pass = 0;
    let fail = 0;
    if (existsSync(report)) {
      const json = JSON.parse(readFileSync(report, 'utf8'));
      pass = json.numPassedTests;
      fail = json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0);
    }
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0 && fail === 0) fail = 1;
    passed += pass;
    failed += fail;
    const summary = `jest: ${pass} passed, ${fail} failed (${r.seconds}s)`;
    if (r.status === 0) console.log(`ok   ${summary}`);
    else {
      failures.push('jest');
      console.log(`FAIL ${summary}\n${r.output.trimEnd()}`);
    }
  }
}

/** Prints line and branch coverage per folder; files no test process loaded are named, at 0%. */
function printNodeCoverage(stage, lcovText) {
  const { folders, loaded } = foldersFromLcov(lcovText, root);
  console.log(formatFolders(`(${stage.name}: node --experimental-test-coverage)`, folders));
  const unloaded = unloadedSources(root, stage.coverage, loaded);
  if (unloaded.length) console.log(`  loaded by no test process (0%): ${unloaded.join(', ')}`);
}

/** Keeps the TAP blocks of failing tests, so the log names what broke without the noise. */
function failingTapBlocks(output) {
  const lines = output.split('\n');
  const kept = [];
  let keeping = false;
  for (const line of lines) {
    if (/^\s*not ok /.test(line)) keeping = true;
    else if (/^\s*ok /.test(line)) keeping = false;
    if (keeping || /^# (Subtest|fail|cancelled)/.test(line)) kept.push(line);
  }
  return kept.slice(0, 400).join('\n') || output.slice(-8000);
}

if (failures.length) console.log(`\nfailed stages: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
