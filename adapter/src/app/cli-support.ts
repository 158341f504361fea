/**
 * What the operating commands share: `--config FILE` (or CTI_ADAPTER_CONFIG), a quiet logger,
 * and the tenant list filtered by `--tenant`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pino, { type Logger } from 'pino';
import type { AdapterConfig, TenantConfig } from '../config/adapter-config.ts';
import { loadConfig } from '../config/load-config.ts';
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import { createLogger } from './create-logger.ts';

export interface CommandContext {
  config: AdapterConfig;
  tenants: TenantConfig[];
  values: Record<string, string | boolean | undefined>;
  logger: Logger;
}

/** Parses the common options plus `extra`; returns an error text for the user instead of throwing. */
export function commandContext(
  args: string[],
  extra: ParseArgsConfig['options'] = {},
  env: NodeJS.ProcessEnv = process.env
): CommandContext | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { config: { type: 'string' }, tenant: { type: 'string' }, ...extra },
      strict: true,
      allowPositionals: false
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    return (error as Error).message;
  }
  const path = (values.config as string | undefined) ?? env.CTI_ADAPTER_CONFIG;
  if (!path) return 'missing --config FILE (or set CTI_ADAPTER_CONFIG)';
  let config: AdapterConfig;
  try {
    config = loadConfig(path, env);
  } catch (error) {
    return (error as Error).message;
  }
  const tenants = values.tenant ? config.tenants.filter((t) => t.id === values.tenant) : config.tenants;
  if (tenants.length === 0) return `no tenant with id '${String(values.tenant)}'`;
  // Warnings go to stderr so the command's own output stays clean.
  return { config, tenants, values, logger: createLogger('warn', pino.destination(2)) };
}

/** The real PBX provider of a tenant (Kazoo), loaded on demand. */
export async function kazooProviderFor(tenant: TenantConfig, logger: Logger): Promise<PbxProvider> {
  const { createKazooProvider } = await import('../kazoo/kazoo-provider.ts');
  const { loginPacerFor } = await import('../kazoo/login-pacer.ts');
  // Every tenant of this process logs in from one address, so they share Crossbar's login bucket.
  return createKazooProvider({ ...tenant.kazoo }, logger.child({ tenant: tenant.id }), {
    loginPacer: loginPacerFor(tenant.kazoo.baseUrl)
  });
}
