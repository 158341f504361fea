import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiAuthBucket } from '../../../devstack/kazoo/api-auth-bucket.ts';
import { startKazooSimulator } from '../../../devstack/kazoo/index.ts';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import { LoginPacer } from '../../src/kazoo/login-pacer.ts';
import { pino } from 'pino';

/** A clock whose sleeps advance it at once, recording each wait. */
function steppingClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    }
  };
}

describe('logins of several tenants to one Kazoo', () => {
  it('are spaced so that Crossbar’s per-IP bucket never refuses one', async () => {
    const clock = steppingClock();
    const pacer = new LoginPacer(clock);
    const crossbar = new ApiAuthBucket();
    const sentAt: number[] = [];
    // Six tenants start at the same moment; each login is judged by the simulator's copy of the bucket.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await pacer.take();
        sentAt.push(clock.now());
        assert.ok(crossbar.consume('10.0.0.7', clock.now()), `login at ${clock.now()} ms refused`);
      })
    );
    // 100 tokens, 35 a login, 10 back a second: two at once, the third once 5 more have come back
    // (0.5 s), then one every 3.5 s.
    assert.deepEqual(sentAt, [0, 0, 500, 4000, 7500, 11000]);
  });

  it('wait for the pacer before PUT /v2/api_auth, so a queued tenant sends nothing yet', async () => {
    const sim = await startKazooSimulator({ seed: 3, timeScale: 0.001 });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = { take: () => gate } as unknown as LoginPacer;
    const provider = createKazooProvider(
      { baseUrl: sim.crossbarUrl, websocketUrl: sim.websocketUrl, accountId: sim.accountId, apiKey: sim.apiKey },
      pino({ level: 'silent' }),
      { loginPacer: held }
    );
    let settled = false;
    const report = provider.testConnection().finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(settled, false, 'no login went out while the pacer held it');
    release();
    assert.equal((await report).ok, true);
    await sim.stop();
  });
});
