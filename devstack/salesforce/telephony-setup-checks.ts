/**
 * TelephonySetupChecks.cls against the stand-in's own state: the same five checks in the same order, with the
 * same words (force-app/main/default/classes/TelephonySetupChecks.cls is the source of every text here).
 * Permission set assignments are the seeded roles (agent → Softphone_Agent, admin → Telephony_Admin,
 * integration → Telephony_Integration); the stand-in has no PermissionSetAssignment records.
 */
import type { SoftphoneContract } from './call-view.ts';
import { withoutNamespace } from './namespace.ts';
import type { OrgContext } from './org-context.ts';
import { CALL_CENTER } from './seed.ts';
import { runQuery, type Viewer } from './soql.ts';
import type { UserRole } from './seed.ts';

/** TelephonySetupChecks.SetupCheck as Aura serializes it to the page. */
export interface SetupCheck {
  key: string;
  label: string;
  ok: boolean;
  detail: string;
  fix: string | null;
}

const pass = (key: string, label: string, detail: string): SetupCheck => ({ key, label, ok: true, detail, fix: null });
const problem = (key: string, label: string, detail: string, fix: string): SetupCheck => ({
  key,
  label,
  ok: false,
  detail,
  fix
});

const PERMISSION_SET_OF: Record<UserRole, string> = {
  agent: 'Softphone_Agent',
  admin: 'Telephony_Admin',
  integration: 'Telephony_Integration'
};
const PERMISSION_SETS = ['Softphone_Agent', 'Telephony_Admin', 'Telephony_Integration'];

/** CallTaskLogger.ANSWERED_ELSEWHERE: a call another agent answered gets no Task of its own. */
const ANSWERED_ELSEWHERE = 'AnsweredElsewhere';

