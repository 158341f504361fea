/**
 * The `callView` of softphoneContract.json: how every remoting method returns a call. The field
 * map is read from the contract itself, so the stand-in and the Apex controller cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import type { OrgStore } from './store.ts';

export interface SoftphoneContract {
  pushTopic: {
    name: string;
    apiVersion: number;
    notifyForFields: string;
    notifyForOperationCreate: boolean;
    notifyForOperationUpdate: boolean;
    notifyForOperationDelete: boolean;
    notifyForOperationUndelete: boolean;
    query: string;
  };
  callView: { fields: Record<string, string> };
  methods: Record<string, { params: { name: string; type: string; rule?: string }[]; returns: string }>;
  errors: { examples: string[] };
}

const CONTRACT_URL = new URL('../../force-app/main/default/staticresources/softphoneContract.json', import.meta.url);

/** The parsed softphone contract. */
export function loadContract(): SoftphoneContract {
  return JSON.parse(readFileSync(CONTRACT_URL, 'utf8')) as SoftphoneContract;
}

/** The agent-facing error texts of the contract, looked up by how they start. */
export function contractMessage(contract: SoftphoneContract, startsWith: string): string {
  const found = contract.errors.examples.find((m) => m.startsWith(startsWith));
  if (!found) throw new Error(`softphoneContract.json has no error starting with "${startsWith}"`);
  return found;
}

const BOOLEAN_FIELDS = new Set(['HasRecording__c', 'CalledBack__c']);

/** One CallData__c record as the contract's callView (every key present, null when absent). */
export function toCallView(
  contract: SoftphoneContract,
  store: OrgStore,
  record: Record<string, unknown>
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(contract.callView.fields)) {
    if (key === 'id') view[key] = record.Id ?? null;
    else if (key === 'matchedName') {
      const matchedId = [record.Contact__c, record.Lead__c, record.Account__c].find((v) => typeof v === 'string');
      const matched = typeof matchedId === 'string' ? store.get(matchedId) : undefined;
      view[key] = typeof matched?.Name === 'string' ? matched.Name : null;
    } else if (BOOLEAN_FIELDS.has(field)) view[key] = record[field] === true;
    else view[key] = record[field] ?? null;
  }
  return view;
}
