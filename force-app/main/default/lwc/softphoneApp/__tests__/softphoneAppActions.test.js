import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';

const CONTACT = '003000000000001AAA';

async function endAnsweredCall(cometd) {
  const answeredAt = new Date(Date.now() - 30000).toISOString();
  cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Ended', Result__c: 'Answered', AnsweredAt__c: answeredAt }), 20);
  await flushPromises();
}

describe('c-softphone-app: dialling, wrap-up and history', () => {
  afterEach(unmountAll);

  it('dials a number clicked in Salesforce with the record it was clicked on (both payload shapes)', async () => {
    const { openCti, remoting, byId } = await mountSoftphone();

    openCti.clickToDial({ number: '+14155550123', recordId: CONTACT, objectType: 'Contact' });
    await flushPromises();
    openCti.clickToDial({ returnValue: { number: '4155550124', recordId: CONTACT } });
    await flushPromises();

    expect(remoting.argsOf('dial')).toEqual([
      ['+14155550123', CONTACT],
      ['4155550124', CONTACT]
    ]);
    expect(byId('dial-status').textContent).toContain('Calling');
  });

  it('dials from the pad with the record the agent is looking at', async () => {
    const { openCti, remoting, byId } = await mountSoftphone();
    openCti.setResult('getAppViewInfo', { recordId: CONTACT, objectType: 'Contact', url: '/x' });

    const input = byId('dial-input');
    input.value = '+1 (415) 555-0100';
    input.dispatchEvent(new CustomEvent('input'));
    byId('dial-button').click();
    await flushPromises();

    expect(remoting.argsOf('dial')).toEqual([['+14155550100', CONTACT]]);
  });

  it('shows a refused dial as the server said it', async () => {
    const message = 'Your user is not mapped to a PBX user. Ask your admin to set your PBX user id.';
    const { remoting, openCti, byId } = await mountSoftphone();
    remoting.fail('dial', message);

    openCti.clickToDial({ number: '+14155550123', recordId: CONTACT });
    await flushPromises();

    expect(byId('app-error').textContent).toContain(message);
    expect(byId('dial-status')).toBeNull();
  });

  it('saves the wrap-up and shows it saved', async () => {
    const { cometd, remoting, byId } = await mountSoftphone({
      answers: { saveWrapUp: (id, code, notes) => ({ id, wrapUpCode: code, notes }) }
    });
    await endAnsweredCall(cometd);

    byId('wrapup-code').value = 'Resolved';
    byId('wrapup-code').dispatchEvent(new CustomEvent('change'));
    byId('wrapup-notes').value = 'Sent the quote';
    byId('wrapup-notes').dispatchEvent(new CustomEvent('input'));
    byId('wrapup-save').click();
    await flushPromises();

    expect(remoting.argsOf('saveWrapUp')).toEqual([['a01000000000001AAA', 'Resolved', 'Sent the quote']]);
    expect(byId('wrapup-saved').textContent).toBe('Saved');
    expect(byId('wrapup-error')).toBeNull();
  });

  it('keeps the form and shows the reason when the wrap-up is refused', async () => {
    const { cometd, remoting, byId } = await mountSoftphone();
    remoting.fail('saveWrapUp', 'Choose a wrap-up code from the list.');
    await endAnsweredCall(cometd);

    byId('wrapup-save').click();
    await flushPromises();

    expect(byId('wrapup-error').textContent).toBe('Choose a wrap-up code from the list.');
    expect(byId('wrapup-saved')).toBeNull();
    expect(byId('wrapup-form')).not.toBeNull();
  });

  it('pages through history with nextBefore and calls back with the call id', async () => {
    const row = (n) => ({
      id: `a0100000000000${n}AAA`,
      direction: 'Inbound',
      result: 'Missed',
      externalNumber: `+1415555010${n}`
    });
    const { remoting, byId, allById } = await mountSoftphone();
    const firstPage = { calls: [row(1), row(2)], hasMore: true, nextBefore: '2026-11-21T09:00:00.000Z' };
    const lastPage = { calls: [row(3)], hasMore: false, nextBefore: null };
    remoting.respond('getHistory', (limit, before) => (before ? lastPage : firstPage));

    byId('tab-history').click();
    await flushPromises();
    byId('history-load-more').click();
    await flushPromises();

    expect(remoting.argsOf('getHistory')).toEqual([
      [20, null, 'today', null, null, null],
      [20, '2026-11-21T09:00:00.000Z', 'today', null, null, null]
    ]);
    expect(allById('history-row')).toHaveLength(3);
    expect(byId('history-load-more')).toBeNull();

    allById('history-callback')[2].click();
    await flushPromises();
    expect(remoting.argsOf('dial')).toEqual([['+14155550103', 'a01000000000003AAA']]);
    expect(byId('tab-phone').getAttribute('aria-selected')).toBe('true');
  });

  it('follows the call center settings: history page size and the default region for national numbers', async () => {
    const { openCti, remoting, byId } = await mountSoftphone({
      settings: { '/kazooSettings/historyPageSize': '5', '/kazooSettings/defaultRegion': 'US' }
    });

    openCti.clickToDial({ number: '(415) 555-0123', recordId: CONTACT });
    byId('tab-history').click();
    await flushPromises();

    expect(remoting.argsOf('dial')).toEqual([['+14155550123', CONTACT]]);
    expect(remoting.argsOf('getHistory')[0][0]).toBe(5);
  });

  it('refuses to dial what is not a phone number and says why', async () => {
    const { openCti, remoting, byId } = await mountSoftphone();

    openCti.clickToDial({ number: 'ask reception', recordId: CONTACT });
    await flushPromises();

    expect(remoting.argsOf('dial')).toHaveLength(0);
    expect(byId('app-error').textContent).toContain('Cannot dial "ask reception"');
  });

  it('still works without Open CTI and says why pops are off', async () => {
    const { byId, remoting } = await mountSoftphone({ withOpenCti: false });

    expect(byId('app-notice').textContent).toContain('Open CTI is not available');
    expect(remoting.argsOf('getOpenCalls')).toHaveLength(1);
    expect(byId('app-error')).toBeNull();
  });
});
