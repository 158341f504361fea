/**
 * `cti-adapter members --config FILE [--tenant ID]`: every PBX user with their extensions and
 * the Salesforce user whose User.PbxUserId__c names them, so an admin sees who is unmapped
 * (their calls go to the tenant's default owner).
 */
import { commandContext, kazooProviderFor } from '../app/cli-support.ts';
import { buildTokenSource, storePath } from '../app/build-tenant.ts';
import { systemClock } from '../delivery/clock.ts';
import { OwnerDirectory } from '../salesforce/owner-directory.ts';
import { packageNames } from '../salesforce/package-names.ts';
import { SalesforceSession } from '../salesforce/salesforce-session.ts';
import { TenantStore } from '../store/tenant-store.ts';

export async function run(args: string[]): Promise<number> {
  const context = commandContext(args);
  if (typeof context === 'string') {
    process.stderr.write(`cti-adapter members: ${context}\nusage: cti-adapter members --config FILE [--tenant ID]\n`);
    return 2;
  }
  let code = 0;
  for (const tenant of context.tenants) {
    const store = new TenantStore(storePath(context.config, tenant.id));
    try {
      const { tokenSource } = buildTokenSource(context.config, tenant, store, systemClock);
      const session = new SalesforceSession({ tokenSource, apiVersion: tenant.salesforce.apiVersion });
      const owners = new OwnerDirectory({
        connection: () => session.connection(),
        now: Date.now,
        refreshIntervalMs: 0,
        names: packageNames(tenant.salesforce.namespace)
      });
      const provider = await kazooProviderFor(tenant, context.logger);
      const [members, mapping] = await Promise.all([provider.listMembers(), owners.all()]);
      const lines = members
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => {
          const user = mapping.get(m.pbxUserId);
          const target = user ? `Salesforce user ${user}` : `not mapped: calls go to ${tenant.defaultOwnerId}`;
          return `  ${m.name.padEnd(28)} ${(m.extensions.join(',') || '-').padEnd(10)} ${m.pbxUserId}  ${target}`;
        });
      const unmapped = members.filter((m) => !mapping.has(m.pbxUserId)).length;
      process.stdout.write(
        `${tenant.id}: ${members.length} PBX user(s), ${unmapped} not mapped\n${lines.join('\n')}\n`
      );
    } catch (error) {
      code = 1;
      process.stdout.write(`${tenant.id}: cannot list members: ${(error as Error).message}\n`);
    } finally {
      store.close();
    }
  }
  return code;
}
