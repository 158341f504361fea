import { flushPromises } from 'jest-mocks/flushPromises';
import {
  AGENT_ID,
  WIRE_CHANNEL,
  callEvent,
  createRingChannelFake,
  mountSoftphone,
  unmountAll
} from 'jest-mocks/softphoneFixture';

const RECORD_ID = 'a01000000000001AAA';
const CALL_ID = 'int-1:user-alice';

/** The record as the adapter pushes it before the org write: its CallId__c and owner, no record Id. */
function pushed(fields) {
  const record = callEvent({ CallId__c: CALL_ID, InteractionId__c: 'int-1', LastEventSeq__c: 1, ...fields });
  delete record.Id;
  return record;
}

/** The org's copy of the same record, as the PushTopic delivers it. */
function stored(fields) {
  return callEvent({ Id: RECORD_ID, CallId__c: CALL_ID, InteractionId__c: 'int-1', LastEventSeq__c: 1, ...fields });
}

async function mounted() {
  const ring = createRingChannelFake();
  const softphone = await mountSoftphone({ ring });
  return { ring, ...softphone };
}

describe('c-softphone-app: states pushed by the ringing channel', () => {
  afterEach(unmountAll);

  it('starts the channel in the tab that streams', async () => {
    const { ring } = await mounted();
    expect(ring.started).toBe(1);
  });

  it('shows a pushed ring at once, then gives the same card its record when the org delivers it', async () => {
    const { ring, cometd, openCti, allById, byId } = await mounted();

    ring.push(pushed({}));
    await flushPromises();

    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.status).toBe('Ringing');
    expect(byId('call-card').dataset.callKey).toBe(CALL_ID);
    expect(byId('call-decline').disabled).toBe(true);
    expect(openCti.argsOf('searchAndScreenPop').map((a) => a.searchParams)).toEqual(['+14155550100']);

    cometd.publish(WIRE_CHANNEL, stored({}), 11);
    await flushPromises();

    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.callId).toBe(RECORD_ID);
    expect(byId('call-decline').disabled).toBe(false);
    expect(openCti.argsOf('searchAndScreenPop')).toHaveLength(1);
  });

  it('shows one card and pops once when the PushTopic comes first', async () => {
    const { ring, cometd, openCti, allById, byId } = await mounted();

    cometd.publish(WIRE_CHANNEL, stored({}), 11);
    await flushPromises();
    ring.push(pushed({}));
    await flushPromises();

    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.callId).toBe(RECORD_ID);
    expect(openCti.argsOf('searchAndScreenPop')).toHaveLength(1);
  });

  it('never takes a card back to an older state the PushTopic delivers late', async () => {
    const { ring, cometd, byId } = await mounted();
    const answeredAt = new Date().toISOString();

    ring.push(pushed({}));
    ring.push(pushed({ Status__c: 'Connected', AnsweredAt__c: answeredAt, LastEventSeq__c: 3 }));
    await flushPromises();
    cometd.publish(WIRE_CHANNEL, stored({ Contact__c: '003000000000001AAA' }), 11);
    await flushPromises();

    expect(byId('call-card').dataset.status).toBe('Connected');
    expect(byId('call-card').dataset.callId).toBe(RECORD_ID);
    expect(byId('call-hangup').disabled).toBe(false);
  });

  it('does not bring back a call that ended; the org’s Ended still lists it as missed', async () => {
    const { ring, cometd, allById, element } = await mounted();
    const ended = { Status__c: 'Ended', Result__c: 'Missed', EndedAt__c: new Date().toISOString(), LastEventSeq__c: 2 };

    ring.push(pushed({}));
    ring.push(pushed(ended));
    await flushPromises();
    expect(allById('call-card')).toHaveLength(0);

    cometd.publish(WIRE_CHANNEL, stored({}), 11);
    await flushPromises();
    expect(allById('call-card')).toHaveLength(0);

    cometd.publish(WIRE_CHANNEL, stored(ended), 12);
    await flushPromises();
    expect(allById('call-card')).toHaveLength(0);
    expect(element.querySelectorAll('[data-id="missed-dismiss"]')).toHaveLength(1);
  });

  it('keeps two pushed calls apart by their CallId__c', async () => {
    const { ring, allById } = await mounted();
    ring.push(pushed({}));
    ring.push(pushed({ CallId__c: 'int-2:user-alice', InteractionId__c: 'int-2', OwnerId: AGENT_ID }));
    await flushPromises();
    expect(allById('call-card')).toHaveLength(2);
  });
});

describe('c-softphone-app: a call the agent dials, before the PBX names it', () => {
  afterEach(unmountAll);

  const A_LEG = 'a-leg-1';
  /** The adapter's preview of the agent's A-leg (adapter/src/core/dialing-preview.ts). */
  const preview = (fields = {}) => ({
    CallId__c: `dialing:${A_LEG}`,
    ALegCallId: A_LEG,
    OwnerId: AGENT_ID,
    Direction__c: 'Outbound',
    Status__c: 'Ringing',
    ExternalNumber__c: '+14155550199',
    RingStartedAt__c: new Date().toISOString(),
    LastEventSeq__c: 0,
    ...fields
  });
  const outbound = (fields = {}) =>
    pushed({ Direction__c: 'Outbound', ExternalNumber__c: '+14155550199', LastEventSeq__c: 2, ...fields });

  it('shows the dialled call at once and turns that card into the record’s when it comes', async () => {
    const ring = createRingChannelFake();
    const { cometd, allById, byId, openCti } = await mountSoftphone({ ring });

    ring.push(preview());
    await flushPromises();
    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.callLeg).toBe(A_LEG);
    expect(byId('call-card').textContent).toContain('+1 415 555 0199');

    ring.push(outbound({ ALegCallId: A_LEG }));
    await flushPromises();
    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.callKey).toBe(CALL_ID);

    cometd.publish(
      WIRE_CHANNEL,
      stored({ Direction__c: 'Outbound', ExternalNumber__c: '+14155550199', LastEventSeq__c: 2 }),
      11
    );
    await flushPromises();
    expect(allById('call-card')).toHaveLength(1);
    expect(byId('call-card').dataset.callId).toBe(RECORD_ID);
    // A call the agent places is no ring to announce.
    expect(openCti.argsOf('searchAndScreenPop')).toHaveLength(0);
  });

  it('ends a preview no record claimed, and ignores a late preview of a call already shown', async () => {
    const ring = createRingChannelFake();
    const { allById } = await mountSoftphone({ ring });

    ring.push(preview());
    await flushPromises();
    ring.push(preview({ Status__c: 'Ended', LastEventSeq__c: 1 }));
    await flushPromises();
    expect(allById('call-card')).toHaveLength(0);

    ring.push(outbound({ ALegCallId: 'a-leg-2', CallId__c: 'int-2:user-alice' }));
    ring.push(preview({ CallId__c: 'dialing:a-leg-2', ALegCallId: 'a-leg-2' }));
    await flushPromises();
    expect(allById('call-card')).toHaveLength(1);
  });
});
