import { createElement } from 'lwc';
import MatchPicker from 'c/matchPicker';

const MATCHES = [
  { id: '003000000000001AAA', name: 'Ada Lovelace', type: 'Contact' },
  { id: '00Q000000000001AAA', name: 'Ada L.', type: 'Lead' }
];

function render() {
  const element = createElement('c-match-picker', { is: MatchPicker });
  Object.assign(element, { matches: MATCHES, number: '+14155550100' });
  document.body.appendChild(element);
  return element;
}

describe('c-match-picker', () => {
  afterEach(() => document.body.replaceChildren());

  it('lists every match with its type', async () => {
    const element = render();

    const options = [...element.querySelectorAll('[data-id="match-option"]')];
    expect(options.map((o) => o.textContent.replace(/\s+/g, ' ').trim())).toEqual([
      'Ada Lovelace · Contact',
      'Ada L. · Lead'
    ]);
    expect(element.querySelector('h2').textContent).toBe('Several records match +1 415 555 0100');
    await expect(element).toBeAccessible();
  });

  it('fires select with the picked record, or dismiss', () => {
    const element = render();
    const selected = jest.fn();
    const dismissed = jest.fn();
    element.addEventListener('select', selected);
    element.addEventListener('dismiss', dismissed);

    element.querySelectorAll('[data-id="match-option"]')[1].click();
    element.querySelector('[data-id="match-dismiss"]').click();

    expect(selected.mock.calls[0][0].detail).toEqual({ recordId: '00Q000000000001AAA' });
    expect(dismissed).toHaveBeenCalledTimes(1);
  });
});
