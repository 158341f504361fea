/**
 * The whole pipeline without a browser: the simulator cuts the blackhole socket as the call
 * hangs up and refuses reconnects for a while, so the DESTROY events are lost. The real adapter
 * must recover them from crossbar (`/channels`, `/cdrs`) and every agent's CallData__c record in
 * the stand-in must end exactly as the scenario's ground truth says.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DemoStack } from '../start.ts';
import { eventually, startE2eStack, stopAll } from './support/e2e-stack.ts';
import { callDataRecords } from './support/harness-driver.ts';

let stack: DemoStack;
before(async () => (stack = await startE2eStack()));
after(() => stopAll(stack, undefined));

test('events lost while the PBX socket was down are recovered and the records match the ground truth', async () => {
  await eventually(() => stack.kazoo.connectedClients() > 0, 'the adapter to connect to blackhole');
  const run = await stack.kazoo.play('inbound-ring-group', { timeScale: 0.2, dropSocketAt: 'ended', outageMs: 1500 });
  await run.finished;
  assert.equal(stack.kazoo.connectedClients(), 0, 'the call ended while the adapter was disconnected');
  const keys = Object.keys(run.expected[0] ?? {});
  const pick = (r: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, r[k]]));
  const byId = (a: { CallId__c: unknown }, b: { CallId__c: unknown }) =>
    String(a.CallId__c).localeCompare(String(b.CallId__c));
  const records = await eventually(
    () => {
      const mine = callDataRecords(stack).filter((r) => r.InteractionId__c === run.interactionId);
      return mine.length === run.expected.length && mine.every((r) => r.Status__c === 'Ended') ? mine : null;
    },
    'every record of the call to end',
    20_000
  );
  assert.deepEqual(records.sort(byId).map(pick), [...run.expected].sort(byId).map(pick));
});
