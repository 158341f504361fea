/**
 * The checks behind `cti-adapter check`: can we reach the PBX, log in to Salesforce, does the
 * PushTopic the softphone listens on exist and is it active, can the integration user write every
 * CallData__c field the adapter sends, and read User.PbxUserId__c. Each answer is in plain words. In a managed
 * install every name is the namespaced one (`names`, from the tenant's `salesforce.namespace`), and the PushTopic
 * must query the namespaced object, or no softphone hears about a call.
 */
import type { Connection } from 'jsforce';
import { PROJECTION_FIELDS } from '../core/call-data.ts';
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import { OWNER_QUERY } from '../salesforce/owner-directory.ts';
import { UNPACKAGED, type PackageNames } from '../salesforce/package-names.ts';

export interface CheckResult {
  ok: boolean;
  what: string;
  detail: string;
}

const PUSH_TOPIC = 'CallDataUpdates';
const WRITTEN_FIELDS = [...PROJECTION_FIELDS, 'OwnerId', 'Contact__c', 'Lead__c', 'Account__c'];

async function attempt(what: string, check: () => Promise<string>): Promise<CheckResult> {
  try {
    return { ok: true, what, detail: await check() };
  } catch (error) {
    return { ok: false, what, detail: (error as Error).message };
  }
}

/** Runs every check of one tenant; Salesforce checks are skipped (and say so) when login fails. */
export async function runChecks(
  provider: PbxProvider,
  connection: () => Promise<Connection>,
  names: PackageNames = UNPACKAGED
): Promise<CheckResult[]> {
  const callData = names.name('CallData__c');
  const pbxUserId = `User.${names.name('PbxUserId__c')}`;
  const results: CheckResult[] = [];
  const pbx = await provider.testConnection().catch((error: Error) => ({ ok: false, detail: error.message }));
  results.push({ ok: pbx.ok, what: 'PBX connection', detail: pbx.detail });

  let conn: Connection;
  try {
    conn = await connection();
    results.push({ ok: true, what: 'Salesforce login', detail: `logged in to ${conn.instanceUrl}` });
  } catch (error) {
    results.push({
      ok: false,
      what: 'Salesforce login',
      detail: `${(error as Error).message}. Check the client id, the user name, the key/certificate pair and that the integration user is pre-authorized for the app.`
    });
    return results;
  }

  results.push(
    await attempt('PushTopic CallDataUpdates', async () => {
      const found = await conn.query<{ Id: string; IsActive: boolean; Query: string }>(
        `SELECT Id, Name, IsActive, Query FROM PushTopic WHERE Name = '${PUSH_TOPIC}'`
      );
      const topic = found.records[0];
      if (!topic) throw new Error('missing: run scripts/apex/create-pushtopic.apex or reinstall the package');
      if (!topic.IsActive) throw new Error('exists but is inactive: softphones will not hear about calls; activate it');
      const from = /\bFROM\s+(\S+)/i.exec(topic.Query ?? '')?.[1];
      if (from && from !== callData) {
        throw new Error(
          `queries ${from}, but the adapter writes ${callData}: set salesforce.namespace to the package's namespace (or remove it), or repair the PushTopic from the Telephony Admin Setup page`
        );
      }
      return 'exists and is active';
    })
  );
  results.push(
    await attempt(`${callData} fields writable`, async () => {
      const describe = await conn
        .sobject(callData)
        .describe()
        .catch((error: Error) => {
          throw new Error(
            `${error.message}: is the package installed? ${names.namespace ? `Its namespace must be "${names.namespace}" (salesforce.namespace).` : 'A managed install needs salesforce.namespace set to its namespace.'}`
          );
        });
      const fields = new Map(describe.fields.map((f) => [f.name, f]));
      const missing = WRITTEN_FIELDS.map((name) => names.name(name)).filter((name) => !fields.has(name));
      const readOnly = WRITTEN_FIELDS.map((name) => names.name(name)).filter(
        (name) => fields.has(name) && !(fields.get(name)?.updateable && fields.get(name)?.createable)
      );
      if (missing.length)
        throw new Error(
          `the integration user cannot see ${missing.join(', ')}: assign the Telephony_Integration permission set`
        );
      if (readOnly.length)
        throw new Error(`the integration user cannot edit ${readOnly.join(', ')}: check field-level security`);
      return `${WRITTEN_FIELDS.length} fields can be created and edited`;
    })
  );
  results.push(
    await attempt(`${pbxUserId} readable`, async () => {
      const found = await conn.query(names.query(OWNER_QUERY));
      return found.totalSize === 0
        ? 'readable, but no user has a PBX user id yet: every call will go to the default owner'
        : `readable; ${found.totalSize} user(s) mapped to PBX users`;
    })
  );
  return results;
}

/** One line per check: "ok" or "PROBLEM", what was checked, and what to do. */
export function formatChecks(tenantId: string, results: readonly CheckResult[]): string {
  return results.map((r) => `${r.ok ? 'ok     ' : 'PROBLEM'} ${tenantId}: ${r.what}: ${r.detail}`).join('\n');
}
