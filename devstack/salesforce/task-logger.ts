/**
 * What the package's CallTaskLogger (force-app/main/default/classes/CallTaskLogger.cls) does in the org:
 * - a CallData__c that is Ended, owned by a user and has no TaskId__c gets one call Task, its id kept in
 *   TaskId__c (CallTaskLogger.logEndedCalls; "once" is decided by TaskId__c, never by memory);
 * - no Task for a queue-owned record or for a ring-group member who did not talk (Result__c AnsweredElsewhere);
 * - no Task yet for an ended record without a Result__c (outcome still open): the update that brings it logs one;
 * - an inbound call the agent missed is an open "Call back …" Task (Status Not Started) until CalledBack__c is
 *   set, which completes it (CallTaskLogger.closeCallBacks, fired by CallDataTriggerHandler after update);
 * - a later wrap-up updates the Task (CallTaskLogger.syncWrapUp).
 */
import type { OrgStore, SObjectRecord } from './store.ts';

const OPEN_STATUS = 'Not Started';
const DONE_STATUS = 'Completed';

function isFollowUp(call: Record<string, unknown>): boolean {
  return call.Direction__c === 'Inbound' && call.Result__c === 'Missed';
}

function subjectFor(call: Record<string, unknown>): string {
  const number = typeof call.ExternalNumber__c === 'string' ? call.ExternalNumber__c : 'an unknown number';
  if (call.Direction__c === 'Outbound') return `Outbound call to ${number}`;
  if (call.Direction__c === 'Internal') return `Internal call with ${number}`;
  return isFollowUp(call) ? `Call back ${number}` : `Inbound call from ${number}`;
}

/** The Task fields for a call record (also used to refresh the Task after a wrap-up). */
export function taskFieldsFor(call: Record<string, unknown>): Record<string, unknown> {
  const who = call.Contact__c ?? call.Lead__c ?? null;
  return {
    Subject: subjectFor(call),
    Status: isFollowUp(call) && call.CalledBack__c !== true ? OPEN_STATUS : DONE_STATUS,
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

/** Whether an ended call gets a Task at all (CallTaskLogger.isLoggable). */
export function isLoggable(call: Record<string, unknown>): boolean {
  const userOwned = typeof call.OwnerId === 'string' && call.OwnerId.startsWith('005');
  // No result yet: the outcome is still open (the agent declined while the caller waits), logged once it is known.
  const decided = typeof call.Result__c === 'string' && call.Result__c !== '';
  return (
    call.Status__c === 'Ended' && !call.TaskId__c && userOwned && decided && call.Result__c !== 'AnsweredElsewhere'
  );
}

/** Creates the Task for an ended call that has none and should have one, returning its id (else null). */
export function logCallTask(store: OrgStore, call: Record<string, unknown>, now: Date): string | null {
  if (!isLoggable(call)) return null;
  return store.insert('Task', { ...taskFieldsFor(call), OwnerId: call.OwnerId }, now).Id;
}

/** Completes a missed call's follow-up once the agent called back (CallTaskLogger.closeCallBacks). */
export function closeCallBack(store: OrgStore, call: Record<string, unknown>): void {
  if (typeof call.TaskId__c !== 'string' || !isFollowUp(call) || !store.get(call.TaskId__c)) return;
  store.update(call.TaskId__c, { Status: DONE_STATUS });
}

/** Brings an already logged Task in line with the call's wrap-up. */
export function refreshCallTask(store: OrgStore, call: SObjectRecord): void {
  if (typeof call.TaskId__c !== 'string' || !store.get(call.TaskId__c)) return;
  store.update(call.TaskId__c, taskFieldsFor(call));
}
