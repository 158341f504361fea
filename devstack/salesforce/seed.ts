/**
 * The stand-in org's seed data: users mapped to the Kazoo simulator's users (same PBX user ids),
 * an admin, the adapter's integration user, a queue for unassigned calls, sample Contacts, Leads
 * and Accounts whose phone numbers are the simulator's outside callers, and the wrap-up codes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { EXTERNAL_NUMBERS, USERS as PBX_USERS } from '../kazoo/directory.ts';
import { stableId } from './ids.ts';

export type UserRole = 'agent' | 'admin' | 'integration';

export interface SeedUser {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Agents see only their own CallData__c; admins and the integration user see every record. */
  role: UserRole;
  /** The Kazoo user id (User.PbxUserId__c); only for agents. */
  pbxUserId?: string;
  extension?: string;
}

/** One agent per simulated Kazoo user, plus an admin and the adapter's integration user. */
export const SEED_USERS: readonly SeedUser[] = [
  ...PBX_USERS.map((u): SeedUser => ({
    username: `${u.firstName.toLowerCase()}@kazoo-cti.example`,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    role: 'agent',
    pbxUserId: u.id,
    extension: u.extension
  })),
  {
    username: 'admin@kazoo-cti.example',
    firstName: 'Ada',
    lastName: 'Admin',
    email: 'ada@acme.example.com',
    role: 'admin'
  },
  {
    username: 'integration@kazoo-cti.example',
    firstName: 'Adapter',
    lastName: 'Integration',
    email: 'integration@acme.example.com',
    role: 'integration'
  }
];

/** The queue that owns calls that reached no agent. */
export const UNASSIGNED_QUEUE = {
  Id: stableId('Group', 'Unassigned_Calls'),
  Name: 'Unassigned Calls',
  DeveloperName: 'Unassigned_Calls',
  Type: 'Queue'
};

/** config/callcenter/KazooSoftphone.xml as imported (reqInternalName, reqDisplayName; reqAdapterUrl per org). */
export const CALL_CENTER = {
  Id: stableId('CallCenter', 'KazooSoftphone'),
  Name: 'Kazoo Softphone',
  InternalName: 'KazooSoftphone'
};

/** The id a seeded user gets (stable across restarts and runs). */
export function seedUserId(username: string): string {
  return stableId('User', username);
}

function numberOf(name: string): string {
  const entry = EXTERNAL_NUMBERS.find((e) => e.name === name);
  if (!entry) throw new Error(`No simulated caller named ${name}`);
  return entry.number;
}

/** Shown the way users type numbers in Salesforce, so matching has to compare digits. */
function usFormat(e164: string): string {
  const d = e164.replace(/\D/g, '').slice(-10);
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

export interface SampleRecord {
  sobject: 'Contact' | 'Lead' | 'Account';
  fields: Record<string, unknown> & { Id: string };
}

const boston = stableId('Account', 'Boston Dynamics Supply');
const nyBranch = stableId('Account', 'Northwind New York');

/**
 * Samples: Jane (Contact) and John (Lead) match one record each; the Chicago number matches a
 * Contact and a Lead (the softphone must let the agent pick); Boston matches an Account and its
 * Contact's mobile; the wireless caller matches nothing.
 */
export const SAMPLE_RECORDS: readonly SampleRecord[] = [
  { sobject: 'Account', fields: { Id: nyBranch, Name: 'Northwind New York', Phone: usFormat(numberOf('NY BRANCH')) } },
  {
    sobject: 'Account',
    fields: { Id: boston, Name: 'Boston Dynamics Supply', Phone: usFormat(numberOf('BOSTON MA')) }
  },
  {
    sobject: 'Contact',
    fields: {
      Id: stableId('Contact', 'Jane Doe'),
      FirstName: 'Jane',
      LastName: 'Doe',
      Email: 'jane.doe@example.com',
      Phone: usFormat(numberOf('JANE DOE')),
      AccountId: nyBranch
    }
  },
  {
    sobject: 'Contact',
    fields: {
      Id: stableId('Contact', 'Carlos Diaz'),
      FirstName: 'Carlos',
      LastName: 'Diaz',
      Phone: '+1 312 555 0142',
      Title: 'Buyer'
    }
  },
  {
    sobject: 'Contact',
    fields: {
      Id: stableId('Contact', 'Beth Moss'),
      FirstName: 'Beth',
      LastName: 'Moss',
      MobilePhone: numberOf('BOSTON MA'),
      AccountId: boston
    }
  },
  {
    sobject: 'Lead',
    fields: {
      Id: stableId('Lead', 'John Roe'),
      FirstName: 'John',
      LastName: 'Roe',
      Company: 'Roe Logistics',
      Status: 'Open - Not Contacted',
      Phone: usFormat(numberOf('JOHN ROE'))
    }
  },
  {
    sobject: 'Lead',
    fields: {
      Id: stableId('Lead', 'Dana Kim'),
      FirstName: 'Dana',
      LastName: 'Kim',
      Company: 'Kim Foods',
      Status: 'Working - Contacted',
      MobilePhone: '312.555.0142'
    }
  }
];

export interface WrapUpCode {
  value: string;
  label: string;
}

/** Used when the package's WrapUpCode global value set isn't in force-app yet. */
export const DEFAULT_WRAP_UP_CODES: readonly WrapUpCode[] = [
  { value: 'Resolved', label: 'Resolved' },
  { value: 'FollowUp', label: 'Follow-up needed' },
  { value: 'Voicemail', label: 'Left voicemail' },
  { value: 'WrongNumber', label: 'Wrong number' },
  { value: 'Sale', label: 'Sale' }
];

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface ValueSetXml {
  GlobalValueSet?: { customValue?: { fullName?: unknown; label?: unknown; isActive?: unknown }[] };
}

/** The active values of the package's WrapUpCode global value set, read from its metadata file. */
export function loadWrapUpCodes(repoRoot: string): readonly WrapUpCode[] {
  const file = `${repoRoot}/force-app/main/default/globalValueSets/WrapUpCode.globalValueSet-meta.xml`;
  if (!existsSync(file)) return DEFAULT_WRAP_UP_CODES;
  const parser = new XMLParser({ isArray: (name) => name === 'customValue' });
  const xml = parser.parse(readFileSync(file, 'utf8')) as ValueSetXml;
  const codes = (xml.GlobalValueSet?.customValue ?? [])
    .filter((v) => v.isActive !== false && v.isActive !== 'false')
    .map((v) => ({ value: shown(v.fullName), label: shown(v.label ?? v.fullName) }));
  return codes.length > 0 ? codes : DEFAULT_WRAP_UP_CODES;
}
