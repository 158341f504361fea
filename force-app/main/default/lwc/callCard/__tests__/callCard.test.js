import { createElement } from 'lwc';
import CallCard from 'c/callCard';

const CALL = {
  id: 'a01000000000001AAA',
  direction: 'Inbound',
  status: 'Connected',
  externalNumber: '+14155550100',
  contactId: '003000000000001AAA',
  matchedName: 'Ada Lovelace',
  ringStartedAt: '2026-11-21T10:00:00.000Z',
  answeredAt: '2026-11-21T10:00:05.000Z'
};

function render(props) {
  const element = createElement('c-call-card', { is: CallCard });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}
const field = (element, id) => element.querySelector(`[data-id="${id}"]`);

describe('c-call-card', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows direction, number, matched name, status and the talk time', async () => {
    const element = render({ call: CALL, now: Date.parse('2026-11-21T10:02:10.000Z') });

    expect(field(element, 'call-direction').textContent).toBe('Inbound');
    expect(field(element, 'call-number').textContent).toBe('+1 415 555 0100');
    expect(field(element, 'call-matched-name').textContent.trim()).toBe('Ada Lovelace');
    expect(field(element, 'call-status').textContent).toBe('Connected');
    expect(field(element, 'call-timer').textContent).toBe('2:05');
    await expect(element).toBeAccessible();
  });

  it('ticks the timer when the container moves `now`', async () => {
    const element = render({ call: CALL, now: Date.parse('2026-11-21T10:00:15.000Z') });
    element.now = Date.parse('2026-11-21T11:00:05.000Z');
    await Promise.resolve();

    expect(field(element, 'call-timer').textContent).toBe('1:00:00');
  });

  it('asks to open the matched record when the name is clicked', () => {
    const element = render({ call: CALL, now: 0 });
    const opened = jest.fn();
    element.addEventListener('openrecord', opened);

    field(element, 'call-matched-name').click();

    expect(opened.mock.calls[0][0].detail).toEqual({ recordId: '003000000000001AAA' });
  });

  it('shows the caller id name and the result when no record matched', () => {
    const element = render({
      call: {
        ...CALL,
        contactId: null,
        matchedName: null,
        fromName: 'ACME RECEPTION',
        status: 'OnHold',
        result: 'Answered'
      }
    });

    expect(field(element, 'call-matched-name')).toBeNull();
    expect(field(element, 'call-party-name').textContent).toBe('ACME RECEPTION');
    expect(field(element, 'call-status').textContent).toBe('On hold');
    expect(field(element, 'call-result').textContent).toBe('Answered');
  });
});
