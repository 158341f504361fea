/**
 * Puts the seed data into a fresh (or reopened) store: users, the unassigned-calls queue, the
 * CallDataUpdates PushTopic from softphoneContract.json, the KazooSoftphone call center (agents and the admin
 * are its users), and the sample Contacts, Leads and Accounts. Records that already exist (a restarted demo) are left as they are.
 */
import type { SoftphoneContract } from './call-view.ts';
import { CALL_CENTER, SAMPLE_RECORDS, seedUserId, UNASSIGNED_QUEUE, type SeedUser, type UserRole } from './seed.ts';
import { withNamespace } from './namespace.ts';
import type { OrgStore } from './store.ts';

/** Seeds the store and returns each seeded user's role, keyed by User id. */
export function seedOrg(
  store: OrgStore,
  users: readonly SeedUser[],
  contract: SoftphoneContract,
  namespace = ''
): Map<string, UserRole> {
  const roles = new Map<string, UserRole>();
  store.transaction(() => {
    for (const user of users) {
      const id = seedUserId(user.username);
      roles.set(id, user.role);
      if (store.get(id)) continue;
      store.insert('User', {
        Id: id,
        Username: user.username,
        FirstName: user.firstName,
        LastName: user.lastName,
        Name: `${user.firstName} ${user.lastName}`,
        Email: user.email,
        IsActive: true,
        PbxUserId__c: user.pbxUserId ?? null,
        PbxExtension__c: user.extension ?? null
      });
    }
    if (!store.get(UNASSIGNED_QUEUE.Id)) store.insert('Group', { ...UNASSIGNED_QUEUE });
    if (!store.get(CALL_CENTER.Id)) {
      // A managed install's call center opens the namespaced page (TelephonySetupChecks.callCenter checks it).
      const page = namespace ? `${namespace}__Softphone` : 'Softphone';
      store.insert('CallCenter', { ...CALL_CENTER, AdapterUrl: `/apex/${page}` });
      for (const [id, role] of roles) {
        if (role !== 'integration') store.update(id, { CallCenterId: CALL_CENTER.Id });
      }
    }
    const topic = contract.pushTopic;
    if (!store.findBy('PushTopic', 'Name', topic.name).length) {
      store.insert('PushTopic', {
        Name: topic.name,
        Query: withNamespace(topic.query, namespace),
        ApiVersion: topic.apiVersion,
        IsActive: true,
        NotifyForFields: topic.notifyForFields,
        NotifyForOperationCreate: topic.notifyForOperationCreate,
        NotifyForOperationUpdate: topic.notifyForOperationUpdate,
        NotifyForOperationDelete: topic.notifyForOperationDelete,
        NotifyForOperationUndelete: topic.notifyForOperationUndelete,
        Description: 'CallData__c changes for the softphone (created by the stand-in from softphoneContract.json)'
      });
    }
    const admin = [...roles.entries()].find(([, role]) => role === 'admin')?.[0];
    for (const sample of SAMPLE_RECORDS) {
      if (store.get(sample.fields.Id)) continue;
      const f = sample.fields;
      const name = sample.sobject === 'Account' ? f.Name : `${String(f.FirstName)} ${String(f.LastName)}`;
      store.insert(sample.sobject, { ...f, Name: name, OwnerId: admin ?? null });
    }
  });
  return roles;
}
