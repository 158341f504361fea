// `npm start` as an admin tool (ux-walk #31, #32): the running stack writes a config file with which `cti-adapter
// check` and `members` reach it, members name the Salesforce users, and the harness page rings a chosen scenario
// and caller for its agent and injects the faults the stand-ins support.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDemoStack, type DemoStack } from '../../start.ts';

let stack: DemoStack;
before(async () => {
  stack = await startDemoStack({
    dataDir: mkdtempSync(join(tmpdir(), 'demo-admin-')),
    fresh: true,
    callEveryMs: null,
    timeScale: 0.01,
    logLevel: 'error'
  });
});
after(() => stack.stop());

/** The CLI in a child process; asynchronously, as this process serves the stack the CLI talks to. */
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['adapter/bin/cti-adapter.js', ...args, '--config', stack.configFile],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (error.code as number) : 0, stdout, stderr })
    );
  });

test('cti-adapter check passes against the running stack with the config file it wrote', async () => {
  const result = await cli('check');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /All checks passed\./);
  assert.match(result.stdout, /ok +demo: PushTopic CallDataUpdates: exists and is active/);
});

test('members lists the PBX users with the name and username of the Salesforce user each maps to', async () => {
  const result = await cli('members');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /Alice.*Alice \S+ <alice@kazoo-cti\.example> \(005/);
});

const post = async (path: string, body: object) => {
  const res = await fetch(`${stack.salesforce.instanceUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

test('the harness rings the chosen scenario from the chosen caller to the page’s agent', async () => {
  const page = await (await fetch(stack.harnessUrl)).text();
  assert.match(page, /data-id="harness-ring-form"/);
  assert.match(page, /<option value="outbound-busy">/);
  const carol = stack.salesforce.userId('carol@kazoo-cti.example');
  const rang = await post('/harness/api/ring', { scenario: 'inbound-user', agentId: carol, number: '+14155550177' });
  assert.equal(rang.status, 200, JSON.stringify(rang.body));
  const deadline = Date.now() + 10_000;
  while (!stack.salesforce.records('CallData__c').some((r) => r.ExternalNumber__c === '+14155550177')) {
    if (Date.now() > deadline) throw new Error('the rung call never reached Salesforce');
    await new Promise((r) => setTimeout(r, 50));
  }
  const record = stack.salesforce.records('CallData__c').find((r) => r.ExternalNumber__c === '+14155550177');
  assert.equal(record?.OwnerId, carol);
  const refused = await post('/harness/api/ring', { scenario: 'no-such', agentId: carol, number: '' });
  assert.equal(refused.status, 400);
  assert.match(String(refused.body.message), /unknown scenario no-such/);
});

test('the harness drops the PBX socket and makes Salesforce refuse writes until switched off', async () => {
  const carol = stack.salesforce.userId('carol@kazoo-cti.example');
  assert.equal((await post('/harness/api/fault', { fault: 'pbx-drop-sockets', agentId: carol })).status, 200);
  assert.equal(stack.kazoo.connectedClients(), 0, 'the adapter was disconnected from blackhole');
  await post('/harness/api/fault', { fault: 'salesforce-errors-on', agentId: carol });
  assert.equal(stack.salesforce.faults.current().endpoints?.collections?.serverErrorRate, 1);
  await post('/harness/api/fault', { fault: 'salesforce-errors-off', agentId: carol });
  assert.deepEqual(stack.salesforce.faults.current(), {});
  const unknown = await (await fetch(`${stack.harnessUrl}?agent=005000000000000AAA`)).text();
  assert.match(unknown, /data-id="unknown-agent"/);
});
