/**
 * The fields the stand-in knows per object: enough to validate writes the way the org would
 * (unknown field, wrong type, restricted picklist, bad reference, too long) and to describe them.
 * The package's own fields (CallData__c, User.Pbx*) are read from force-app metadata, never re-typed.
 */
import { fileURLToPath } from 'node:url';
import { packageFields } from './package-fields.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type FieldType =
  'id' | 'string' | 'textarea' | 'picklist' | 'double' | 'boolean' | 'datetime' | 'reference' | 'phone' | 'email';

export interface FieldDef {
  type: FieldType;
  length?: number;
  /** Restricted picklist values. */
  values?: readonly string[];
  referenceTo?: readonly string[];
  externalId?: boolean;
  unique?: boolean;
  /** System fields (Id, CreatedDate…) cannot be written. */
  readOnly?: boolean;
  /** Phone fields that SOSL `IN PHONE FIELDS` searches. */
  label?: string;
}

export type ObjectDef = Record<string, FieldDef>;

const SYSTEM: ObjectDef = {
  Id: { type: 'id', readOnly: true },
  CreatedDate: { type: 'datetime', readOnly: true },
  LastModifiedDate: { type: 'datetime', readOnly: true },
  SystemModstamp: { type: 'datetime', readOnly: true }
};

const text = (length = 255): FieldDef => ({ type: 'string', length });
const ref = (...to: string[]): FieldDef => ({ type: 'reference', referenceTo: to });

// Custom fields come from the package metadata (package-fields.ts), read once when the schema is built; only the
// standard fields are typed here. WrapUpCode__c uses the WrapUpCode global value set: its active values.
function callDataFields(repoRoot: string, wrapUpCodes: readonly string[]): ObjectDef {
  return {
    ...SYSTEM,
    Name: { type: 'string', length: 80, readOnly: true },
    OwnerId: ref('User', 'Group'),
    ...packageFields(repoRoot, 'CallData__c'),
    WrapUpCode__c: { type: 'picklist', values: wrapUpCodes }
  };
}

const PERSON: ObjectDef = {
  ...SYSTEM,
  OwnerId: ref('User', 'Group'),
  FirstName: text(40),
  LastName: text(80),
  Name: { type: 'string', length: 121, readOnly: true },
  Email: { type: 'email', length: 80 },
  Phone: { type: 'phone', length: 40 },
  MobilePhone: { type: 'phone', length: 40 },
  Title: text(128)
};

/** Every object the stand-in stores, keyed by API name. */
export function buildSchema(wrapUpCodes: readonly string[], repoRoot = REPO_ROOT): Record<string, ObjectDef> {
  return {
    CallData__c: callDataFields(repoRoot, wrapUpCodes),
    Contact: { ...PERSON, AccountId: ref('Account') },
    Lead: { ...PERSON, Company: text(255), Status: text(40) },
    Account: {
      ...SYSTEM,
      OwnerId: ref('User', 'Group'),
      Name: text(255),
      Phone: { type: 'phone', length: 40 },
      Fax: { type: 'phone', length: 40 },
      Website: text(255)
    },
    User: {
      ...SYSTEM,
      Username: { type: 'string', length: 80, unique: true },
      FirstName: text(40),
      LastName: text(80),
      Name: { type: 'string', length: 121, readOnly: true },
      Email: { type: 'email', length: 128 },
      IsActive: { type: 'boolean' },
      CallCenterId: ref('CallCenter'),
      ...packageFields(repoRoot, 'User')
    },
    Group: { ...SYSTEM, Name: text(40), DeveloperName: text(80), Type: text(40) },
    Task: {
      ...SYSTEM,
      OwnerId: ref('User', 'Group'),
      Subject: text(255),
      Status: text(40),
      Priority: text(40),
      Type: text(40),
      TaskSubtype: text(40),
      CallType: { type: 'picklist', values: ['Inbound', 'Outbound', 'Internal'] },
      CallDurationInSeconds: { type: 'double' },
      CallObject: text(255),
      CallDisposition: text(255),
      Description: { type: 'textarea', length: 32000 },
      WhoId: ref('Contact', 'Lead'),
      WhatId: ref('Account', 'CallData__c'),
      ActivityDate: { type: 'datetime' }
    },
    // Setup object; the API can read it but not write it (Object Reference "CallCenter": query, retrieve).
    CallCenter: {
      ...SYSTEM,
      Name: { ...text(80), readOnly: true },
      InternalName: { ...text(80), readOnly: true },
      AdapterUrl: { ...text(255), readOnly: true }
    },
    PushTopic: {
      ...SYSTEM,
      Name: { type: 'string', length: 25, unique: true },
      Query: text(1300),
      ApiVersion: { type: 'double' },
      IsActive: { type: 'boolean' },
      NotifyForFields: { type: 'picklist', values: ['All', 'Referenced', 'Select', 'Where'] },
      NotifyForOperationCreate: { type: 'boolean' },
      NotifyForOperationUpdate: { type: 'boolean' },
      NotifyForOperationDelete: { type: 'boolean' },
      NotifyForOperationUndelete: { type: 'boolean' },
      Description: text(400)
    }
  };
}

/** Objects whose records every user may read (Private sharing applies to the others). */
export const PUBLIC_READ = new Set(['Contact', 'Lead', 'Account', 'User', 'Group', 'PushTopic', 'CallCenter']);
