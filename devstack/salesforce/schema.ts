/**
 * The fields the stand-in knows per object: enough to validate writes the way the org would
 * (unknown field, wrong type, restricted picklist, bad reference, too long) and to describe them.
 */
import { DIRECTIONS, PROJECTION_FIELDS, RESULTS, STATUSES } from '../../adapter/src/core/call-data.ts';

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

function callDataFields(wrapUpCodes: readonly string[]): ObjectDef {
  const fields: ObjectDef = {
    ...SYSTEM,
    Name: { type: 'string', length: 80, readOnly: true },
    OwnerId: ref('User', 'Group'),
    CallId__c: { type: 'string', length: 255, externalId: true, unique: true },
    InteractionId__c: { type: 'string', length: 80, externalId: true },
    Direction__c: { type: 'picklist', values: DIRECTIONS },
    Status__c: { type: 'picklist', values: STATUSES },
    Result__c: { type: 'picklist', values: RESULTS },
    RingStartedAt__c: { type: 'datetime' },
    AnsweredAt__c: { type: 'datetime' },
    EndedAt__c: { type: 'datetime' },
    RingSeconds__c: { type: 'double' },
    TalkSeconds__c: { type: 'double' },
    DurationSeconds__c: { type: 'double' },
    HasRecording__c: { type: 'boolean' },
    LastEventSeq__c: { type: 'double' },
    Contact__c: ref('Contact'),
    Lead__c: ref('Lead'),
    Account__c: ref('Account'),
    RelatedRecordId__c: text(18),
    WrapUpCode__c: { type: 'picklist', values: wrapUpCodes },
    Notes__c: { type: 'textarea', length: 32000 },
    TaskId__c: text(18),
    CalledBack__c: { type: 'boolean' },
    // Formula fields (Number, blank as zero) that the supervisor reports sum.
    AnsweredCount__c: { type: 'double', readOnly: true },
    MissedCount__c: { type: 'double', readOnly: true }
  };
  for (const name of PROJECTION_FIELDS) fields[name] ??= text();
  return fields;
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
export function buildSchema(wrapUpCodes: readonly string[]): Record<string, ObjectDef> {
  return {
    CallData__c: callDataFields(wrapUpCodes),
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
      PbxUserId__c: { type: 'string', length: 64, externalId: true, unique: true },
      PbxExtension__c: text(20)
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
export const PUBLIC_READ = new Set(['Contact', 'Lead', 'Account', 'User', 'Group', 'PushTopic']);
