/**
 * The real adapter (HTTP API on, JWT login) reading the Kazoo simulator's blackhole stream and crossbar, writing to
 * a fake org: the setup of every test that drives stream faults through the whole adapter.
 */
import pino from 'pino';
import { startKazooSimulator, type KazooSimulator } from '../../../../devstack/kazoo/index.ts';
import { startAdapter, type RunningAdapter } from '../../../src/app/start-adapter.ts';
import { createKazooProvider, type KazooConfig } from '../../../src/kazoo/kazoo-provider.ts';
import { startFakeOrg, type FakeOrg, type FakeOrgOptions } from '../../delivery/support/fake-org.ts';
import { testConfig, testKeys } from '../../delivery/support/test-config.ts';

export interface AdapterOnSimulator {
  sim: KazooSimulator;
  org: FakeOrg;
  adapter: RunningAdapter;
  stop: () => Promise<void>;
}

export async function startAdapterOnSimulator(options: {
  seed: number;
  users?: FakeOrgOptions['users'];
  delivery?: Record<string, number>;
  http?: boolean;
  /** The blackhole client's timings (subscribe timeout, reconnect backoff) the test needs. */
  stream?: Pick<KazooConfig, 'subscribeTimeoutMs' | 'initialBackoffMs' | 'maxBackoffMs'>;
}): Promise<AdapterOnSimulator> {
  const sim = await startKazooSimulator({ seed: options.seed, timeScale: 0.0001, recordingDelayMs: 0 });
  const keys = await testKeys();
  const org = await startFakeOrg({ publicKey: keys.publicKey, users: options.users });
  const config = testConfig({
    loginUrl: org.url,
    privateKeyPem: keys.privateKeyPem,
    accountId: sim.accountId,
    delivery: options.delivery
  });
  const adapter = await startAdapter(config, pino({ level: 'silent' }), {
    http: options.http,
    providerFactory: () =>
      createKazooProvider(
        {
          baseUrl: sim.crossbarUrl,
          websocketUrl: sim.websocketUrl,
          accountId: sim.accountId,
          apiKey: sim.apiKey,
          ...options.stream
        },
        pino({ level: 'silent' })
      )
  });
  return {
    sim,
    org,
    adapter,
    stop: async () => {
      await adapter.stop();
      await sim.stop();
      await org.close();
    }
  };
}
