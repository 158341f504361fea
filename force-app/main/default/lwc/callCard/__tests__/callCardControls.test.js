import { createElement } from 'lwc';
import CallCard from 'c/callCard';

const CONNECTED = {
  id: 'a01000000000001AAA',
  direction: 'Inbound',
  status: 'Connected',
  externalNumber: '+14155550100',
  fromNumber: '+14155550100',
  ringStartedAt: '2026-11-21T10:00:00.000Z',
  answeredAt: '2026-11-21T10:00:05.000Z'
};

function render(call, now = Date.parse('2026-11-21T10:01:05.000Z')) {
  const element = createElement('c-call-card', { is: CallCard });
  Object.assign(element, { call, now });
  document.body.appendChild(element);
  return element;
}
const field = (element, id) => element.querySelector(`[data-id="${id}"]`);
const buttonLabels = (element) =>
  [...element.querySelectorAll('.softphone-call-controls button')].map((b) => b.textContent.trim());

describe('c-call-card controls', () => {
  afterEach(() => document.body.replaceChildren());

  it('offers only Decline while an inbound call rings the agent', () => {
    const element = render({ ...CONNECTED, status: 'Ringing', answeredAt: null });

    expect(buttonLabels(element)).toEqual(['Decline']);
  });

  it('offers nothing while the agent’s own outbound call rings (the desk phone is ringing them)', () => {
    const element = render({ ...CONNECTED, direction: 'Outbound', status: 'Ringing', answeredAt: null });

    expect(buttonLabels(element)).toEqual([]);
    expect(element.querySelector('.softphone-call-controls')).toBeNull();
  });

  it('offers Hold, Transfer and Hang up on a connected call, Resume instead of Hold on hold', async () => {
    const element = render(CONNECTED);
    expect(buttonLabels(element)).toEqual(['Hold', 'Transfer', 'Hang up']);

    element.call = { ...CONNECTED, status: 'OnHold', heldSince: Date.parse('2026-11-21T10:01:00.000Z') };
    await Promise.resolve();

    expect(buttonLabels(element)).toEqual(['Resume', 'Transfer', 'Hang up']);
    await expect(element).toBeAccessible();
  });

  it('asks the container to act on the call when a control is clicked', () => {
    const element = render(CONNECTED);
    const asked = jest.fn();
    element.addEventListener('callaction', asked);

    field(element, 'call-hold').click();

    expect(asked.mock.calls[0][0].detail).toEqual({ callDataId: 'a01000000000001AAA', action: 'hold' });
  });

  it('keeps every control disabled and says what is happening while an action is in flight', () => {
    const element = render({ ...CONNECTED, pendingAction: 'hold' });
    const asked = jest.fn();
    element.addEventListener('callaction', asked);

    field(element, 'call-hangup').click();

    const buttons = [...element.querySelectorAll('.softphone-call-controls button')];
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(field(element, 'call-action-pending').textContent).toBe('Putting on hold…');
    expect(asked).not.toHaveBeenCalled();
  });

  it('shows On hold with its own timer beside the talk time', async () => {
    // Answered 10:00:05, on hold since 10:00:50: at 10:01:05 talk time 1:00, hold 0:15.
    const element = render({ ...CONNECTED, status: 'OnHold', heldSince: Date.parse('2026-11-21T10:00:50.000Z') });

    expect(field(element, 'call-status').textContent).toBe('On hold');
    expect(field(element, 'call-timer').textContent).toBe('1:00');
    expect(field(element, 'call-hold-timer').textContent.trim()).toBe('On hold 0:15');

    element.now = Date.parse('2026-11-21T10:02:50.000Z');
    await Promise.resolve();
    expect(field(element, 'call-hold-timer').textContent.trim()).toBe('On hold 2:00');
  });

  it('shows no hold timer on a connected call', () => {
    const element = render(CONNECTED);

    expect(field(element, 'call-hold-timer')).toBeNull();
    expect(field(element, 'call-hold-total')).toBeNull();
  });

  it('after a hold, says how long the call was on hold in all (HoldSeconds__c)', () => {
    const element = render({ ...CONNECTED, holdSeconds: 75 });

    expect(field(element, 'call-hold-total').textContent).toBe('Held 1:15');
    expect(field(element, 'call-hold-timer')).toBeNull();
  });
});
