/**
 * Loading the adapter config: secrets come from the environment or files, environment overrides
 * address tenants by id, and every mistake is reported by setting name without echoing secrets.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load-config.ts';

const EXAMPLE = join(import.meta.dirname, '../../../config/adapter.example.json');

function exampleWithSecretFiles(): { dir: string; env: NodeJS.ProcessEnv; raw: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), 'cti-config-'));
  const text = readFileSync(EXAMPLE, 'utf8').replaceAll('/run/secrets/', `${dir}/`);
  for (const name of [
    'acme-salesforce-jwt.key',
    'globex-kazoo-api-key',
    'globex-adapter-api-key',
    'globex-recording-link-secret',
    'globex-webhook-secret'
  ]) {
    writeFileSync(join(dir, name), `secret-of-${name}\n`);
  }
  const env = {
    CTI_TOKEN_ENCRYPTION_KEY: 'k'.repeat(44),
    ACME_KAZOO_API_KEY: 'kazoo-key',
    ACME_ADAPTER_API_KEY: 'adapter-key',
    ACME_RECORDING_LINK_SECRET: 'link-secret',
    ACME_WEBHOOK_SECRET: 'hook-secret',
    PROVIDER_SALESFORCE_CLIENT_SECRET: 'client-secret'
  };
  writeFileSync(join(dir, 'adapter.json'), text);
  return { dir, env, raw: JSON.parse(text) as Record<string, unknown> };
}

test('the example config loads, with secrets from the environment and from files', () => {
  const { dir, env } = exampleWithSecretFiles();
  const config = loadConfig(join(dir, 'adapter.json'), env);
  const [acme, globex] = config.tenants;
  assert.equal(acme?.kazoo.apiKey, 'kazoo-key');
  assert.equal(
    acme?.salesforce.auth.kind === 'jwt' && acme.salesforce.auth.privateKey,
    'secret-of-acme-salesforce-jwt.key'
  );
  assert.equal(globex?.apiKey, 'secret-of-globex-adapter-api-key');
  assert.equal(globex?.coalesceWindowMs, 250, 'defaults apply');
  assert.equal(config.store.tokenEncryptionKey, 'k'.repeat(44));
  assert.equal(acme?.webhookSecret, 'hook-secret');
  assert.equal(globex?.webhookSecret, 'secret-of-globex-webhook-secret');
});

test('a webhook secret equal to the API key is refused: Kazoo shows hook URIs in its attempt logs', () => {
  const { dir, env } = exampleWithSecretFiles();
  assert.throws(
    () => loadConfig(join(dir, 'adapter.json'), { ...env, ACME_WEBHOOK_SECRET: 'adapter-key' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /tenants\.0\.webhookSecret: must differ from apiKey/.test(error.message) &&
      !error.message.includes('adapter-key')
  );
});

test('environment overrides reach nested settings and tenants by id', () => {
  const { dir, env } = exampleWithSecretFiles();
  const config = loadConfig(join(dir, 'adapter.json'), {
    ...env,
    CTI_ADAPTER__http__port: '9090',
    CTI_ADAPTER__tenants__globex__coalesceWindowMs: '500'
  });
  assert.equal(config.http.port, 9090);
  assert.equal(config.tenants[1]?.coalesceWindowMs, 500);
});

test('a missing secret names the setting and the variable, not a value', () => {
  const { raw } = exampleWithSecretFiles();
  assert.throws(
    () => parseConfig(raw, {}),
    (error: Error) =>
      error instanceof ConfigError &&
      /tokenEncryptionKeyEnv: environment variable CTI_TOKEN_ENCRYPTION_KEY/.test(error.message)
  );
});

test('invalid values are listed by path', () => {
  const { dir, env, raw } = exampleWithSecretFiles();
  const tenants = raw.tenants as Record<string, unknown>[];
  tenants[0] = { ...tenants[0], defaultOwnerId: 'not-an-id', coalesceWindowMs: -1 };
  assert.throws(
    () => parseConfig(raw, env, dir),
    (error: Error) =>
      /tenants\.0\.defaultOwnerId: a 15- or 18-character Salesforce id/.test(error.message) &&
      /tenants\.0\.coalesceWindowMs/.test(error.message) &&
      !error.message.includes('kazoo-key')
  );
});
