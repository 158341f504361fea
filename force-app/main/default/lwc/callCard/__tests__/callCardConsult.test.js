import { createElement } from 'lwc';
import CallCard from 'c/callCard';

const CONSULTING = {
  id: 'a01000000000001AAA',
  interactionId: 'int-1',
  direction: 'Inbound',
  status: 'Connected',
  externalNumber: '+14155550100',
  fromNumber: '+14155550100',
  fromName: 'Jane Doe',
  ringStartedAt: '2026-11-21T10:00:00.000Z',
  answeredAt: '2026-11-21T10:00:05.000Z',
  consultation: { target: '1002', label: 'Bob Builder (1002)' }
};

function render(call) {
  const element = createElement('c-call-card', { is: CallCard });
  Object.assign(element, { call, now: Date.parse('2026-11-21T10:01:05.000Z') });
  document.body.appendChild(element);
  return element;
}
const field = (element, id) => element.querySelector(`[data-id="${id}"]`);
const buttonLabels = (element) =>
  [...element.querySelectorAll('.softphone-call-controls button')].map((b) => b.textContent.trim());

describe('c-call-card while the agent consults before transferring', () => {
  afterEach(() => document.body.replaceChildren());

  it('says who is consulted and that the caller waits on music hold', async () => {
    const element = render(CONSULTING);

    expect(field(element, 'call-consult-status').textContent.trim()).toBe('Consulting Bob Builder (1002)');
    expect(field(element, 'call-consult-caller').textContent.trim()).toBe('Jane Doe is on music hold');
    await expect(element).toBeAccessible();
  });

  it('offers only Complete transfer and Back to caller: no Hold, Transfer or Hang up', () => {
    const element = render(CONSULTING);

    expect(buttonLabels(element)).toEqual(['Complete transfer', 'Back to caller']);
    expect(field(element, 'call-complete-transfer').title).toBe(
      'You leave the call; the caller is put through to Bob Builder (1002)'
    );
    expect(field(element, 'call-cancel-transfer').title).toBe(
      'Hang up on Bob Builder (1002) and talk to the caller again'
    );
  });

  it('asks the container to complete or to go back to the caller', () => {
    const element = render(CONSULTING);
    const asked = jest.fn();
    element.addEventListener('callaction', (e) => asked(e.detail));

    field(element, 'call-complete-transfer').click();
    field(element, 'call-cancel-transfer').click();

    expect(asked.mock.calls).toEqual([
      [{ callDataId: 'a01000000000001AAA', action: 'complete-transfer' }],
      [{ callDataId: 'a01000000000001AAA', action: 'cancel-transfer' }]
    ]);
  });

  it('names the caller by number when nothing else is known, and keeps the consultation while the record is on hold', () => {
    const element = render({ ...CONSULTING, fromName: null, status: 'OnHold', heldSince: Date.now() });

    expect(field(element, 'call-consult-caller').textContent.trim()).toBe('+1 415 555 0100 is on music hold');
    expect(buttonLabels(element)).toEqual(['Complete transfer', 'Back to caller']);
  });

  it('says the consultation is being started while the consult is in flight, before the card shows it', () => {
    const element = render({ ...CONSULTING, consultation: undefined, pendingAction: 'consult' });

    expect(field(element, 'call-action-pending').textContent).toBe('Starting the consultation…');
    expect(field(element, 'call-consult')).toBeNull();
  });
});
