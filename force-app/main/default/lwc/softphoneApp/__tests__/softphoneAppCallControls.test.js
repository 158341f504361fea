import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';

const CALL_ID = 'a01000000000001AAA';
const CONNECTED = { Status__c: 'Connected', AnsweredAt__c: new Date().toISOString() };

/** A clock the test moves by hand: `fire()` runs what is due as if the confirmation window had passed. */
function manualTimers() {
  const due = new Map();
  let next = 1;
  return {
    set: (fn) => {
      due.set(next, fn);
      return next++;
    },
    clear: (id) => due.delete(id),
    fire() {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((fn) => fn());
    },
    get size() {
      return due.size;
    }
  };
}

async function connectedCall(options = {}) {
  const timers = manualTimers();
  const mounted = await mountSoftphone({ timers, ...options });
  mounted.cometd.publish(WIRE_CHANNEL, callEvent(CONNECTED), 20);
  await flushPromises();
  return { ...mounted, timers };
}

const controls = (byId) =>
  ['call-hold', 'call-resume', 'call-transfer', 'call-hangup'].map((id) => byId(id)).filter(Boolean);

describe('c-softphone-app: call controls', () => {
  afterEach(unmountAll);

  it('holds the call through controlCall and keeps the buttons disabled until the record shows OnHold', async () => {
    const { cometd, remoting, byId, timers } = await connectedCall();

    byId('call-hold').click();
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'hold', null]]);
    expect(controls(byId).every((b) => b.disabled)).toBe(true);
    expect(byId('call-action-pending').textContent).toBe('Putting on hold…');

    cometd.publish(WIRE_CHANNEL, callEvent({ ...CONNECTED, Status__c: 'OnHold' }), 21);
    await flushPromises();

    expect(byId('call-status').textContent).toBe('On hold');
    expect(byId('call-hold-timer').textContent.trim()).toBe('On hold 0:00');
    expect(byId('call-resume').disabled).toBe(false);
    expect(byId('call-action-pending')).toBeNull();
    expect(timers.size).toBe(0);
    expect(byId('app-error')).toBeNull();
  });

  it('resumes a held call and drops the hold timer once the record is Connected again', async () => {
    const { cometd, remoting, byId } = await connectedCall();
    cometd.publish(WIRE_CHANNEL, callEvent({ ...CONNECTED, Status__c: 'OnHold' }), 21);
    await flushPromises();

    byId('call-resume').click();
    await flushPromises();
    cometd.publish(WIRE_CHANNEL, callEvent(CONNECTED), 22);
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'resume', null]]);
    expect(byId('call-status').textContent).toBe('Connected');
    expect(byId('call-hold-timer')).toBeNull();
    expect(byId('call-hold').disabled).toBe(false);
  });

  it('clicking twice while the hold is in flight sends one command', async () => {
    const { remoting, byId } = await connectedCall();

    byId('call-hold').click();
    byId('call-hold').click();
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toHaveLength(1);
  });

  it('says in plain words when the PBX refuses the hold, and gives the buttons back', async () => {
    const { remoting, byId } = await connectedCall();
    remoting.fail('controlCall', 'The telephony adapter has a problem (HTTP 502).');

    byId('call-hold').click();
    await flushPromises();

    expect(byId('app-error').textContent).toContain(
      'The PBX did not accept the hold — your account may not enable it. (The telephony adapter has a problem (HTTP 502).)'
    );
    expect(byId('call-hold').disabled).toBe(false);
    expect(byId('call-status').textContent).toBe('Connected');
  });

  it('says so when the PBX took the hold (202) but the call never went on hold', async () => {
    const { byId, timers } = await connectedCall();

    byId('call-hold').click();
    await flushPromises();
    timers.fire();
    await flushPromises();

    expect(byId('app-error').textContent).toContain(
      'The PBX accepted the hold but the call is not on hold — your account may not enable hold (Konami metaflows).'
    );
    expect(byId('call-hold').disabled).toBe(false);
  });

  it('while updates are not flowing, says the call may not show the hold yet instead of blaming the account', async () => {
    const { cometd, byId, timers } = await connectedCall();

    byId('call-hold').click();
    await flushPromises();
    cometd.drop('xhr error');
    await flushPromises();
    timers.fire();
    await flushPromises();

    expect(byId('app-error').textContent).toContain(
      'The PBX accepted the hold, but call updates are not coming through right now: the call may not show it yet.'
    );
  });

  it('keeps keyboard focus on the button when Hold turns into Resume', async () => {
    const { cometd, byId } = await connectedCall();
    byId('call-hold').focus();

    byId('call-hold').click();
    await flushPromises();
    cometd.publish(WIRE_CHANNEL, callEvent({ ...CONNECTED, Status__c: 'OnHold' }), 21);
    await flushPromises();

    expect(document.activeElement).toBe(byId('call-resume'));
  });

  it('hangs up: the card leaves once the record says Ended, and the wrap-up follows', async () => {
    const { cometd, remoting, byId, timers } = await connectedCall();

    byId('call-hangup').click();
    await flushPromises();
    cometd.publish(
      WIRE_CHANNEL,
      callEvent({ ...CONNECTED, Status__c: 'Ended', Result__c: 'Answered', EndedAt__c: new Date().toISOString() }),
      22
    );
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'hangup', null]]);
    expect(byId('call-card')).toBeNull();
    expect(byId('wrapup-form')).not.toBeNull();
    expect(timers.size).toBe(0);
  });

  it('declines a ringing call: only my ringing leg, and the card goes once my record ends', async () => {
    const { cometd, remoting, byId } = await mountSoftphone({ timers: manualTimers() });
    cometd.publish(WIRE_CHANNEL, callEvent({}), 11);
    await flushPromises();

    byId('call-decline').click();
    await flushPromises();
    expect(byId('call-decline').disabled).toBe(true);
    cometd.publish(WIRE_CHANNEL, callEvent({ Status__c: 'Ended', Result__c: 'AnsweredElsewhere' }), 12);
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'decline', null]]);
    expect(byId('call-card')).toBeNull();
    expect(byId('app-error')).toBeNull();
  });

  it('the record may show the hold before the 202 arrives: the buttons come back all the same', async () => {
    let answer;
    const { cometd, byId } = await connectedCall({
      answers: { controlCall: () => new Promise((resolve) => (answer = resolve)) }
    });

    byId('call-hold').click();
    await flushPromises();
    cometd.publish(WIRE_CHANNEL, callEvent({ ...CONNECTED, Status__c: 'OnHold' }), 21);
    await flushPromises();
    expect(byId('call-resume').disabled).toBe(true);
    answer({ action: 'hold', status: 'sent' });
    await flushPromises();

    expect(byId('call-resume').disabled).toBe(false);
  });
});

