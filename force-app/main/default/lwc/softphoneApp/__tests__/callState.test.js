import { needsWrapUp, panelState, readSettings } from '../callState';

describe('softphoneApp call state rules', () => {
  it('offers wrap-up for calls the agent talked on or placed, not for missed rings', () => {
    expect(needsWrapUp({ status: 'Ended', direction: 'Inbound', answeredAt: '2026-11-21T10:00:00.000Z' })).toBe(true);
    expect(needsWrapUp({ status: 'Ended', direction: 'Outbound', answeredAt: null })).toBe(true);
    expect(needsWrapUp({ status: 'Ended', direction: 'Inbound', answeredAt: null, result: 'Missed' })).toBe(false);
    expect(needsWrapUp({ status: 'Connected', direction: 'Inbound', answeredAt: 'x' })).toBe(false);
  });

  it('labels the utility item by the most urgent call', () => {
    const ringing = { status: 'Ringing', direction: 'Inbound', externalNumber: '+14155550100' };
    const held = { status: 'OnHold', direction: 'Outbound' };

    expect(panelState([held, ringing])).toEqual({ label: 'Ringing: +1 415 555 0100', icon: 'call' });
    expect(panelState([held])).toEqual({ label: 'On hold', icon: 'call' });
    expect(panelState([])).toEqual({ label: 'Phone', icon: 'phone_portrait' });
  });

  it('reads the call center settings and keeps defaults for missing or out-of-range values', () => {
    expect(
      readSettings({
        '/kazooSettings/historyPageSize': '30',
        '/kazooSettings/defaultRegion': ' gb ',
        '/kazooSettings/newCallerObject': 'Contact'
      })
    ).toEqual({ historyPageSize: 30, defaultRegion: 'GB', newCallerObject: 'Contact', ringtone: true });
    expect(
      readSettings({
        '/kazooSettings/historyPageSize': '500',
        '/kazooSettings/newCallerObject': 'Account',
        '/kazooSettings/ringtone': 'false'
      })
    ).toEqual({ historyPageSize: 20, defaultRegion: '', newCallerObject: 'Lead', ringtone: false });
  });
});
