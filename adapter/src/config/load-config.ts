/**
 * Reads the adapter's JSON config, applies environment overrides, resolves secrets from the
 * environment or from files, and validates the result. Errors name the setting in plain words
 * and never echo a secret.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { adapterConfigSchema, type AdapterConfig } from './adapter-config.ts';

/** Settings that hold secrets: each may be given as `<key>`, `<key>Env` or `<key>File`. */
export const SECRET_KEYS = [
  'apiKey',
  'privateKey',
  'clientSecret',
  'recordingLinkSecret',
  'webhookSecret',
  'tokenEncryptionKey'
];

/** Prefix of environment overrides: `CTI_ADAPTER__http__port=9000`, `CTI_ADAPTER__tenants__<id>__apiKeyFile=…`. */
export const ENV_PREFIX = 'CTI_ADAPTER__';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEnvValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function applyOverride(root: Json, path: string[], value: unknown): void {
  let node: unknown = root;
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    if (Array.isArray(node)) {
      // Arrays of tenants are addressed by tenant id, never by position.
      const match = node.find((item) => isObject(item) && item.id === key) as Json | undefined;
      if (!match) throw new ConfigError(`${ENV_PREFIX}${path.join('__')}: no tenant with id '${key}'`);
      node = match;
      continue;
    }
    if (!isObject(node)) throw new ConfigError(`${ENV_PREFIX}${path.join('__')}: '${key}' is not inside an object`);
    if (last) node[key] = value;
    else node = node[key] ??= {};
  }
}

function resolveSecrets(node: unknown, env: NodeJS.ProcessEnv, baseDir: string, where: string): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => resolveSecrets(item, env, baseDir, `${where}[${index}]`));
    return;
  }
  if (!isObject(node)) return;
  for (const key of SECRET_KEYS) {
    const fromEnv = node[`${key}Env`];
    const fromFile = node[`${key}File`];
    delete node[`${key}Env`];
    delete node[`${key}File`];
    if (typeof fromEnv === 'string') {
      const value = env[fromEnv];
      if (!value) throw new ConfigError(`${where}.${key}Env: environment variable ${fromEnv} is not set`);
      node[key] = value;
    } else if (typeof fromFile === 'string') {
      try {
        node[key] = readFileSync(resolve(baseDir, fromFile), 'utf8').trim();
      } catch (error) {
        throw new ConfigError(`${where}.${key}File: cannot read ${fromFile} (${(error as Error).message})`);
      }
    }
  }
  for (const [key, value] of Object.entries(node)) resolveSecrets(value, env, baseDir, `${where}.${key}`);
}

/** Validates an already-parsed config object (secrets resolved relative to `baseDir`). */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
  baseDir = process.cwd()
): AdapterConfig {
  if (!isObject(raw)) throw new ConfigError('the config must be a JSON object');
  const copy = structuredClone(raw);
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || text === undefined) continue;
    applyOverride(copy, name.slice(ENV_PREFIX.length).split('__'), parseEnvValue(text));
  }
  resolveSecrets(copy, env, baseDir, 'config');
  const result = adapterConfigSchema.safeParse(copy);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`invalid adapter config:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Reads `path` (JSON), applies `CTI_ADAPTER__…` overrides and secrets, and validates. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, env, dirname(resolve(path)));
}
