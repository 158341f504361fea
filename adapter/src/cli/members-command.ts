/**
 * `cti-adapter members --config FILE [--tenant ID]`: every PBX user with their extensions and
 * the Salesforce user whose User.PbxUserId__c names them, so an admin sees who is unmapped
 * (their calls go to the tenant's default owner).
 */
import type { Connection } from 'jsforce';
import { commandContext, kazooProviderFor } from '../app/cli-support.ts';
import { buildTokenSource, storePath } from '../app/build-tenant.ts';
import { systemClock } from '../delivery/clock.ts';
import { OwnerDirectory } from '../salesforce/owner-directory.ts';
import { packageNames } from '../salesforce/package-names.ts';
import { SalesforceSession } from '../salesforce/salesforce-session.ts';
import { TenantStore } from '../store/tenant-store.ts';

interface UserRow {
  Id: string;
  Name: string;
  Username: string;
}

/** Names and usernames of the mapped users (an admin recognises people, not 005… ids: ux-walk #32). */
async function salesforceUsers(conn: Connection, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const found = new Map<string, UserRow>();
  const valid = [...new Set(ids)].filter((id) => /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id));
  for (let i = 0; i < valid.length; i += 200) {
    const list = valid
      .slice(i, i + 200)
      .map((id) => `'${id}'`)
      .join(',');
    const result = await conn.query<UserRow>(`SELECT Id, Name, Username FROM User WHERE Id IN (${list})`);
    for (const row of result.records) found.set(row.Id.slice(0, 15), row);
  }
  return found;
}

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
      const people = await salesforceUsers(await session.connection(), [...mapping.values()]);
      const lines = members
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => {
          const user = mapping.get(m.pbxUserId);
          const person = user ? people.get(user.slice(0, 15)) : undefined;
          const who = person ? `${person.Name} <${person.Username}> (${user})` : `Salesforce user ${user}`;
          const target = user ? who : `not mapped: calls go to ${tenant.defaultOwnerId}`;
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
