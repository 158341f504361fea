/**
 * What the package's CallTaskLogger does in the org: when a CallData__c reaches Ended, log one
 * completed call Task and remember its id in TaskId__c; a later wrap-up updates that Task.
 */
import type { OrgStore, SObjectRecord } from './store.ts';

function subjectFor(call: Record<string, unknown>): string {
  const number = typeof call.ExternalNumber__c === 'string' ? call.ExternalNumber__c : 'unknown number';
  if (call.Result__c === 'Missed') return `Missed call from ${number}`;
  if (call.Direction__c === 'Outbound') return `Outbound call to ${number}`;
  if (call.Direction__c === 'Internal') return `Internal call with ${number}`;
  return `Inbound call from ${number}`;
}

/** The Task fields for a call record (also used to refresh the Task after a wrap-up). */
export function taskFieldsFor(call: Record<string, unknown>): Record<string, unknown> {
  const who = call.Contact__c ?? call.Lead__c ?? null;
  return {
    Subject: subjectFor(call),
    Status: 'Completed',
    Priority: 'Normal',
    Type: 'Call',
    TaskSubtype: 'Call',
    CallType: call.Direction__c ?? null,
    CallDurationInSeconds: typeof call.TalkSeconds__c === 'number' ? call.TalkSeconds__c : 0,
    CallObject: call.CallId__c ?? null,
    CallDisposition: call.WrapUpCode__c ?? call.Result__c ?? null,
    Description: call.Notes__c ?? null,
    WhoId: who,
    WhatId: call.Account__c ?? call.Id ?? null,
    ActivityDate: call.EndedAt__c ?? null
  };
}

/** Creates the Task for a call that just ended (once), returning its id. */
export function logCallTask(
  store: OrgStore,
  call: Record<string, unknown>,
  fallbackOwnerId: string,
  now: Date
): string {
  const owner = typeof call.OwnerId === 'string' && call.OwnerId.startsWith('005') ? call.OwnerId : fallbackOwnerId;
  return store.insert('Task', { ...taskFieldsFor(call), OwnerId: owner }, now).Id;
}

/** Brings an already logged Task in line with the call's wrap-up. */
export function refreshCallTask(store: OrgStore, call: SObjectRecord): void {
  if (typeof call.TaskId__c !== 'string' || !store.get(call.TaskId__c)) return;
  store.update(call.TaskId__c, taskFieldsFor(call));
}
