// The stand-in's call Tasks behave like CallTaskLogger in the org: one Task per ended call the agent took part
// in, none for a ring-group member who did not talk, an open "Call back" Task for a missed call that calling
// back completes. Expected values are read from CallTaskLogger.cls's rules, not from the stand-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { ALICE, BOB, connectionFor, INTEGRATION, projection, standIn } from './helpers.ts';

describe('call Tasks', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await standIn();
  });
  after(() => sf.stop());

  const upsert = (fields: Record<string, unknown>) =>
    connectionFor(sf, INTEGRATION).sobject('CallData__c').upsert(fields, 'CallId__c');
  const callNamed = (callId: string) => sf.records('CallData__c').find((r) => r.CallId__c === callId);
  const tasksOf = (callId: string) => sf.records('Task').filter((t) => t.CallObject === callId);

  it('logs an answered call once, however often it is written after it ended', async () => {
    const ended = { ...projection({ CallId__c: 't1:alice', Status__c: 'Ended', Result__c: 'Answered' }) };
    await upsert({ ...ended, OwnerId: sf.userId(ALICE) });
    await upsert({ ...ended, OwnerId: sf.userId(ALICE), HasRecording__c: true, LastEventSeq__c: 2 });
    const tasks = tasksOf('t1:alice');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.Status, 'Completed');
    assert.equal(tasks[0]?.Subject, 'Inbound call from +14155550123');
    assert.equal(callNamed('t1:alice')?.TaskId__c, tasks[0]?.Id);
  });

  it('logs nothing for a ring-group member whose colleague answered', async () => {
    const fields = projection({ CallId__c: 't2:bob', Status__c: 'Ended', Result__c: 'AnsweredElsewhere' });
    await upsert({ ...fields, OwnerId: sf.userId(BOB) });
    assert.equal(tasksOf('t2:bob').length, 0);
    assert.equal(callNamed('t2:bob')?.TaskId__c ?? null, null);
  });

  it('turns a missed call into an open call-back Task that calling back completes', async () => {
    const fields = projection({ CallId__c: 't3:alice', Status__c: 'Ended', Result__c: 'Missed' });
    await upsert({ ...fields, OwnerId: sf.userId(ALICE) });
    const [open] = tasksOf('t3:alice');
    assert.equal(open?.Subject, 'Call back +14155550123');
    assert.equal(open?.Status, 'Not Started');
    assert.equal(open?.OwnerId, sf.userId(ALICE), 'for the agent who missed it');

    await connectionFor(sf, ALICE)
      .sobject('CallData__c')
      .update({ Id: String(callNamed('t3:alice')?.Id), CalledBack__c: true });
    const tasks = tasksOf('t3:alice');
    assert.equal(tasks.length, 1, 'still one Task');
    assert.equal(tasks[0]?.Status, 'Completed');
  });

  it('waits for the outcome of a call the agent declined: nothing while open, then by its result', async () => {
    // Declined while the caller waits for a colleague: ended for Alice, no result yet (CallTaskLogger.isLoggable).
    const open = projection({ CallId__c: 't5:alice', Status__c: 'Ended', Result__c: null, LastEventSeq__c: 1 });
    await upsert({ ...open, OwnerId: sf.userId(ALICE) });
    assert.equal(tasksOf('t5:alice').length, 0, 'no "Call back" Task while a colleague may still answer');
    await upsert({ ...open, OwnerId: sf.userId(ALICE), Result__c: 'AnsweredElsewhere', LastEventSeq__c: 2 });
    assert.equal(tasksOf('t5:alice').length, 0, 'the colleague who answered has the Task');

    const nobody = projection({ CallId__c: 't6:alice', Status__c: 'Ended', Result__c: null, LastEventSeq__c: 1 });
    await upsert({ ...nobody, OwnerId: sf.userId(ALICE) });
    await upsert({ ...nobody, OwnerId: sf.userId(ALICE), Result__c: 'Missed', LastEventSeq__c: 2 });
    const [callBack] = tasksOf('t6:alice');
    assert.equal(callBack?.Subject, 'Call back +14155550123');
    assert.equal(tasksOf('t6:alice').length, 1);
  });

  it('never logs a queue-owned (unassigned) call', async () => {
    const fields = projection({ CallId__c: 't4:unassigned', Status__c: 'Ended', Result__c: 'Missed' });
    await upsert({ ...fields, OwnerId: sf.unassignedQueueId });
    assert.equal(tasksOf('t4:unassigned').length, 0);
  });
});