describe('c-softphone-app: transfer and agent status', () => {
  afterEach(unmountAll);

  const COLLEAGUES = [
    { name: 'Bob Builder', extension: '1002' },
    { name: 'Carol Danvers', extension: '1003' }
  ];

  it('Transfer opens the colleague directory; Bob then Transfer now blind-transfers to his extension and closes it', async () => {
    const { remoting, byId, allById } = await connectedCall({ answers: { getColleagues: COLLEAGUES } });

    byId('call-transfer').click();
    await flushPromises();
    expect(byId('transfer-dialog')).not.toBeNull();
    expect(allById('transfer-colleague').map((b) => b.firstChild.textContent)).toEqual([
      'Bob Builder',
      'Carol Danvers'
    ]);

    allById('transfer-colleague')[0].click();
    await flushPromises();
    byId('transfer-confirm').click();
    await flushPromises();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'transfer', '1002']]);
    expect(byId('transfer-dialog')).toBeNull();
    expect(byId('call-action-pending').textContent).toBe('Transferring…');
  });

  it('Escape closes the dialog without transferring and puts focus back on Transfer', async () => {
    const { remoting, byId } = await connectedCall();

    byId('call-transfer').click();
    await flushPromises();
    byId('transfer-filter').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flushPromises();

    expect(byId('transfer-dialog')).toBeNull();
    expect(remoting.argsOf('controlCall')).toEqual([]);
    expect(document.activeElement).toBe(byId('call-transfer'));
  });

  it('reads the agent status on load and again when streaming reconnects (DND set on the desk phone meanwhile)', async () => {
    const { cometd, remoting, byId } = await mountSoftphone();
    expect(byId('agent-status').dataset.status).toBe('Available');

    remoting.respond('getAgentStatus', { status: 'DoNotDisturb', doNotDisturb: true });
    cometd.drop('xhr error');
    await flushPromises();
    cometd.restore();
    await flushPromises();

    expect(remoting.argsOf('getAgentStatus')).toHaveLength(2);
    expect(byId('agent-status').dataset.status).toBe('DoNotDisturb');
  });
});
