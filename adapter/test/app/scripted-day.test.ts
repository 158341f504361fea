/**
 * Must show of delivery: a scripted day of calls played into the adapter (a separate process)
 * leaves the Salesforce stand-in with exactly the records the replay CLI prints for the same
 * events, with correct owners: with SIGKILL at random points and restarts, and with 20% of the
 * stand-in's requests failing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { FaultConfig } from '../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../devstack/salesforce/seed.ts';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { buildScriptedDay, replayRecords } from './support/scripted-day.ts';
import { MAPPED_PBX_USERS, startScriptedOrg } from './support/scripted-org.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const CHILD = join(import.meta.dirname, 'support/adapter-child.ts');

async function playDay(options: {
  kills: number;
  faults?: FaultConfig;
  seed: number;
  paceMs?: number;
}): Promise<{ share: number }> {
  const { dir, org, tenant } = await startScriptedOrg('cti-day-');
  const config = {
    logLevel: 'error',
    store: { directory: join(dir, 'data') },
    delivery: {
      graceMs: 0,
      baseBackoffMs: 20,
      maxBackoffMs: 500,
      limitBackoffMs: 200,
      requestTimeoutMs: 1500,
      maxAttempts: 1000
    },
    tenants: [{ ...tenant, coalesceWindowMs: 100 }]
  };
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(config));
  const lines = buildScriptedDay(4);
  const expected = await replayRecords(lines, dir);
  if (options.faults) org.faults.configure(options.faults);

  let random = options.seed;
  const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const killPoints = Array.from({ length: options.kills }, () => Math.floor(nextRandom() * lines.length)).sort(
    (a, b) => a - b
  );
  let sent = 0;
  let child: ChildProcessWithoutNullStreams | null = null;
  try {
    while (sent < lines.length || child === null) {
      child = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'adapter.json')]);
      const errors: Buffer[] = [];
      child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
      const acks = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const killAt = killPoints.shift();
      for (; sent < lines.length;) {
        child.stdin.write(`${lines[sent]}\n`);
        const ack = await acks.next();
        if (ack.done) throw new Error(`the adapter process died: ${Buffer.concat(errors).toString()}`);
        sent += 1;
        // Pacing spreads the day over more coalescing windows, so more requests meet faults.
        if (options.paceMs) await new Promise((resolve) => setTimeout(resolve, options.paceMs));
        if (killAt !== undefined && sent >= killAt) break;
      }
      if (sent < lines.length) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child?.once('exit', resolve));
        child = null;
      }
    }
    const byCallId = () => new Map(org.records('CallData__c').map((r) => [String(r.CallId__c), r]));
    await waitFor(
      () => {
        const stored = byCallId();
        return expected.every((want) => stored.get(String(want.CallId__c))?.LastEventSeq__c === want.LastEventSeq__c);
      },
      'the org to hold every final record',
      60_000
    );
    child.stdin.end();
    await new Promise((resolve) => child?.once('exit', resolve));
    child = null;

    const stored = byCallId();
    assert.equal(stored.size, expected.length, 'no extra and no missing records');
    for (const want of expected) {
      const got: Record<string, unknown> = stored.get(String(want.CallId__c)) ?? {};
      for (const field of PROJECTION_FIELDS)
        assert.deepEqual(got[field], want[field], `${String(want.CallId__c)} ${field}`);
      const pbxUser = want.PbxUserId__c as string | null;
      const owner = pbxUser && MAPPED_PBX_USERS.includes(pbxUser) ? org.userId(pbxUser) : UNASSIGNED_QUEUE.Id;
      assert.equal(got.OwnerId, owner, `${String(want.CallId__c)} owner`);
    }
    const injected = Object.entries(org.faults.injectedCounts()).filter(([kind]) => !kind.endsWith('lock-row'));
    const failed = injected.reduce((sum, [, n]) => sum + n, 0);
    return { share: failed / Math.max(1, org.counters.total()) };
  } finally {
    child?.kill('SIGKILL');
    await org.stop();
  }
}

test('a day of calls with SIGKILL at random points ends as exactly the replayed records', async () => {
  await playDay({ kills: 3, seed: 7 });
});

test('a day of calls with 20% of Salesforce requests failing ends as exactly the replayed records', async () => {
  const { share } = await playDay({
    kills: 1,
    seed: 11,
    paceMs: 8,
    faults: {
      seed: 5,
      timeoutMs: 2000,
      endpoints: { '*': { serverErrorRate: 0.12, timeoutRate: 0.04, requestLimitRate: 0.04, lockRowRate: 0.03 } }
    }
  });
  assert.ok(share >= 0.15, `about a fifth of the requests failed (${(share * 100).toFixed(0)}%)`);
});
