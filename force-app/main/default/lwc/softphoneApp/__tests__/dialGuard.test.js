import { REDIAL_CONFIRM_MS, recentRedialSeconds, withDialContext, withPlaced } from '../dialGuard';

const AT = Date.parse('2026-12-02T10:00:00Z');
const DIAL = { number: '+14155550124', recordId: '00Q000000000001AAA', recordName: 'John Roe', at: AT };

describe('dial guard', () => {
  it('asks about the same number within the window, not after it, never about another number', () => {
    expect(recentRedialSeconds([DIAL], '+14155550124', AT + 3_000)).toBe(3);
    expect(recentRedialSeconds([DIAL], '+14155550124', AT + REDIAL_CONFIRM_MS)).toBeNull();
    expect(recentRedialSeconds([DIAL], '+14155550125', AT + 1_000)).toBeNull();
  });

  it('names an outbound call after the record it was dialled for, and marks it dialled here', () => {
    const call = { id: 'a01', direction: 'Outbound', status: 'Ringing', externalNumber: '+14155550124' };
    expect(withDialContext(call, [DIAL])).toMatchObject({
      matchedName: 'John Roe',
      pickedRecordId: '00Q000000000001AAA',
      dialledHere: true
    });
    expect(withDialContext({ ...call, direction: 'Inbound' }, [DIAL])).toEqual({ ...call, direction: 'Inbound' });
    expect(withDialContext({ ...call, matchedName: 'Server name' }, [DIAL]).matchedName).toBe('Server name');
  });

  it('forgets dials after two minutes', () => {
    const later = { ...DIAL, number: '+14155550199', at: AT + 121_000 };
    expect(withPlaced([DIAL], later, later.at)).toEqual([later]);
  });
});
