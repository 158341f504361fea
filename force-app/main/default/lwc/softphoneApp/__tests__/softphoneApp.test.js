import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, linkedCallView, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';

const SEVERAL_MATCHES = {
  '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' },
  '00Q000000000001AAA': { Id: '00Q000000000001AAA', Name: 'Ada L.', RecordType: 'Lead' },
  SCREEN_POP_DATA: { type: 'search', params: { searchString: '+14155550100' } }
};

describe('c-softphone-app: calls', () => {
  afterEach(unmountAll);

  it('loads the open calls on start and shows them, so a reload loses no live call', async () => {
    const live = {
      id: 'a01000000000009AAA',
      direction: 'Outbound',
      status: 'Connected',
      externalNumber: '+14155550199'
    };
    const { remoting, allById, byId } = await mountSoftphone({ answers: { getOpenCalls: [live] } });

    expect(remoting.argsOf('getOpenCalls')).toHaveLength(1);
    expect(allById('call-card').map((card) => card.dataset.callId)).toEqual([live.id]);
    expect(byId('softphone').dataset.ready).toBe('true');
    expect(byId('connection-status').dataset.state).toBe('connected');
  });

  it('on an inbound ring shows the banner and the panel, and pops the caller as an inbound call', async () => {
    const { cometd, openCti, byId } = await mountSoftphone();

    cometd.publish(WIRE_CHANNEL, callEvent({}), 11);
    await flushPromises();

    expect(byId('incoming-banner')).not.toBeNull();
    expect(byId('incoming-number').textContent).toBe('+1 415 555 0100');
    expect(openCti.argsOf('setSoftphonePanelVisibility')[0].visible).toBe(true);
    const search = openCti.argsOf('searchAndScreenPop')[0];
    expect(search).toMatchObject({ searchParams: '+14155550100', callType: 'inbound', deferred: true });
    expect(openCti.argsOf('setSoftphonePanelLabel').pop().label).toBe('Ringing: +1 415 555 0100');
  });

  it('names the caller on the ringing card when exactly one record matches', async () => {
    const { cometd, openCti, byId } = await mountSoftphone();
    openCti.setResult('searchAndScreenPop', {
      '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' }
    });

    cometd.publish(WIRE_CHANNEL, callEvent({}), 11);
    await flushPromises();

    expect(byId('call-card').textContent).toContain('Ada Lovelace');
    expect(byId('match-picker')).toBeNull();
  });

  it('lets the agent pick the record when several match, pops it and saves it on the call', async () => {
    const { cometd, openCti, remoting, byId, allById, element } = await mountSoftphone({
      answers: { linkCaller: (id, recordId) => linkedCallView(id, recordId, 'Ada Lovelace (lead)') }
    });
    openCti.setResult('searchAndScreenPop', SEVERAL_MATCHES);

    cometd.publish(WIRE_CHANNEL, callEvent({}), 12);
    await flushPromises();
    expect(openCti.argsOf('screenPop')).toHaveLength(0);
    expect(allById('match-option')).toHaveLength(2);
    await expect(element).toBeAccessible();

    allById('match-option')[1].click();
    await flushPromises();

    expect(openCti.argsOf('screenPop')[0]).toMatchObject({
      type: 'sobject',
      params: { recordId: '00Q000000000001AAA' }
    });
    expect(remoting.argsOf('linkCaller')).toEqual([['a01000000000001AAA', '00Q000000000001AAA']]);
    expect(byId('match-picker')).toBeNull();
    expect(byId('call-matched-name').textContent.trim()).toBe('Ada Lovelace (lead)');
    expect(byId('call-match-saved').textContent).toBe('Saved on this call');
    expect(byId('app-error')).toBeNull();
  });

  it('"None of these" unlinks the call: linkCaller with no record, and the card offers no record to open', async () => {
    const { cometd, openCti, remoting, byId } = await mountSoftphone();
    openCti.setResult('searchAndScreenPop', SEVERAL_MATCHES);

    cometd.publish(WIRE_CHANNEL, callEvent({ Contact__c: '003000000000001AAA' }), 12);
    await flushPromises();
    byId('match-dismiss').click();
    await flushPromises();

    expect(remoting.argsOf('linkCaller')).toEqual([['a01000000000001AAA', null]]);
    expect(byId('match-picker')).toBeNull();
    expect(byId('call-matched-name')).toBeNull();
    expect(openCti.argsOf('screenPop')).toHaveLength(0);
  });

  it('offers an unknown caller as a new Lead, links it to the call and pops it', async () => {
    const { cometd, openCti, remoting, byId } = await mountSoftphone({
      answers: { createCaller: (id) => linkedCallView(id, '00Q000000000009AAA', 'Caller +14155550100') }
    });
    openCti.setResult('searchAndScreenPop', {});

    cometd.publish(WIRE_CHANNEL, callEvent({}), 17);
    await flushPromises();
    expect(byId('call-create-caller').textContent.trim()).toBe('New Lead');
    byId('call-create-caller').click();
    await flushPromises();

    expect(remoting.argsOf('createCaller')).toEqual([['a01000000000001AAA', 'Lead']]);
    expect(openCti.argsOf('screenPop')[0].params.recordId).toBe('00Q000000000009AAA');
    expect(byId('call-matched-name').textContent.trim()).toBe('Caller +14155550100');
    expect(byId('call-create-caller')).toBeNull();
  });

  it('keeps the pick on screen but says so when it cannot be saved on the call', async () => {
    const refusal = 'Choose a contact, lead or account that you can see.';
    const { cometd, openCti, remoting, byId, allById } = await mountSoftphone();
    openCti.setResult('searchAndScreenPop', SEVERAL_MATCHES);
    remoting.fail('linkCaller', refusal);

    cometd.publish(WIRE_CHANNEL, callEvent({}), 12);
    await flushPromises();
    allById('match-option')[0].click();
    await flushPromises();

    expect(openCti.argsOf('screenPop')[0].params.recordId).toBe('003000000000001AAA');
    expect(byId('call-matched-name').textContent.trim()).toBe('Ada Lovelace');
    expect(byId('call-match-saved')).toBeNull();
    expect(byId('app-error').textContent).toContain(refusal);
  });

  it('updates the card through Connected, then offers the wrap-up form when the call ends', async () => {
    const { cometd, byId } = await mountSoftphone();
    const answeredAt = new Date(Date.now() - 65000).toISOString();

    cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Connected', AnsweredAt__c: answeredAt }), 13);
    await flushPromises();
    expect(byId('call-status').textContent).toBe('Connected');
    expect(byId('call-timer').textContent).toMatch(/^1:0[5-9]$/);

    cometd.publish(
      WIRE_CHANNEL,
      callEvent({ Status__c: 'Ended', Result__c: 'Answered', AnsweredAt__c: answeredAt }),
      14
    );
    await flushPromises();
    expect(byId('call-card')).toBeNull();
    expect(byId('wrapup-form').dataset.callId).toBe('a01000000000001AAA');
    expect(byId('wrapup-code').querySelectorAll('option')).toHaveLength(2);
  });

  it('shows the three oldest wrap-ups as forms and counts the rest, which come up as the agent closes them', async () => {
    const { cometd, element, byId } = await mountSoftphone();
    const answeredAt = new Date(Date.now() - 65000).toISOString();
    const ids = [1, 2, 3, 4, 5].map((n) => `a0100000000000${n}AAA`);
    ids.forEach((id, i) =>
      cometd.publish(
        WIRE_CHANNEL,
        callEvent({ Id: id, Status__c: 'Ended', Result__c: 'Answered', AnsweredAt__c: answeredAt }),
        30 + i
      )
    );
    await flushPromises();
    const forms = () => [...element.querySelectorAll('[data-id="wrapup-form"]')].map((f) => f.dataset.callId);
    expect(forms()).toEqual(ids.slice(0, 3));
    expect(byId('wrap-up-more').textContent).toBe('2 more calls to wrap up');

    element.querySelector('[data-id="wrapup-done"]').click();
    await flushPromises();
    expect(forms()).toEqual(ids.slice(1, 4));
    expect(byId('wrap-up-more').textContent).toBe('1 more call to wrap up');
    element.querySelector('[data-id="wrapup-done"]').click();
    await flushPromises();
    expect(forms()).toEqual(ids.slice(2, 5));
    expect(byId('wrap-up-more')).toBeNull();
  });

  it('ignores events for another owner that sharing lets a manager see', async () => {
    const { cometd, byId, openCti } = await mountSoftphone();

    cometd.publish(WIRE_CHANNEL, callEvent({ OwnerId: '005000000000002AAA' }), 15);
    await flushPromises();

    expect(byId('incoming-banner')).toBeNull();
    expect(openCti.argsOf('searchAndScreenPop')).toHaveLength(0);
  });

  it('asks for the open calls again after the stream drops and comes back', async () => {
    const { cometd, remoting, byId } = await mountSoftphone();

    cometd.drop('xhr error');
    await flushPromises();
    expect(byId('connection-status').dataset.state).toBe('reconnecting');
    expect(byId('connection-reason').textContent).toBe('xhr error');

    cometd.restore();
    await flushPromises();
    expect(byId('connection-status').dataset.state).toBe('connected');
    expect(remoting.argsOf('getOpenCalls')).toHaveLength(2);
  });

  it('marks the open calls "may be out of date" while the stream is down, and refreshes them on recovery', async () => {
    const { cometd, remoting, byId } = await mountSoftphone();
    cometd.publish(WIRE_CHANNEL, callEvent({}), 16);
    await flushPromises();
    expect(byId('connection-label').textContent).toBe('Live');

    cometd.drop('xhr error');
    await flushPromises();
    expect(byId('call-card').dataset.stale).toBe('true');
    expect(byId('call-stale').textContent).toContain('May be out of date');
    expect(byId('incoming-banner')).toBeNull();

    remoting.respond('getOpenCalls', []);
    cometd.restore();
    await flushPromises();
    expect(byId('call-card')).toBeNull();
    expect(byId('connection-label').textContent).toBe('Ready');
  });

  it('tells the agent and stops when the session is revoked', async () => {
    const { cometd, byId } = await mountSoftphone();

    cometd.revoke();
    await flushPromises();

    expect(byId('connection-status').dataset.state).toBe('error');
    expect(byId('connection-reason').textContent).toBe('401::Authentication invalid');
    expect(byId('connection-label').textContent).toBe('Signed out — reload the page');
    expect(cometd.client().getStatus()).toBe('disconnected');
  });
});
