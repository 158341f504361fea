import { dialableNumberOf, isIncoming, isPrivateNumber, otherPartyName } from 'c/callFormat';

describe('call party', () => {
  it('treats withheld, empty and all-zero caller ids as a private number with nothing to dial', () => {
    ['anonymous', 'Restricted', '', '0000000000', '+10000000000'].forEach((externalNumber) => {
      expect(isPrivateNumber({ direction: 'Inbound', externalNumber })).toBe(true);
    });
    expect(isPrivateNumber({ direction: 'Inbound', externalNumber: null, fromName: 'Private number' })).toBe(true);
    expect(dialableNumberOf({ direction: 'Inbound', externalNumber: 'anonymous' })).toBeNull();
    expect(dialableNumberOf({ direction: 'Inbound', externalNumber: '+14155550100' })).toBe('+14155550100');
  });

  it('names the colleague on an internal call, whichever end the agent is', () => {
    const toAlice = {
      direction: 'Internal',
      externalNumber: '103',
      fromNumber: '103',
      fromName: 'Carol Chen',
      toNumber: '101',
      toName: 'Alice Archer'
    };
    const fromAlice = { ...toAlice, externalNumber: '101', fromNumber: '103', toNumber: '101' };
    expect(otherPartyName(toAlice)).toBe('Carol Chen');
    expect(isIncoming(toAlice)).toBe(true);
    expect(
      otherPartyName({
        ...fromAlice,
        fromName: 'Alice Archer',
        toName: 'Carol Chen',
        fromNumber: '101',
        toNumber: '103',
        externalNumber: '103'
      })
    ).toBe('Carol Chen');
    expect(isIncoming({ ...toAlice, fromNumber: '101', externalNumber: '103', toNumber: '103' })).toBe(false);
  });
});
