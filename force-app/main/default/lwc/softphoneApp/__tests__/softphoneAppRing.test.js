import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';

/** Ring alerts that record what they were asked (c/ringAlert's interface). */
function recordingAlerts() {
  const rung = [];
  return { rung, ring: (callId) => rung.push(callId) && true, stop: () => undefined };
}

describe('c-softphone-app: a ring', () => {
  afterEach(unmountAll);

  it('shows the card with the number before the caller search is asked, and names the caller once it answers', async () => {
    const { cometd, openCti, element, byId } = await mountSoftphone();
    const cardWhenSearched = [];
    openCti.setResult('searchAndScreenPop', () => {
      const card = element.querySelector('[data-id="call-card"]');
      cardWhenSearched.push(card ? card.textContent : null);
      return { '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' } };
    });

    cometd.publish(WIRE_CHANNEL, callEvent({}), 11);
    await flushPromises();

    expect(cardWhenSearched).toHaveLength(1);
    expect(cardWhenSearched[0]).toContain('+1 415 555 0100');
    expect(cardWhenSearched[0]).not.toContain('Ada Lovelace');
    expect(byId('call-card').textContent).toContain('Ada Lovelace');
  });

  it('rings once for a ring, and not at all for a ring answered in the same delivery', async () => {
    const alerts = recordingAlerts();
    const { cometd, openCti } = await mountSoftphone({ alerts });

    cometd.publish(WIRE_CHANNEL, callEvent({ Id: 'a01000000000001AAA' }), 11);
    cometd.publish(WIRE_CHANNEL, callEvent({ Id: 'a01000000000002AAA', ExternalNumber__c: '+14155550111' }), 12);
    const answeredAt = new Date().toISOString();
    cometd.publish(
      WIRE_CHANNEL,
      callEvent({
        Id: 'a01000000000002AAA',
        ExternalNumber__c: '+14155550111',
        Status__c: 'Connected',
        AnsweredAt__c: answeredAt
      }),
      13
    );
    await flushPromises();

    expect(alerts.rung).toEqual(['a01000000000001AAA']);
    // Both callers are still popped: the answered call is one the agent is on.
    expect(openCti.argsOf('searchAndScreenPop').map((a) => a.searchParams)).toEqual(['+14155550100', '+14155550111']);
  });
});
