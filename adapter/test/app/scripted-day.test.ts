/**
 * Must show of delivery: a scripted day of calls played into the adapter (a separate process)
 * leaves the Salesforce stand-in with exactly the records the replay CLI prints for the same
 * events, with correct owners: with SIGKILLs right after an ack, in the middle of an upsert (the
 * org applies a write the adapter never hears about) and in the middle of a snapshot transaction,
 * with restarts, and with 20% of the stand-in's requests failing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { FaultConfig, SalesforceStandIn } from '../../../devstack/salesforce/index.ts';
import { UNASSIGNED_QUEUE } from '../../../devstack/salesforce/seed.ts';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { buildScriptedDay, replayRecords } from './support/scripted-day.ts';
import { MAPPED_PBX_USERS, startScriptedOrg } from './support/scripted-org.ts';
import { waitFor } from '../delivery/support/wait-for.ts';

const CHILD = join(import.meta.dirname, 'support/adapter-child.ts');

/** Where in its work the adapter process is killed. */
type KillMoment = 'after-ack' | 'mid-upsert' | 'mid-snapshot';
const MOMENTS: readonly KillMoment[] = ['after-ack', 'mid-upsert', 'mid-snapshot'];

interface RunningChild {
  process: ChildProcessWithoutNullStreams;
  /** Sends one line and resolves true on its ack, false when the process died first. */
  send(line: string): Promise<boolean>;
  stderr(): string;
}

function spawnAdapter(configFile: string): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile]);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const acks = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    process: child,
    async send(line) {
      child.stdin.write(`${line}\n`);
      return !(await acks.next()).done;
    },
    stderr: () => Buffer.concat(errors).toString()
  };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));

/**
 * Kills the adapter at `moment`, feeding it the day's next lines while it gets there (a webhook
 * sender keeps sending; a line the process died before acking is sent again after the restart).
 * Returns how many more lines were acknowledged.
 */
async function killAt(
  moment: KillMoment,
  child: RunningChild,
  org: SalesforceStandIn,
  faults: FaultConfig,
  lines: readonly string[],
  from: number
): Promise<number> {
  let acked = 0;
  const feedUntil = async (done: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      const line = lines[from + acked];
      if (line === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if (!(await child.send(line))) {
        if (moment === 'mid-snapshot') return;
        throw new Error(`the adapter process died: ${child.stderr()}`);
      }
      acked += 1;
    }
  };
  if (moment === 'mid-upsert') {
    // Upserts are held 400 ms by the org: the kill lands while one is on the wire, and the org
    // still applies it after the adapter is gone.
    org.faults.configure({ ...faults, endpoints: { ...faults.endpoints, collections: { latencyMs: 400 } } });
    const before = org.counters.get('rest.collections');
    await feedUntil(() => org.counters.get('rest.collections') > before, 'an upsert in flight');
    child.process.kill('SIGKILL');
    await exited(child.process);
    org.faults.configure(faults);
  } else if (moment === 'mid-snapshot') {
    assert.ok(await child.send(JSON.stringify({ control: 'die-mid-snapshot' })));
    await feedUntil(() => child.process.signalCode === 'SIGKILL', 'the adapter to die inside a snapshot');
    await exited(child.process);
    assert.match(child.stderr(), /killed mid-snapshot/);
  } else {
    child.process.kill('SIGKILL');
    await exited(child.process);
  }
  return acked;
}

async function playDay(options: {
  kills: number;
  faults?: FaultConfig;
  seed: number;
  paceMs?: number;
  /** A shorter window means more, smaller requests (more of them meet faults). */
  coalesceWindowMs?: number;
}): Promise<{ injected: { serverError: number; timeout: number; limit: number }; requests: number }> {
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
    tenants: [{ ...tenant, coalesceWindowMs: options.coalesceWindowMs ?? 100 }]
  };
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(config));
  const lines = buildScriptedDay(4);
  const expected = await replayRecords(lines, dir);
  if (options.faults) org.faults.configure(options.faults);

  let random = options.seed;
  const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const kills = Array.from({ length: options.kills }, (_, i) => ({
    at: Math.floor(nextRandom() * lines.length),
    moment: MOMENTS[i % MOMENTS.length] ?? 'after-ack'
  })).sort((a, b) => a.at - b.at);
  const faults = options.faults ?? {};
  let sent = 0;
  let child: RunningChild | null = null;
  try {
    while (sent < lines.length || child === null) {
      child = spawnAdapter(join(dir, 'adapter.json'));
      const kill = kills.shift();
      for (; sent < lines.length;) {
        if (!(await child.send(lines[sent] ?? ''))) throw new Error(`the adapter process died: ${child.stderr()}`);
        sent += 1;
        // Pacing spreads the day over more coalescing windows, so more requests meet faults.
        if (options.paceMs) await new Promise((resolve) => setTimeout(resolve, options.paceMs));
        if (kill !== undefined && sent >= kill.at) break;
      }
      if (kill !== undefined && sent < lines.length) {
        sent += await killAt(kill.moment, child, org, faults, lines, sent);
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
    child.process.stdin.end();
    await exited(child.process);
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
    const injected = Object.entries(org.faults.injectedCounts());
    const outcomes = (suffix: string) =>
      injected.filter(([kind]) => kind.endsWith(suffix)).reduce((sum, [, n]) => sum + n, 0);
    return {
      injected: {
        serverError: outcomes('server-error'),
        timeout: outcomes('timeout'),
        limit: outcomes('request-limit')
      },
      requests: org.counters.total()
    };
  } finally {
    child?.process.kill('SIGKILL');
    await org.stop();
  }
}

test('a day of calls with SIGKILL at random points ends as exactly the replayed records', async () => {
  await playDay({ kills: 3, seed: 7 });
});

test('a day of calls with a third of Salesforce requests failing ends as exactly the replayed records', async () => {
  const { injected, requests } = await playDay({
    kills: 2,
    seed: 11,
    paceMs: 8,
    coalesceWindowMs: 20,
    faults: {
      seed: 5,
      timeoutMs: 2000,
      endpoints: { '*': { serverErrorRate: 0.2, timeoutRate: 0.05, requestLimitRate: 0.1, lockRowRate: 0.03 } }
    }
  });
  // The day takes only a few dozen requests (coalescing), and how many depends on timing; a
  // share of them would be a coin toss, a handful of injected failures is not.
  const failed = injected.serverError + injected.timeout + injected.limit;
  assert.ok(failed >= 4, `${JSON.stringify(injected)} in ${requests} requests`);
});
