/**
 * TelephonyAdminController.cls as the stand-in answers it: the same gate (the Telephony_Admin_Access custom
 * permission, held here by the seeded admin), the same result shapes (TelephonySetupChecks.SetupCheck,
 * AdapterHealth, TelephonyUserMappingService.UserMapping / PbxUser) and the same admin-facing texts. The
 * adapter is called for real through callAdapter, as AdapterClient.cls does through its named credential.
 */
import { AdapterCallError, callAdapter } from './adapter-client.ts';
import type { SoftphoneContract } from './call-view.ts';
import { withNamespace } from './namespace.ts';
import type { OrgContext } from './org-context.ts';
import { createRecord, updateRecord, type RecordChange } from './record-writer.ts';
import type { Viewer } from './soql.ts';
import type { SObjectRecord } from './store.ts';
import { createSetupChecks, type SetupCheck } from './telephony-setup-checks.ts';

/** An AuraHandledException: its message reaches the page as `error.body.message`. */
export class AuraHandledError extends Error {}

const NOT_ADMIN_MESSAGE =
  'Only telephony admins can use this page. Ask your Salesforce admin for the Telephony Admin permission set.';
const API_KEY_FIX =
  "Enter the adapter's API key as the ApiKey parameter of the AdapterApiKey principal (Setup › Named Credentials › " +
  'External Credentials › Telephony Adapter), and check that your permission set grants that principal.';
