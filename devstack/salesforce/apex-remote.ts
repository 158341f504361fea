/**
 * SoftphoneController's Visualforce remoting methods, answered the way softphoneContract.json
 * describes them (params, rules, callView results, agent-facing error texts), so the real softphone
 * bundle runs against the stand-in in the harness page.
 */
import { AdapterCallError, callAdapter } from './adapter-client.ts';
import { contractMessage, toCallView, type SoftphoneContract } from './call-view.ts';
import type { OrgContext } from './org-context.ts';
import { updateRecord, type RecordChange } from './record-writer.ts';
import type { Viewer } from './soql.ts';
import type { SObjectRecord } from './store.ts';
import { refreshCallTask } from './task-logger.ts';
import { historySoql } from './history-query.ts';
import { RemoteActionError } from './remote-action-error.ts';
import { runQuery } from './soql.ts';
import { createCallControlActions } from './call-control-remote.ts';

export { RemoteActionError };

function ringTime(r: Record<string, unknown>): number {
  const at = typeof r.RingStartedAt__c === 'string' ? Date.parse(r.RingStartedAt__c) : NaN;
  return Number.isNaN(at) ? Date.parse(String(r.CreatedDate)) : at;
}

function newestFirst(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return ringTime(b) - ringTime(a);
}

export function createRemoteActions(ctx: OrgContext, contract: SoftphoneContract) {
  const notYours = contractMessage(contract, 'This call is not yours');
  const view = (r: Record<string, unknown>) => toCallView(contract, ctx.store, r);
  const ownCalls = (viewer: Viewer) => ctx.store.all('CallData__c').filter((r) => r.OwnerId === viewer.userId);
  const ownCall = (viewer: Viewer, id: unknown): SObjectRecord => {
    const record = typeof id === 'string' ? ctx.store.get(id) : undefined;
    const visible =
      record &&
      ctx.store.sobjectOf(record.Id) === 'CallData__c' &&
      (viewer.seesAll || record.OwnerId === viewer.userId);
    if (!record || !visible) throw new RemoteActionError(notYours);
    return record;
  };
  const write = (viewer: Viewer, record: SObjectRecord, fields: Record<string, unknown>) => {
    const changes: RecordChange[] = [];
    const after = ctx.store.transaction(() =>
      updateRecord(record, 'CallData__c', fields, ctx.writeContext(viewer, changes))
    );
    ctx.publish(changes);
    return after;
  };

  return {
    getOpenCalls(viewer: Viewer) {
      return ownCalls(viewer)
        .filter((r) => r.Status__c !== 'Ended')
        .sort(newestFirst)
        .slice(0, 20)
        .map(view);
    },

    getHistory(
      viewer: Viewer,
      limitSize: unknown,
      beforeTimestamp: unknown,
      filter: unknown,
      search: unknown,
      fromDay: unknown,
      toDay: unknown
    ) {
      const now = Date.now();
      const request = { limitSize, beforeTimestamp, filter, search, fromDay, toDay };
      const { pageSize, soql } = historySoql(viewer.userId, request, now);
      const found = runQuery(soql, { store: ctx.store, schema: ctx.schema, viewer, apiVersion: ctx.apiVersion, now });
      const rows = found.records.map((r) => ctx.store.get(String(r.Id))).filter((r): r is SObjectRecord => !!r);
      const page = rows.slice(0, pageSize);
      const last = page[page.length - 1];
      const hasMore = rows.length > pageSize;
      return {
        calls: page.map(view),
        hasMore,
        // CallHistoryQuery.cursorAfter: the last row's ring time and Id.
        nextBefore: hasMore && last ? `${new Date(ringTime(last)).toISOString()}|${last.Id}` : null
      };
    },

    saveWrapUp(viewer: Viewer, callDataId: unknown, wrapUpCode: unknown, notes: unknown) {
      const record = ownCall(viewer, callDataId);
      if (wrapUpCode !== null && wrapUpCode !== undefined && !ctx.wrapUpCodes.some((c) => c.value === wrapUpCode)) {
        throw new RemoteActionError(contractMessage(contract, 'Choose a wrap-up code'));
      }
      if (notes !== null && notes !== undefined && (typeof notes !== 'string' || notes.length > 32000)) {
        throw new RemoteActionError(contractMessage(contract, 'Notes are limited'));
      }
      const after = write(viewer, record, { WrapUpCode__c: wrapUpCode ?? null, Notes__c: notes ?? null });
      refreshCallTask(ctx.store, after);
      return view(after);
    },

    async getRecordingLink(viewer: Viewer, callDataId: unknown) {
      const record = ownCall(viewer, callDataId);
      if (typeof record.RecordingId__c !== 'string' || !record.RecordingId__c) {
        throw new RemoteActionError('This call has no recording.');
      }
      const path = `/api/v1/recordings/${encodeURIComponent(record.RecordingId__c)}/link?salesforceUserId=${viewer.userId}`;
      const link = await callAdapterForAgent(ctx, contract, 'GET', path);
      return { url: String(link.url), expiresAt: String(link.expiresAt) };
    },

    /**
     * SoftphoneController.getRingChannel: AdapterClient.ringTicket for the current user through the
     * named credential; the adapter's RING_CHANNEL_DISABLED is an answer with no ticket, not an error.
     */
    async getRingChannel(viewer: Viewer) {
      try {
        const answer = await callAdapter(ctx.adapter, 'POST', '/api/v1/ring/tickets', {
          salesforceUserId: viewer.userId
        });
        const text = (value: unknown) => (typeof value === 'string' ? value : null);
        return { ticket: text(answer.ticket), url: text(answer.url), expiresAt: text(answer.expiresAt) };
      } catch (error) {
        if (error instanceof AdapterCallError && error.code === 'RING_CHANNEL_DISABLED')
          return { ticket: null, url: null, expiresAt: null };
        if (error instanceof AdapterCallError) throw new RemoteActionError(error.message);
        throw error;
      }
    },

    async dial(viewer: Viewer, phoneNumber: unknown, relatedRecordId: unknown) {
      // SoftphoneController.dial: the contract's dial.phoneNumber rule, with at least two digits, * or #.
      if (
        typeof phoneNumber !== 'string' ||
        !/^[0-9+*#\s\-.()]{2,32}$/.test(phoneNumber) ||
        phoneNumber.replace(/[^0-9*#]/g, '').length < 2
      ) {
        throw new RemoteActionError(
          'Enter a phone number using digits, +, * or #, spaces, dashes, dots or parentheses (2 to 32 characters).'
        );
      }
      const user = ctx.store.get(viewer.userId);
      if (!user?.PbxUserId__c) throw new RemoteActionError(contractMessage(contract, 'Your user is not mapped'));
      const related = typeof relatedRecordId === 'string' && relatedRecordId ? relatedRecordId : null;
      const answer = await callAdapterForAgent(ctx, contract, 'POST', '/api/v1/dial', {
        salesforceUserId: viewer.userId,
        number: phoneNumber,
        ...(related ? { relatedRecordId: related } : {})
      });
      const calledBack = related && ctx.store.sobjectOf(related) === 'CallData__c' ? ctx.store.get(related) : undefined;
      if (calledBack && (viewer.seesAll || calledBack.OwnerId === viewer.userId))
        write(viewer, calledBack, { CalledBack__c: true });
      const reference =
        typeof answer.reference === 'string' ? answer.reference : JSON.stringify(answer.reference ?? null);
      return { reference, status: 'queued' as const };
    },

    /**
     * Not in softphoneContract.json yet: the caller the agent picked when several records matched, or
     * none of them (recordId null: CallDataService.linkCaller clears every lookup, and the Task follows).
     */
    linkCaller(viewer: Viewer, callDataId: unknown, recordId: unknown) {
      const record = ownCall(viewer, callDataId);
      if (record.OwnerId !== viewer.userId) throw new RemoteActionError(notYours);
      if (recordId === null || recordId === undefined) {
        const unlinked = write(viewer, record, { Contact__c: null, Lead__c: null, Account__c: null });
        refreshCallTask(ctx.store, unlinked);
        return view(unlinked);
      }
      const caller = typeof recordId === 'string' ? ctx.store.get(recordId) : undefined;
      const kind = caller ? ctx.store.sobjectOf(caller.Id) : undefined;
      if (!caller || (kind !== 'Contact' && kind !== 'Lead' && kind !== 'Account')) {
        throw new RemoteActionError('Choose a contact, lead or account that you can see.');
      }
      const accountId = kind === 'Account' ? caller.Id : kind === 'Contact' ? (caller.AccountId ?? null) : null;
      const after = write(viewer, record, {
        Contact__c: kind === 'Contact' ? caller.Id : null,
        Lead__c: kind === 'Lead' ? caller.Id : null,
        Account__c: accountId
      });
      refreshCallTask(ctx.store, after);
      return view(after);
    },

    /**
     * NewCallerService.createFor: the caller of the agent's own call becomes a Lead ('Caller <number>',
     * Company '[not provided]') or a Contact with the number as Phone, linked like linkCaller. The
     * compound Name is LastName alone, as Salesforce builds it without a FirstName.
     */
    createCaller(viewer: Viewer, callDataId: unknown, objectType: unknown) {
      const record = ownCall(viewer, callDataId);
      if (record.OwnerId !== viewer.userId) throw new RemoteActionError(notYours);
      const number = typeof record.ExternalNumber__c === 'string' ? record.ExternalNumber__c.trim() : '';
      if (!/^\+?[0-9]{3,20}$/.test(number))
        throw new RemoteActionError('This call has no caller number to save on a new record.');
      if (objectType !== 'Lead' && objectType !== 'Contact')
        throw new RemoteActionError('New callers can be saved as a Lead or a Contact.');
      const lastName = `Caller ${number}`;
      const fields = objectType === 'Lead' ? { Company: '[not provided]' } : {};
      const caller = ctx.store.insert(objectType, {
        ...fields,
        LastName: lastName,
        Name: lastName,
        Phone: number,
        OwnerId: viewer.userId
      });
      const after = write(viewer, record, {
        Contact__c: objectType === 'Contact' ? caller.Id : null,
        Lead__c: objectType === 'Lead' ? caller.Id : null,
        Account__c: null
      });
      refreshCallTask(ctx.store, after);
      return view(after);
    },

    getWrapUpCodes(_viewer: Viewer) {
      return ctx.wrapUpCodes.map((c) => ({ value: c.value, label: c.label }));
    },

    ...createCallControlActions(
      ownCall,
      (method, path, body) => callAdapterForAgent(ctx, contract, method, path, body),
      (message) => {
        throw new RemoteActionError(message);
      }
    )
  };
}

async function callAdapterForAgent(
  ctx: OrgContext,
  contract: SoftphoneContract,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown
): Promise<Record<string, unknown>> {
  try {
    return await callAdapter(ctx.adapter, method, path, body);
  } catch (error) {
    if (!(error instanceof AdapterCallError)) throw error;
    if (error.code === 'DESTINATION_OUT_OF_ORDER')
      throw new RemoteActionError(contractMessage(contract, 'The phone is offline'));
    if (error.code === 'USER_NOT_MAPPED')
      throw new RemoteActionError(contractMessage(contract, 'Your user is not mapped'));
    // AdapterClient.cls AGENT_MESSAGES: these codes read as the contract's texts, whatever the adapter says.
    if (error.code === 'NOT_YOUR_CALL')
      throw new RemoteActionError(contractMessage(contract, 'This call is not yours:'));
    if (error.code === 'CALL_NOT_FOUND')
      throw new RemoteActionError(contractMessage(contract, 'This call has already'));
    if (error.code === 'NO_CONSULTATION')
      throw new RemoteActionError(contractMessage(contract, 'No consultation is in progress'));
    if (error.code === 'CONSULT_RINGING')
      throw new RemoteActionError(contractMessage(contract, 'The person you are consulting'));
    throw new RemoteActionError(error.message);
  }
}

export type RemoteActions = ReturnType<typeof createRemoteActions>;
