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

describe('c-softphone-app: the call timers', () => {
  const T0 = Date.parse('2026-12-04T10:00:00.000Z');

  beforeEach(() => {
    // The softphone's ticker (setInterval) and Date run on the test's clock; promises still settle.
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    jest.setSystemTime(T0);
  });
  afterEach(() => {
    unmountAll();
    jest.useRealTimers();
  });

  const timers = (element) => [...element.querySelectorAll('[data-id="call-timer"]')].map((t) => t.textContent);

  it('move together once a second: a call arriving between two ticks shows 0:00 and redraws no other timer', async () => {
    const { cometd, element } = await mountSoftphone();
    const answeredAt = new Date(T0 - 5_600).toISOString();
    cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Connected', AnsweredAt__c: answeredAt }), 11);
    await flushPromises();
    expect(timers(element)).toEqual(['0:05']);

    jest.advanceTimersByTime(1_500); // the tick at 1 s (0:06), then half a second
    await flushPromises();
    cometd.publish(
      WIRE_CHANNEL,
      callEvent({
        Id: 'a01000000000002AAA',
        ExternalNumber__c: '+14155550111',
        RingStartedAt__c: new Date().toISOString()
      }),
      12
    );
    await flushPromises();
    // The connected call has been up 7.1 s: its timer still shows the last tick's 0:06 (6.6 s).
    expect(timers(element).sort()).toEqual(['0:00', '0:06']);

    // The ticker started with the first call, at T0: its ticks come at whole seconds from then.
    jest.advanceTimersByTime(500); // the tick at 2 s: up 7.6 s and 0.5 s
    await flushPromises();
    expect(timers(element).sort()).toEqual(['0:00', '0:07']);
    jest.advanceTimersByTime(1_000); // the tick at 3 s: up 8.6 s and 1.5 s
    await flushPromises();
    expect(timers(element).sort()).toEqual(['0:01', '0:08']);
  });
});