const ADAPTER_URL_FIX = 'Check the URL of the Telephony_Adapter named credential and that the adapter is running.';
// TelephonyUserMappingService.cls formats and texts.
const PBX_USER_ID_FORMAT = /^[A-Za-z0-9_.@-]{1,64}$/;
const EXTENSION_FORMAT = /^[0-9*#+]{1,20}$/;

export interface UserMapping {
  userId: string;
  name: string;
  email: string | null;
  pbxUserId: string | null;
  extension: string | null;
  mapped: boolean;
}

// Apex String.valueOf on the scalars an answer or a record holds.
const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
const orNull = (value: unknown): number | null => (typeof value === 'number' ? Math.trunc(value) : null);
const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const blankToNull = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

function toMapping(user: SObjectRecord): UserMapping {
  return {
    userId: user.Id,
    name: String(user.Name),
    email: text(user.Email),
    pbxUserId: text(user.PbxUserId__c),
    extension: text(user.PbxExtension__c),
    mapped: blankToNull(user.PbxUserId__c) !== null
  };
}

/** AdapterClient.toAdapterException's words for a failed call (the stand-in's client says why it failed). */
function adapterMessage(error: AdapterCallError): string {
  if (error.status >= 500) {
    return `The telephony adapter has a problem (HTTP ${error.status}): ${error.message}. Try again in a minute; if it keeps happening, tell your admin.`;
  }
  return error.message;
}

export function createTelephonyAdminController(ctx: OrgContext, contract: SoftphoneContract) {
  const checks = createSetupChecks(ctx, contract);
  const adapter = (path: string) => callAdapter(ctx.adapter, 'GET', path);
  const write = <T>(run: (changes: RecordChange[]) => T): T => {
    const changes: RecordChange[] = [];
    const result = ctx.store.transaction(() => run(changes));
    ctx.publish(changes);
    return result;
  };

  /** PushTopicInstaller.ensurePushTopic: create the topic, or bring it back to the package's definition. */
  function ensurePushTopic(viewer: Viewer): void {
    const topic = contract.pushTopic;
    const fields = {
      Query: withNamespace(topic.query, ctx.namespace),
      ApiVersion: topic.apiVersion,
      NotifyForFields: topic.notifyForFields,
      NotifyForOperationCreate: topic.notifyForOperationCreate,
      NotifyForOperationUpdate: topic.notifyForOperationUpdate,
      NotifyForOperationDelete: topic.notifyForOperationDelete,
      NotifyForOperationUndelete: topic.notifyForOperationUndelete,
      IsActive: true,
      Description: 'Call records for the Kazoo softphone. Subscribe with ?OwnerId=<18-character user id>.'
    };
    write((changes) => {
      const context = ctx.writeContext(viewer, changes);
      const existing = ctx.store.findBy('PushTopic', 'Name', topic.name)[0];
      if (existing) updateRecord(existing, 'PushTopic', fields, context);
      else createRecord('PushTopic', { Name: topic.name, ...fields }, context);
    });
  }

  function listMappings(): UserMapping[] {
    const rows = ctx.store
      .all('User')
      .filter((u) => u.IsActive !== false && (blankToNull(u.PbxUserId__c) !== null || ctx.roleOf(u.Id) === 'agent'))
      .sort((a, b) => String(a.Name).localeCompare(String(b.Name)))
      .map(toMapping);
    return [...rows.filter((r) => !r.mapped), ...rows.filter((r) => r.mapped)];
  }

  function saveMapping(viewer: Viewer, userId: unknown, pbxUserId: unknown, extension: unknown): UserMapping {
    const pbxId = blankToNull(pbxUserId);
    const ext = blankToNull(extension);
    const user = typeof userId === 'string' ? ctx.store.get(userId) : undefined;
    if (!user || ctx.store.sobjectOf(user.Id) !== 'User') throw new AuraHandledError('Choose a Salesforce user.');
    if (pbxId !== null && !PBX_USER_ID_FORMAT.test(pbxId)) {
      throw new AuraHandledError('A PBX user id has 1 to 64 letters, digits, dots, dashes, underscores or @.');
    }
    if (ext !== null && !EXTENSION_FORMAT.test(ext)) {
      throw new AuraHandledError('An extension has 1 to 20 digits (and *, # or +).');
    }
    // User.PbxUserId__c is unique and not case-sensitive (its field-meta.xml): a second holder is DUPLICATE_VALUE.
    const holder = ctx.store
      .all('User')
      .find(
        (u) => u.Id !== user.Id && pbxId !== null && (text(u.PbxUserId__c) ?? '').toLowerCase() === pbxId.toLowerCase()
      );
    if (holder) throw new AuraHandledError(`PBX user ${pbxId} is already mapped to another Salesforce user.`);
    const saved = write((changes) =>
      updateRecord(user, 'User', { PbxUserId__c: pbxId, PbxExtension__c: ext }, ctx.writeContext(viewer, changes))
    );
    return toMapping(saved);
  }

  async function adapterHealth() {
    let body: Record<string, unknown>;
    try {
      body = await adapter('/api/v1/health');
    } catch (error) {
      if (!(error instanceof AdapterCallError)) throw error;
      // AdapterHealth.fromFailure
      const keyRefused = error.status === 401 || error.status === 403;
      return {
        ok: false,
        detail: adapterMessage(error),
        fix: keyRefused ? API_KEY_FIX : ADAPTER_URL_FIX,
        version: null,
        tenants: []
      };
    }
    // AdapterHealth.fromAnswer
    const version = text(body.version);
    const tenants = (Array.isArray(body.tenants) ? body.tenants : []).map((item) => {
      const entry = asObject(item);
      const [pbx, outbox, salesforce] = [asObject(entry.pbx), asObject(entry.outbox), asObject(entry.salesforce)];
      return {
        tenantId: text(entry.tenantId),
        pbxConnected: pbx.connected === true,
        pbxStatus: text(pbx.status),
        lastEventAt: text(pbx.lastEventAt),
        eventLagMs: orNull(pbx.eventLagMs),
        outboxDepth: orNull(outbox.depth),
        deadLetters: orNull(outbox.deadLetters),
        salesforceAuthenticated: salesforce.authenticated === true,
        salesforceDetail: text(salesforce.detail)
      };
    });
    const problems = tenants.flatMap((t) => [
      ...(t.pbxConnected ? [] : [`${t.tenantId}: PBX ${t.pbxStatus}`]),
      ...(t.salesforceAuthenticated ? [] : [`${t.tenantId}: Salesforce ${t.salesforceDetail}`])
    ]);
    const ok = problems.length === 0;
    return {
      ok,
      detail: ok
        ? `The adapter (version ${version}) answers and is connected.`
        : `The adapter answers, but: ${problems.join('; ')}.`,
      fix: ok ? null : "Check the adapter's configuration and logs for this tenant.",
      version,
      tenants
    };
  }

  const methods = {
    getSetupChecks: (viewer: Viewer): SetupCheck[] => checks.runAll(viewer),
    repairPushTopic: (viewer: Viewer): SetupCheck => {
      ensurePushTopic(viewer);
      return checks.pushTopic();
    },
    getAdapterHealth: (_viewer: Viewer) => adapterHealth(),
    getUserMappings: (_viewer: Viewer) => listMappings(),
    loadPbxUsers: async (_viewer: Viewer) => {
      let answer: Record<string, unknown>;
      try {
        answer = await adapter('/api/v1/pbx/users');
      } catch (error) {
        if (error instanceof AdapterCallError) throw new AuraHandledError(adapterMessage(error));
        throw error;
      }
      return (Array.isArray(answer.users) ? answer.users : []).map((item) => {
        const user = asObject(item);
        return {
          pbxUserId: text(user.pbxUserId),
          name: text(user.name),
          email: text(user.email),
          extensions: (Array.isArray(user.extensions) ? user.extensions : []).map(String)
        };
      });
    },
    saveUserMapping: (viewer: Viewer, params: Record<string, unknown>) =>
      saveMapping(viewer, params.userId, params.pbxUserId, params.extension)
  };

  return {
    methodNames: Object.keys(methods),
    /** Runs one @AuraEnabled method as `viewer`, with the controller's requireAdmin gate first. */
    invoke(viewer: Viewer, method: string, params: Record<string, unknown>): Promise<unknown> {
      const run = (methods as Record<string, (v: Viewer, p: Record<string, unknown>) => unknown>)[method];
      if (!run) throw new Error(`TelephonyAdminController has no @AuraEnabled method ${method}`);
      if (ctx.roleOf(viewer.userId) !== 'admin') throw new AuraHandledError(NOT_ADMIN_MESSAGE);
      return Promise.resolve(run(viewer, params));
    }
  };
}
