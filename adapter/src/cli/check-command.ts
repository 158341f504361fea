/**
 * `cti-adapter check --config FILE [--tenant ID]`: tests PBX and Salesforce credentials, the
 * PushTopic and the permissions the adapter relies on, and says what is wrong in plain words.
 * Exit code 1 when anything needs fixing.
 */
import { commandContext, kazooProviderFor } from '../app/cli-support.ts';
import { buildTokenSource } from '../app/build-tenant.ts';
import { formatChecks, runChecks } from '../app/run-checks.ts';
import { systemClock } from '../delivery/clock.ts';
import { packageNames } from '../salesforce/package-names.ts';
import { SalesforceSession } from '../salesforce/salesforce-session.ts';
import { TenantStore } from '../store/tenant-store.ts';
import { storePath } from '../app/build-tenant.ts';
import { oauthStateKey } from '../app/start-adapter.ts';
import { createOAuthConnector } from '../salesforce/oauth-callback.ts';

export async function run(args: string[]): Promise<number> {
  const context = commandContext(args);
  if (typeof context === 'string') {
    process.stderr.write(`cti-adapter check: ${context}\nusage: cti-adapter check --config FILE [--tenant ID]\n`);
    return 2;
  }
  let failed = false;
  for (const tenant of context.tenants) {
    const store = new TenantStore(storePath(context.config, tenant.id));
    try {
      const { tokenSource, webServerFlow } = buildTokenSource(context.config, tenant, store, systemClock);
      if (webServerFlow && !webServerFlow.isConnected()) {
        const connector = createOAuthConnector({
          flows: new Map([[tenant.id, webServerFlow]]),
          stateKey: oauthStateKey(context.config)
        });
        process.stdout.write(
          `PROBLEM ${tenant.id}: no org connected yet. Open this link as the org's admin (valid 15 minutes):\n  ${connector.connectUrl(tenant.id)}\n`
        );
      }
      const session = new SalesforceSession({ tokenSource, apiVersion: tenant.salesforce.apiVersion });
      const provider = await kazooProviderFor(tenant, context.logger);
      const names = packageNames(tenant.salesforce.namespace);
      const results = await runChecks(provider, () => session.connection(), names);
      failed ||= results.some((r) => !r.ok);
      process.stdout.write(`${formatChecks(tenant.id, results)}\n`);
    } catch (error) {
      failed = true;
      process.stdout.write(`PROBLEM ${tenant.id}: ${(error as Error).message}\n`);
    } finally {
      store.close();
    }
  }
  process.stdout.write(failed ? 'Some checks failed: fix the PROBLEM lines above.\n' : 'All checks passed.\n');
  return failed ? 1 : 0;
}
