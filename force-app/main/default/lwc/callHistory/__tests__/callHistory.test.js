import { createElement } from 'lwc';
import CallHistory from 'c/callHistory';

const NOW = Date.parse('2026-11-21T15:00:00.000Z');
const CALLS = [
  {
    id: 'a01000000000001AAA',
    direction: 'Inbound',
    result: 'Missed',
    externalNumber: '+14155550100',
    matchedName: 'Ada Lovelace',
    ringStartedAt: '2026-11-21T14:00:00.000Z'
  },
  {
    id: 'a01000000000002AAA',
    direction: 'Outbound',
    result: 'Answered',
    externalNumber: '+14155550101',
    talkSeconds: 95,
    hasRecording: true,
    ringStartedAt: '2026-11-20T09:00:00.000Z'
  }
];

function render(props = {}) {
  const element = createElement('c-call-history', { is: CallHistory });
  Object.assign(element, { calls: CALLS, filter: 'all', hasMore: true, now: NOW, ...props });
  document.body.appendChild(element);
  const byId = (id) => element.querySelector(`[data-id="${id}"]`);
  const allById = (id) => [...element.querySelectorAll(`[data-id="${id}"]`)];
  return { element, byId, allById };
}

describe('c-call-history', () => {
  afterEach(() => document.body.replaceChildren());

  it('lists calls with result, talk time and a player for recorded calls', async () => {
    const { element, allById } = render();

    const rows = allById('history-row');
    expect(rows.map((r) => r.dataset.callId)).toEqual(['a01000000000001AAA', 'a01000000000002AAA']);
    expect(rows[0].textContent).toContain('Missed');
    expect(rows[1].textContent).toContain('1:35');
    expect(rows[0].querySelector('[data-id="recording-load"]')).toBeNull();
    expect(rows[1].querySelector('[data-id="recording-load"]')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('fires filterchange, loadmore and callback with the row’s number and id', () => {
    const { element, byId, allById } = render();
    const events = [];
    ['filterchange', 'loadmore', 'callback'].forEach((name) =>
      element.addEventListener(name, (e) => events.push([name, e.detail]))
    );

    byId('history-filter-missed').click();
    byId('history-filter-all').click(); // already selected: no event
    byId('history-load-more').click();
    allById('history-callback')[0].click();

    expect(events).toEqual([
      ['filterchange', { filter: 'missed' }],
      ['loadmore', null],
      ['callback', { number: '+14155550100', callDataId: 'a01000000000001AAA', name: 'Ada Lovelace', recordId: null }]
    ]);
    expect(byId('history-filter-all').getAttribute('aria-pressed')).toBe('true');
  });

  it('says when there is nothing to show and hides load more at the end', () => {
    const { byId } = render({ calls: [], filter: 'missed', hasMore: false });

    expect(byId('history-empty').textContent).toBe('No missed calls.');
    expect(byId('history-load-more')).toBeNull();
  });

  it('offers no call-back on a live call, and a wrap-up edit only on calls the agent talked on', () => {
    const live = {
      id: 'a01000000000003AAA',
      direction: 'Inbound',
      status: 'Connected',
      externalNumber: '+14155550102'
    };
    const { element, allById } = render({ calls: [live, ...CALLS] });
    const edits = jest.fn();
    element.addEventListener('editwrapup', edits);

    const rows = allById('history-row');
    expect(rows[0].querySelector('[data-id="history-callback"]')).toBeNull();
    expect(rows[0].querySelector('[data-id="history-live"]').textContent).toBe('Live');
    expect(rows[1].querySelector('[data-id="history-edit-wrapup"]')).toBeNull();
    rows[2].querySelector('[data-id="history-edit-wrapup"]').click();
    expect(edits.mock.calls[0][0].detail).toEqual({ callDataId: 'a01000000000002AAA' });
  });
});
