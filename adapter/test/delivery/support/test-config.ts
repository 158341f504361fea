/** An adapter config for tests: one tenant, JWT auth against `loginUrl`, store in a temp dir. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair, type CryptoKey } from 'jose';
import { parseConfig } from '../../../src/config/load-config.ts';
import type { AdapterConfig } from '../../../src/config/adapter-config.ts';

export const TEST_QUEUE_ID = '00G000000000001AAA';

export async function testKeys(): Promise<{ publicKey: CryptoKey; privateKeyPem: string }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { publicKey, privateKeyPem: await exportPKCS8(privateKey) };
}

export function testConfig(options: {
  loginUrl: string;
  privateKeyPem: string;
  accountId: string;
  storeDir?: string;
  delivery?: Record<string, number>;
  coalesceWindowMs?: number;
  clientId?: string;
  username?: string;
}): AdapterConfig {
  return parseConfig(
    {
      logLevel: 'error',
      http: { port: 0 },
      store: { directory: options.storeDir ?? mkdtempSync(join(tmpdir(), 'cti-app-')) },
      delivery: { graceMs: 0, reconcileIntervalMs: 3_600_000, ...options.delivery },
      tenants: [
        {
          id: 'acme',
          kazoo: {
            baseUrl: 'http://127.0.0.1:1',
            websocketUrl: 'ws://127.0.0.1:1',
            accountId: options.accountId,
            apiKey: 'k'
          },
          salesforce: {
            loginUrl: options.loginUrl,
            auth: {
              kind: 'jwt',
              clientId: options.clientId ?? 'client',
              username: options.username ?? 'int@acme.example',
              privateKey: options.privateKeyPem
            }
          },
          defaultOwnerId: TEST_QUEUE_ID,
          defaultRegion: 'US',
          coalesceWindowMs: options.coalesceWindowMs ?? 20,
          apiKey: 'tenant-api-key',
          recordingLinkSecret: 'link-secret',
          webhookSecret: 'tenant-webhook-secret'
        }
      ]
    },
    {}
  );
}
