import { flushPromises } from 'jest-mocks/flushPromises';
import { WIRE_CHANNEL, callEvent, mountSoftphone, unmountAll } from 'jest-mocks/softphoneFixture';

const CALL_ID = 'a01000000000001AAA';
const CONNECTED = {
  Status__c: 'Connected',
  InteractionId__c: 'int-1',
  FromNumber__c: '+14155550100',
  FromName__c: 'Jane Doe',
  AnsweredAt__c: new Date().toISOString()
};
const COLLEAGUES = [
  { name: 'Bob Builder', extension: '1002' },
  { name: 'Carol Danvers', extension: '1003' }
];
// AdapterClient.CONSULT_RINGING_MESSAGE, as SoftphoneController sends it for the adapter's 409 CONSULT_RINGING.
const CONSULT_RINGING =
  'The person you are consulting is still being rung, so the softphone cannot take the call back yet. Press *1 on your phone to go back to the caller, or wait: after 20 seconds without an answer the caller comes back to you.';

const manualTimers = () => ({ set: () => 1, clear: () => undefined });
const controlLabels = (element) =>
  [...element.querySelectorAll('.softphone-call-controls button')].map((b) => b.textContent.trim());

/** Alice is on a call with Jane Doe and consults Bob (Transfer, pick Bob, Consult first); the PBX took it. */
async function consultingBob() {
  const mounted = await mountSoftphone({ timers: manualTimers(), answers: { getColleagues: COLLEAGUES } });
  mounted.cometd.publish(WIRE_CHANNEL, callEvent(CONNECTED), 20);
  await flushPromises();
  mounted.byId('call-transfer').click();
  await flushPromises();
  mounted.allById('transfer-colleague')[0].click();
  await flushPromises();
  mounted.byId('transfer-consult').click();
  await flushPromises();
  return mounted;
}

describe('c-softphone-app: consult, then complete or go back to the caller', () => {
  afterEach(unmountAll);

  it('Consult first sends consult to Bob’s extension; the card shows the consultation and its two ways out', async () => {
    const { element, remoting, byId } = await consultingBob();

    expect(remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'consult', '1002']]);
    expect(byId('transfer-dialog')).toBeNull();
    expect(byId('call-consult-status').textContent.trim()).toBe('Consulting Bob Builder (1002)');
    expect(byId('call-consult-caller').textContent.trim()).toBe('Jane Doe is on music hold');
    expect(controlLabels(element)).toEqual(['Complete transfer', 'Back to caller']);
    expect(document.activeElement).toBe(byId('call-complete-transfer'));
  });

  it('Complete transfer sends complete-transfer without a target; the card leaves once Alice’s record ends', async () => {
    const { cometd, remoting, byId } = await consultingBob();

    byId('call-complete-transfer').click();
    await flushPromises();
    expect(byId('call-action-pending').textContent).toBe('Completing the transfer…');
    cometd.publish(WIRE_CHANNEL, callEvent({ ...CONNECTED, Status__c: 'Ended', Result__c: 'Answered' }), 21);
    await flushPromises();

    expect(remoting.argsOf('controlCall')[1]).toEqual([CALL_ID, 'complete-transfer', null]);
    expect(byId('call-card')).toBeNull();
    expect(byId('wrapup-form')).not.toBeNull();
    expect(byId('app-error')).toBeNull();
  });

  it('Back to caller sends cancel-transfer; once accepted the card offers Hold, Transfer and Hang up again', async () => {
    const { element, remoting, byId } = await consultingBob();

    byId('call-cancel-transfer').click();
    await flushPromises();

    expect(remoting.argsOf('controlCall')[1]).toEqual([CALL_ID, 'cancel-transfer', null]);
    expect(byId('call-consult')).toBeNull();
    expect(controlLabels(element)).toEqual(['Hold', 'Transfer', 'Hang up']);
  });

  it('Back to caller while Bob’s phone still rings: says to press *1 or wait, and the consultation stays', async () => {
    const { element, remoting, byId } = await consultingBob();
    remoting.fail('controlCall', CONSULT_RINGING);

    byId('call-cancel-transfer').click();
    await flushPromises();

    expect(byId('app-error').textContent).toContain(`You are still consulting. ${CONSULT_RINGING}`);
    expect(byId('call-consult-status').textContent.trim()).toBe('Consulting Bob Builder (1002)');
    expect(controlLabels(element)).toEqual(['Complete transfer', 'Back to caller']);
    expect(byId('call-cancel-transfer').disabled).toBe(false);
  });

  it('when the PBX has no consultation any more (Kazoo gave the caller back), the card returns to the call', async () => {
    const { element, remoting, byId } = await consultingBob();
    remoting.fail('controlCall', 'No consultation is in progress on this call.');

    byId('call-complete-transfer').click();
    await flushPromises();

    expect(byId('app-error').textContent).toContain('No consultation is in progress on this call.');
    expect(byId('call-consult')).toBeNull();
    expect(controlLabels(element)).toEqual(['Hold', 'Transfer', 'Hang up']);
  });

  it('a consult the PBX refuses shows no consultation', async () => {
    const mounted = await mountSoftphone({ timers: manualTimers(), answers: { getColleagues: COLLEAGUES } });
    mounted.remoting.fail('controlCall', 'This call is not connected to your phone: answer it first.');
    mounted.cometd.publish(WIRE_CHANNEL, callEvent(CONNECTED), 20);
    await flushPromises();
    mounted.byId('call-transfer').click();
    await flushPromises();
    mounted.byId('transfer-target').value = '+1 415 555 0199';
    mounted.byId('transfer-target').dispatchEvent(new CustomEvent('input'));
    mounted.byId('transfer-consult').click();
    await flushPromises();

    expect(mounted.remoting.argsOf('controlCall')).toEqual([[CALL_ID, 'consult', '+1 415 555 0199']]);
    expect(mounted.byId('app-error').textContent).toContain(
      'The PBX did not accept the consultation. This call is not connected to your phone: answer it first.'
    );
    expect(mounted.byId('call-consult')).toBeNull();
    expect(controlLabels(mounted.element)).toEqual(['Hold', 'Transfer', 'Hang up']);
  });
});
