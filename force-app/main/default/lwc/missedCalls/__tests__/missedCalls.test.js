import { createElement } from 'lwc';
import MissedCalls from 'c/missedCalls';

const JANE = {
  id: 'a01000000000001AAA',
  number: '+14155550123',
  numberLabel: '+1 415 555 0123',
  name: 'Jane Doe',
  recordId: '003000000000001AAA',
  endedAt: '2026-12-02T10:00:00.000Z'
};
const WITHHELD = { id: 'a01000000000002AAA', number: null, numberLabel: 'Private number', name: '', recordId: null };

function render(calls) {
  const element = createElement('c-missed-calls', { is: MissedCalls });
  element.calls = calls;
  element.now = Date.parse('2026-12-02T10:05:00.000Z');
  document.body.appendChild(element);
  const events = [];
  element.addEventListener('callback', (e) => events.push(['callback', e.detail]));
  element.addEventListener('dismiss', (e) => events.push(['dismiss', e.detail]));
  const all = (id) => [...element.querySelectorAll(`[data-id="${id}"]`)];
  return { element, events, all };
}

describe('c-missed-calls', () => {
  afterEach(() => document.body.replaceChildren());

  it('lists each missed call with a call-back for a known number and a dismiss for every one', async () => {
    const { element, events, all } = render([JANE, WITHHELD]);

    expect(element.querySelector('h2').textContent).toBe('2 missed calls');
    expect(all('missed-call')[0].textContent).toContain('Jane Doe · +1 415 555 0123');
    expect(all('missed-callback')).toHaveLength(1);
    all('missed-callback')[0].click();
    all('missed-dismiss')[1].click();

    expect(events).toEqual([
      ['callback', { number: '+14155550123', callDataId: JANE.id, name: 'Jane Doe', recordId: '003000000000001AAA' }],
      ['dismiss', { callDataId: WITHHELD.id }]
    ]);
    await expect(element).toBeAccessible();
  });
});
