import {
  NO_OUTCOMES,
  isFailedDial,
  isMissedCall,
  outcomesFromStored,
  toFailedDial,
  toMissedEntry,
  withCalledBack,
  withHandled,
  withOutcome
} from '../callOutcomes';

const missed = { id: 'a01A', direction: 'Inbound', status: 'Ended', result: 'Missed', externalNumber: '+14155550123' };

describe('callOutcomes', () => {
  it('counts an inbound ring nobody answered as missed, not one a colleague took', () => {
    expect(isMissedCall(missed)).toBe(true);
    expect(isMissedCall({ ...missed, result: 'AnsweredElsewhere' })).toBe(false);
    expect(isMissedCall({ ...missed, direction: 'Outbound' })).toBe(false);
  });

  it('an ended call announced again never comes back once handled', () => {
    const listed = withOutcome(NO_OUTCOMES, toMissedEntry(missed));
    expect(withOutcome(listed, toMissedEntry(missed)).calls).toHaveLength(1);
    const handled = withHandled(listed, 'a01A');
    expect(withOutcome(handled, toMissedEntry(missed)).calls).toEqual([]);
    expect(outcomesFromStored(JSON.parse(JSON.stringify(handled)))).toEqual(handled);
    expect(outcomesFromStored('junk')).toEqual({ calls: [], done: [] });
  });

  it('a dial to a missed caller clears every missed entry of that number, and only those', () => {
    const again = { ...missed, id: 'a01C', endedAt: '2026-12-03T10:05:00Z' };
    const other = { ...missed, id: 'a01D', externalNumber: '+14155550999' };
    let listed = NO_OUTCOMES;
    for (const call of [missed, again, other]) listed = withOutcome(listed, toMissedEntry(call));
    const called = withCalledBack(listed, '+14155550123');
    expect(called.calls.map((c) => c.id)).toEqual(['a01D']);
    // Handled for good: the Task id arriving later does not bring the call back.
    expect(withOutcome(called, toMissedEntry(missed)).calls.map((c) => c.id)).toEqual(['a01D']);
    expect(withCalledBack(listed, '+14155550100')).toBe(listed);
  });

  it('says why a dial did not connect', () => {
    const busy = {
      id: 'a01B',
      direction: 'Outbound',
      status: 'Ended',
      result: 'NoAnswer',
      externalNumber: '+14155550187'
    };
    expect(isFailedDial(busy)).toBe(true);
    expect(isFailedDial({ ...busy, result: 'Answered' })).toBe(false);
    expect(toFailedDial(busy).text).toBe('Call to +1 415 555 0187 did not connect: No answer');
  });
});
