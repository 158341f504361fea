import { fromStored, withClosed, withDraft, withEndedCall, withReopened } from '../wrapUpQueue';

const EMPTY = { pending: [], closed: [] };
const CALL_A = { id: 'a01A', status: 'Ended', externalNumber: '+14155550100', answeredAt: '2026-12-02T10:00:05Z' };
const CALL_B = { id: 'a01B', status: 'Ended', externalNumber: '+14155550101', answeredAt: '2026-12-02T10:01:05Z' };

describe('wrap-up queue', () => {
  it('keeps one entry per ended call, in the order they ended', () => {
    const queue = withEndedCall(withEndedCall(EMPTY, CALL_A), CALL_B);
    expect(queue.pending.map((e) => e.id)).toEqual(['a01A', 'a01B']);
  });

  it('a later event of a queued call refreshes its fields but keeps the typed draft', () => {
    const typed = withDraft(withEndedCall(EMPTY, CALL_A), 'a01A', { wrapUpCode: 'Resolved', notes: 'typed' });
    const later = withEndedCall(typed, { ...CALL_A, taskId: '00T1', notes: null, wrapUpCode: null });
    expect(later.pending).toHaveLength(1);
    expect(later.pending[0]).toMatchObject({ wrapUpCode: 'Resolved', notes: 'typed' });
    expect(later.pending[0].call.taskId).toBe('00T1');
  });

  it('a closed wrap-up never comes back from a late event of its call', () => {
    const closed = withClosed(withEndedCall(EMPTY, CALL_A), 'a01A');
    expect(withEndedCall(closed, { ...CALL_A, taskId: '00T1' }).pending).toEqual([]);
  });

  it('reopening from History brings the saved code and notes back, marked saved', () => {
    const closed = withClosed(withEndedCall(EMPTY, CALL_A), 'a01A');
    const reopened = withReopened(closed, { ...CALL_A, wrapUpCode: 'Resolved', notes: 'was saved' });
    expect(reopened.pending[0]).toMatchObject({ wrapUpCode: 'Resolved', notes: 'was saved', saved: true });
    expect(reopened.closed).toEqual([]);
  });

  it('puts a wrap-up reopened from History first, ahead of the calls still waiting', () => {
    const waiting = withEndedCall(withEndedCall(EMPTY, CALL_A), CALL_B);
    const past = { id: 'a01P', status: 'Ended', externalNumber: '+14155550102', notes: 'was saved' };
    expect(withReopened(waiting, past).pending.map((e) => e.id)).toEqual(['a01P', 'a01A', 'a01B']);
    expect(withReopened(waiting, CALL_B).pending.map((e) => e.id)).toEqual(['a01B', 'a01A']);
  });

  it('reads a stored queue back, without entries that lost their call; junk reads as empty', () => {
    const queue = withEndedCall(EMPTY, CALL_A);
    expect(fromStored({ pending: [...queue.pending, null, { id: 'a01B' }], closed: [] })).toEqual(queue);
    expect(fromStored({ pending: 'x' })).toEqual(EMPTY);
    expect(fromStored(null)).toEqual(EMPTY);
  });
});
