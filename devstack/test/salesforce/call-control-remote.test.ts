// The stand-in's controlCall for an attended transfer checks what SoftphoneController.cls checks
// (SoftphoneAttendedTransferTest): consult needs a dialable target and sends it trimmed; complete
// and cancel send none; a call the agent does not own never reaches the adapter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCallControlActions } from '../../salesforce/call-control-remote.ts';
import type { SObjectRecord } from '../../salesforce/store.ts';

const ALICE = { userId: '005000000000001AAA', seesAll: false };
const SUPERVISOR = { userId: '005000000000009AAA', seesAll: true };
const CALL: SObjectRecord = { Id: 'a01000000000001AAA', OwnerId: ALICE.userId, InteractionId__c: 'int-1' };

function actions() {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  const remote = createCallControlActions(
    (_viewer, id) => {
      if (id !== CALL.Id) throw new Error('This call is not yours or no longer exists.');
      return CALL;
    },
    (method, path, body) => {
      sent.push({ method, path, body });
      return Promise.resolve({ status: 'sent' });
    },
    (message) => {
      throw new Error(message);
    }
  );
  return { remote, sent };
}

describe('stand-in controlCall: attended transfer', () => {
  it('consult sends the trimmed target; complete-transfer and cancel-transfer send none', async () => {
    const { remote, sent } = actions();

    assert.deepEqual(await remote.controlCall(ALICE, CALL.Id, 'consult', ' 102 '), {
      action: 'consult',
      status: 'sent'
    });
    await remote.controlCall(ALICE, CALL.Id, 'cancel-transfer', '102');
    await remote.controlCall(ALICE, CALL.Id, 'complete-transfer', null);

    assert.deepEqual(sent, [
      {
        method: 'POST',
        path: '/api/v1/calls/consult',
        body: { salesforceUserId: ALICE.userId, interactionId: 'int-1', target: '102' }
      },
      {
        method: 'POST',
        path: '/api/v1/calls/cancel-transfer',
        body: { salesforceUserId: ALICE.userId, interactionId: 'int-1' }
      },
      {
        method: 'POST',
        path: '/api/v1/calls/complete-transfer',
        body: { salesforceUserId: ALICE.userId, interactionId: 'int-1' }
      }
    ]);
  });

  it('refuses a consult without a dialable target and a supervisor acting on an agent’s call, before any request', async () => {
    const { remote, sent } = actions();
    const consultRefusal = { message: 'Enter the extension or number to consult before transferring the call.' };

    await assert.rejects(remote.controlCall(ALICE, CALL.Id, 'consult', null), consultRefusal);
    await assert.rejects(remote.controlCall(ALICE, CALL.Id, 'consult', 'Bob'), consultRefusal);
    await assert.rejects(remote.controlCall(SUPERVISOR, CALL.Id, 'complete-transfer', null), {
      message: 'This call is not yours or no longer exists.'
    });
    await assert.rejects(remote.controlCall(ALICE, CALL.Id, 'conference', null), {
      message:
        'The softphone can hang up, hold, resume, decline or transfer a call, or consult someone first and then complete or cancel that transfer.'
    });

    assert.deepEqual(sent, []);
  });
});
