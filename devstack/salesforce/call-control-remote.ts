/**
 * SoftphoneController's call-control remoting methods as the stand-in answers them: the same
 * checks as the Apex (the agent's own visible call, a known action, a dialable target for a
 * transfer or a consult, a known status) before the adapter is called with the agent's user id,
 * like AdapterClient.cls.
 */
import type { Viewer } from './soql.ts';
import type { SObjectRecord } from './store.ts';

// SoftphoneController.cls CALL_ACTIONS and TARGETED_ACTIONS.
const ACTIONS = new Set([
  'hangup',
  'hold',
  'resume',
  'decline',
  'transfer',
  'consult',
  'complete-transfer',
  'cancel-transfer'
]);
const TARGETED = new Set(['transfer', 'consult']);
const STATUSES = new Set(['Available', 'DoNotDisturb', 'Away']);
const DIALABLE = /^[0-9+()\s.-]{2,32}$/;

type AdapterCall = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** `refuse` throws the stand-in's RemoteActionError (its message reaches the agent as is). */
export function createCallControlActions(
  ownCall: (viewer: Viewer, id: unknown) => SObjectRecord,
  adapter: AdapterCall,
  refuse: (message: string) => never
) {
  const statusOf = (answer: Record<string, unknown>) => ({
    status: typeof answer.status === 'string' ? answer.status : null,
    doNotDisturb: answer.doNotDisturb === true
  });
  return {
    async controlCall(viewer: Viewer, callDataId: unknown, action: unknown, target: unknown) {
      if (typeof action !== 'string' || !ACTIONS.has(action))
        refuse(
          'The softphone can hang up, hold, resume, decline or transfer a call, or consult someone first and then complete or cancel that transfer.'
        );
      const trimmed = typeof target === 'string' ? target.trim() : '';
      const targeted = TARGETED.has(action);
      if (targeted && !DIALABLE.test(trimmed))
        refuse(
          action === 'consult'
            ? 'Enter the extension or number to consult before transferring the call.'
            : 'Enter the extension or number to transfer the call to.'
        );
      const record = ownCall(viewer, callDataId);
      if (record.OwnerId !== viewer.userId) refuse('This call is not yours or no longer exists.');
      await adapter('POST', `/api/v1/calls/${String(action)}`, {
        salesforceUserId: viewer.userId,
        interactionId: record.InteractionId__c,
        ...(targeted ? { target: trimmed } : {})
      });
      return { action: String(action), status: 'sent' as const };
    },

    async getAgentStatus(viewer: Viewer) {
      return statusOf(await adapter('GET', `/api/v1/agents/${viewer.userId}/status`));
    },

    async setAgentStatus(viewer: Viewer, status: unknown) {
      if (typeof status !== 'string' || !STATUSES.has(status)) refuse('Choose Available, Do not disturb or Away.');
      return statusOf(await adapter('PUT', `/api/v1/agents/${viewer.userId}/status`, { status }));
    },

    async getColleagues(_viewer: Viewer) {
      const answer = await adapter('GET', '/api/v1/pbx/users');
      const users = Array.isArray(answer.users) ? (answer.users as Record<string, unknown>[]) : [];
      return users
        .filter((u) => Array.isArray(u.extensions) && u.extensions.length > 0)
        .map((u) => ({ name: String(u.name), extension: String((u.extensions as unknown[])[0]) }));
    }
  };
}
