// The PushTopic stream through a real CometD client: an agent's filtered subscription gets its own
// events only, with Salesforce's event shape; replay; subscription errors; bad sessions;
// a dropped client re-handshakes and resumes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadContract } from '../../salesforce/call-view.ts';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { eventually, testClient, type TestClient } from './cometd-client.ts';
import { ALICE, BOB, connectionFor, INTEGRATION, projection, standIn } from './helpers.ts';

// Salesforce sends the PushTopic query's fields, in the query's order: read straight from the contract.
const TOPIC_FIELDS = /^SELECT (.+) FROM CallData__c$/.exec(loadContract().pushTopic.query)?.[1]?.split(', ');

describe('Streaming API (PushTopic CallDataUpdates)', () => {
  let sf: SalesforceStandIn;
  const clients: TestClient[] = [];
  const client = (username: string) => {
    const c = testClient(sf, sf.sessionFor(sf.userId(username)));
    clients.push(c);
    return c;
  };
  const write = (callId: string, owner: string, extra: Record<string, unknown> = {}) =>
    connectionFor(sf, INTEGRATION)
      .sobject('CallData__c')
      .upsert({ ...projection({ CallId__c: callId }), OwnerId: sf.userId(owner), ...extra }, 'CallId__c');

  before(async () => {
    sf = await standIn();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await sf.stop();
  });

  it("delivers an agent's own events only, shaped like Salesforce's", async () => {
    const alice = client(ALICE);
    const reply = await alice.start(`OwnerId='${sf.userId(ALICE)}'`, -1);
    assert.equal(reply.successful, true);
    await write('e1:alice', ALICE);
    await write('e1:bob', BOB);
    await write('e1:alice', ALICE, { Status__c: 'Connected', LastEventSeq__c: 2 });
    await eventually(() => alice.events.length === 2);
    const [created, updated] = alice.events.map(
      (m) => m.data as { event: Record<string, unknown>; sobject: Record<string, unknown> }
    );
    assert.equal(created?.event.type, 'created');
    assert.equal(updated?.event.type, 'updated');
    assert.match(String(created?.event.createdDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(Object.keys(updated?.sobject ?? {}), TOPIC_FIELDS);
    assert.equal(updated?.sobject.Status__c, 'Connected');
  });

  it('sends no event when only fields outside the topic query change', async () => {
    const before = sf.publishes.length;
    await connectionFor(sf, INTEGRATION)
      .sobject('CallData__c')
      .upsert({ CallId__c: 'e1:alice', Notes__c: 'notes' }, 'CallId__c');
    assert.equal(sf.records('CallData__c').find((r) => r.CallId__c === 'e1:alice')?.Notes__c, 'notes');
    assert.equal(sf.publishes.length, before);
  });

  it('replays the retained events with -2 and none with -1', async () => {
    const all = client(ALICE);
    await all.start(`OwnerId='${sf.userId(ALICE)}'`, -2);
    const tip = client(ALICE);
    await tip.start(`OwnerId='${sf.userId(ALICE)}'`, -1);
    const retained = sf.publishes.filter((e) => e.ownerId === sf.userId(ALICE)).length;
    await eventually(() => all.events.length === retained);
    assert.equal(retained, 2);
    // A new event is the barrier: events reach a client in order, so a replay -1 wrongly gave
    // would have come before it.
    await write('e1:alice', ALICE, { Status__c: 'Ended', LastEventSeq__c: 3 });
    await eventually(() => tip.events.length >= 1);
    assert.deepEqual(
      tip.events.map((m) => (m.data as { sobject: { Status__c: string } }).sobject.Status__c),
      ['Ended']
    );
  });

  it('never delivers records the subscriber cannot see, whatever the filter', async () => {
    const bob = client(BOB);
    await bob.start(`OwnerId='${sf.userId(ALICE)}'`, -2);
    // Alice, subscribed with the same filter, is the barrier: once the event reached her, the
    // stand-in has offered it to every subscription (fan-out happens when it is published).
    const alice = client(ALICE);
    await alice.start(`OwnerId='${sf.userId(ALICE)}'`, -1);
    await write('e2:alice', ALICE);
    await eventually(() => alice.events.some((m) => JSON.stringify(m.data).includes('e2:alice')));
    assert.equal(bob.events.length, 0);
  });

  it('refuses filters on fields outside the topic query', async () => {
    const notes = client(ALICE);
    const reply = await notes.start("Notes__c='x'", -1);
    assert.equal(reply.successful, false);
    assert.equal(reply.error, '400::Query fields {Notes__c} do not exist on the topic entity');
  });

  it('denies the handshake for a bad session with the documented failure reason', async () => {
    const stranger = testClient(sf, 'expired-session');
    clients.push(stranger);
    const reply = await stranger.start(null, -1);
    assert.equal(reply.successful, false);
    assert.equal(reply.error, '403::Handshake denied');
    assert.deepEqual((reply.ext as { sfdc: unknown }).sfdc, { failureReason: '401::Authentication invalid' });
  });

  it('answers 403::Unknown client after a drop, and the client re-handshakes and resumes', async () => {
    const alice = client(ALICE);
    await alice.start(`OwnerId='${sf.userId(ALICE)}'`, -1);
    await write('e3:alice', ALICE, { LastEventSeq__c: 1 });
    await eventually(() => alice.events.length === 1);
    sf.dropStreamingClients();
    await write('e3:alice', ALICE, { Status__c: 'Connected', LastEventSeq__c: 2 });
    await eventually(() => alice.meta.some((m) => m.error === '403::Unknown client'), 8000);
    await eventually(() => alice.events.length === 2, 8000);
    const resumed = alice.events[1]?.data as { sobject: { CallId__c: string; Status__c: string } };
    assert.deepEqual([resumed.sobject.CallId__c, resumed.sobject.Status__c], ['e3:alice', 'Connected']);
  });

  it('stops a connected client whose session was killed, with 401::Authentication invalid', async () => {
    const alice = client(ALICE);
    await alice.start(`OwnerId='${sf.userId(ALICE)}'`, -1);
    sf.faults.expireSessions();
    const killed = () => alice.meta.find((m) => m.channel === '/meta/connect' && m.successful === false);
    await eventually(() => killed() !== undefined, 8000);
    assert.equal(killed()?.error, '401::Authentication invalid');
    assert.deepEqual(killed()?.advice, { reconnect: 'none', interval: 0 });
  });
});