export function createSetupChecks(ctx: OrgContext, contract: SoftphoneContract) {
  const activeUsers = () => ctx.store.all('User').filter((u) => u.IsActive !== false);
  const agents = () => activeUsers().filter((u) => ctx.roleOf(u.Id) === 'agent');
  const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

  function callCenter(viewer: Viewer): SetupCheck {
    const [key, label] = ['callCenter', 'Call center'];
    const center = ctx.store.all('CallCenter').find((c) => c.InternalName === CALL_CENTER.InternalName);
    if (!center) {
      return problem(
        key,
        label,
        `There is no call center named ${CALL_CENTER.InternalName}.`,
        'Import config/callcenter/KazooSoftphone.xml in Setup › Call Centers › Import (scratch orgs get it from the setup script).'
      );
    }
    const name = String(center.Name);
    const expectedUrl = `/apex/${ctx.namespace ? `${ctx.namespace}__` : ''}Softphone`;
    if (center.AdapterUrl !== expectedUrl) {
      return problem(
        key,
        label,
        `Call center ${name} opens ${String(center.AdapterUrl)}, which is not the softphone page.`,
        `Setup › Call Centers › ${name} › Edit, and set CTI Adapter URL to ${expectedUrl}.`
      );
    }
    const members = activeUsers().filter((u) => u.CallCenterId === center.Id).length;
    const found = `Call center ${name} exists and has ${members} active user(s)`;
    if (ctx.store.get(viewer.userId)?.CallCenterId !== center.Id) {
      return problem(
        key,
        label,
        `${found}, but you are not one of them, so no softphone appears for you.`,
        `Setup › Call Centers › ${name} › Manage Call Center Users › Add More Users, and add yourself.`
      );
    }
    return pass(key, label, `${found}, you included.`);
  }

  function permissionSets(): SetupCheck {
    const [key, label] = ['permissionSets', 'Permission sets'];
    const counts = new Map(PERMISSION_SETS.map((name) => [name, 0]));
    for (const user of activeUsers()) {
      const role = ctx.roleOf(user.Id);
      if (role) counts.set(PERMISSION_SET_OF[role], (counts.get(PERMISSION_SET_OF[role]) ?? 0) + 1);
    }
    const found = `${PERMISSION_SETS.map((name) => `${name}: ${counts.get(name)}`).join(', ')} active user(s).`;
    if (counts.get('Softphone_Agent') === 0) {
      return problem(
        key,
        label,
        found,
        'Assign Softphone_Agent to every agent (Setup › Permission Sets › Softphone Agent).'
      );
    }
    if (counts.get('Telephony_Integration') === 0) {
      return problem(key, label, found, 'Assign Telephony_Integration to the user the adapter logs in as.');
    }
    return pass(key, label, found);
  }

  function pushTopic(): SetupCheck {
    const definition = contract.pushTopic;
    const [key, label] = ['pushTopic', `PushTopic ${definition.name}`];
    const repair = 'Press "Repair PushTopic" on this page.';
    const topic = ctx.store.findBy('PushTopic', 'Name', definition.name)[0];
    if (!topic) {
      return problem(key, label, 'The PushTopic does not exist, so softphones get no live call updates.', repair);
    }
    if (topic.IsActive !== true) {
      return problem(
        key,
        label,
        'The PushTopic exists but is inactive, so softphones get no live call updates.',
        repair
      );
    }
    const sameDefinition =
      withoutNamespace(String(topic.Query), ctx.namespace) === definition.query &&
      Number(topic.ApiVersion) === definition.apiVersion &&
      topic.NotifyForFields === definition.notifyForFields &&
      topic.NotifyForOperationCreate === definition.notifyForOperationCreate &&
      topic.NotifyForOperationUpdate === definition.notifyForOperationUpdate;
    if (!sameDefinition) {
      return problem(
        key,
        label,
        "The PushTopic is active but its query or settings differ from the package's.",
        repair
      );
    }
    // Apex prints a Decimal with its scale: 66.0, not 66.
    return pass(
      key,
      label,
      `The PushTopic is active and matches the package (API ${Number(topic.ApiVersion).toFixed(1)}).`
    );
  }

  function userMapping(): SetupCheck {
    const [key, label] = ['userMapping', 'PBX user mapping'];
    const all = agents();
    const unmapped = all.filter((u) => blank(u.PbxUserId__c)).length;
    if (unmapped > 0) {
      return problem(
        key,
        label,
        `${unmapped} of ${all.length} agent(s) have no PBX user id: they cannot dial and get no call records.`,
        'Fill in their PBX user id and extension in the mapping table below ("Load from PBX" lists the PBX users).'
      );
    }
    return pass(key, label, `All ${all.length} agent(s) are mapped to a PBX user.`);
  }

  function callTasks(viewer: Viewer): SetupCheck {
    const [key, label] = ['callTasks', 'Call Tasks'];
    // The Apex query, run by the stand-in's SOQL; `Owner.Type = 'User'` is the 005 key prefix of the owner.
    const soql =
      "SELECT Id, OwnerId FROM CallData__c WHERE Status__c = 'Ended' AND TaskId__c = null " +
      `AND Result__c != '${ANSWERED_ELSEWHERE}' AND EndedAt__c = LAST_N_DAYS:7`;
    const found = runQuery(soql, {
      store: ctx.store,
      schema: ctx.schema,
      viewer,
      apiVersion: ctx.apiVersion,
      now: Date.now()
    });
    const missing = found.records.filter((r) => String(r.OwnerId).startsWith('005')).length;
    if (missing > 0) {
      return problem(
        key,
        label,
        `${missing} ended call(s) of the last 7 days have no call Task, so they are missing from the timelines.`,
        "Give the adapter's integration user Edit Tasks and read/edit on the Task fields Call Type, Call Duration, " +
          'Call Object Identifier, Call Result and Comments (its profile or a permission set); the next update of ' +
          'each call logs it.'
      );
    }
    return pass(key, label, 'Every ended call of the last 7 days has its call Task.');
  }

  return {
    /** TelephonySetupChecks.runAll: call center, permission sets, PushTopic, user mapping, call Tasks. */
    runAll: (viewer: Viewer): SetupCheck[] => [
      callCenter(viewer),
      permissionSets(),
      pushTopic(),
      userMapping(),
      callTasks(viewer)
    ],
    pushTopic
  };
}
