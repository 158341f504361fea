import { createElement } from 'lwc';
import TelephonyAdminSetup from 'c/telephonyAdminSetup';
import { flushPromises } from 'jest-mocks/flushPromises';
import getSetupChecks from '@salesforce/apex/TelephonyAdminController.getSetupChecks';
import repairPushTopic from '@salesforce/apex/TelephonyAdminController.repairPushTopic';
import getAdapterHealth from '@salesforce/apex/TelephonyAdminController.getAdapterHealth';
import getUserMappings from '@salesforce/apex/TelephonyAdminController.getUserMappings';
import loadPbxUsers from '@salesforce/apex/TelephonyAdminController.loadPbxUsers';
import saveUserMapping from '@salesforce/apex/TelephonyAdminController.saveUserMapping';

// jest.mock is hoisted above every declaration, so the module names are written out in full.
jest.mock('@salesforce/apex/TelephonyAdminController.getSetupChecks', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/TelephonyAdminController.repairPushTopic', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/TelephonyAdminController.getAdapterHealth', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/TelephonyAdminController.getUserMappings', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/TelephonyAdminController.loadPbxUsers', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TelephonyAdminController.saveUserMapping', () => ({ default: jest.fn() }), {
  virtual: true
});

const CHECKS = [
  { key: 'callCenter', label: 'Call center', ok: true, detail: 'Call center Kazoo Softphone exists.', fix: null },
  {
    key: 'pushTopic',
    label: 'PushTopic CallDataUpdates',
    ok: false,
    detail: 'The PushTopic does not exist.',
    fix: 'Press "Repair PushTopic" on this page.'
  }
];
const HEALTH = {
  ok: true,
  detail: 'The adapter (version 1.2.0) answers and is connected.',
  fix: null,
  version: '1.2.0',
  tenants: [
    {
      tenantId: 'acme',
      pbxConnected: true,
      pbxStatus: 'connected',
      lastEventAt: '2026-11-21T10:00:00.000Z',
      eventLagMs: 1500,
      outboxDepth: 3,
      deadLetters: 0,
      salesforceAuthenticated: true,
      salesforceDetail: 'ok'
    }
  ]
};
const ANN = { userId: '005000000000001AAA', name: 'Ann Agent', email: 'ann@example.com', mapped: false };
const BOB = { userId: '005000000000002AAA', name: 'Bob Agent', email: 'bob@example.com', mapped: true };
BOB.pbxUserId = 'u-102';
BOB.extension = '102';

// axe-core runs every rule over the rendered page: about 1 s per toBeAccessible here on an idle 2-core machine
// (measured 0.7-1.1 s for the 85-node page), and several times that while the full `npm test` runs beside it,
// which overran jest's 5 s default now and then. The tests that call it get this budget; the others keep 5 s.
const AXE_TEST_TIMEOUT_MS = 20000;

async function render() {
  const element = createElement('c-telephony-admin-setup', { is: TelephonyAdminSetup });
  const toasts = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
  document.body.appendChild(element);
  await flushPromises();
  const byId = (id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
  const allById = (id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
  return { element, toasts, byId, allById };
}

describe('c-telephony-admin-setup', () => {
  beforeEach(() => {
    getSetupChecks.mockResolvedValue(CHECKS);
    getAdapterHealth.mockResolvedValue(HEALTH);
    getUserMappings.mockResolvedValue([ANN, BOB]);
  });
  afterEach(() => {
    document.body.replaceChildren();
    jest.resetAllMocks();
  });

  it(
    'shows every check in plain words, with the fix for a problem',
    async () => {
      const { element, allById, byId } = await render();

      const checks = allById('check');
      expect(checks.map((c) => [c.dataset.key, c.dataset.ok])).toEqual([
        ['callCenter', 'true'],
        ['pushTopic', 'false']
      ]);
      expect(checks[1].textContent).toContain('How to fix: Press "Repair PushTopic" on this page.');
      expect(byId('repair-push-topic')).not.toBeNull();
      await expect(element).toBeAccessible();
    },
    AXE_TEST_TIMEOUT_MS
  );

  it('repairs the PushTopic and shows the check passing', async () => {
    repairPushTopic.mockResolvedValue({ ...CHECKS[1], ok: true, detail: 'The PushTopic is active.', fix: null });
    const { allById, byId, toasts } = await render();

    byId('repair-push-topic').click();
    await flushPromises();

    expect(repairPushTopic).toHaveBeenCalledTimes(1);
    expect(allById('check')[1].dataset.ok).toBe('true');
    expect(byId('repair-push-topic')).toBeNull();
    expect(toasts).toEqual([{ variant: 'success', title: 'PushTopic', message: 'The PushTopic is active.' }]);
  });

  it('shows the adapter health: version, lag and outbox', async () => {
    const { byId } = await render();

    expect(byId('health-detail').textContent).toBe(HEALTH.detail);
    expect(byId('health-version').textContent).toContain('1.2.0');
    expect(byId('tenant-lag').textContent).toBe('1.5 s');
    expect(byId('tenant-outbox').textContent).toContain('3 waiting, 0 dead letters');
  });

  it('explains an adapter that cannot be reached', async () => {
    getAdapterHealth.mockRejectedValue({ body: { message: 'The telephony adapter could not be reached.' } });
    const { byId } = await render();

    expect(byId('health-detail').textContent).toBe('The telephony adapter could not be reached.');
  });

  it('shows the refusal when the user is not a telephony admin', async () => {
    getSetupChecks.mockRejectedValue({ body: { message: 'Only telephony admins can use this page.' } });
    const { byId } = await render();

    expect(byId('error').textContent).toContain('Only telephony admins can use this page.');
  });

  it(
    'suggests PBX users by email and saves the mapping',
    async () => {
      loadPbxUsers.mockResolvedValue([
        { pbxUserId: 'u-101', name: 'Ann', email: 'ANN@example.com', extensions: ['101'] },
        { pbxUserId: 'u-102', name: 'Bob', email: 'bob@example.com', extensions: ['102'] }
      ]);
      saveUserMapping.mockResolvedValue({ ...ANN, pbxUserId: 'u-101', extension: '1101', mapped: true });
      const { element, byId, allById, toasts } = await render();
      expect(byId('mapping').textContent).toContain('(1 not mapped)');

      byId('load-pbx-users').click();
      await flushPromises();
      expect(allById('suggested')).toHaveLength(1);
      expect(allById('pbx-user-row')[1].textContent).toContain('Bob Agent');

      const extension = allById('extension-input')[0];
      extension.dispatchEvent(new CustomEvent('change', { detail: { value: '1101' } }));
      await flushPromises();
      allById('save-mapping')[0].click();
      await flushPromises();

      expect(saveUserMapping).toHaveBeenCalledWith({ userId: ANN.userId, pbxUserId: 'u-101', extension: '1101' });
      expect(byId('mapping').textContent).toContain('(0 not mapped)');
      expect(toasts[0]).toMatchObject({ variant: 'success', message: 'Ann Agent is mapped to u-101.' });
      await expect(element).toBeAccessible();
    },
    AXE_TEST_TIMEOUT_MS
  );

  it('keeps the row and shows why a mapping was refused', async () => {
    saveUserMapping.mockRejectedValue({
      body: { message: 'PBX user u-102 is already mapped to another Salesforce user.' }
    });
    const { byId, allById } = await render();

    allById('pbx-user-id-input')[0].dispatchEvent(new CustomEvent('change', { detail: { value: 'u-102' } }));
    allById('save-mapping')[0].click();
    await flushPromises();

    expect(byId('row-error').textContent).toContain('already mapped to another Salesforce user');
    expect(byId('mapping').textContent).toContain('(1 not mapped)');
  });

  it('tells the admin when the PBX users cannot be loaded', async () => {
    loadPbxUsers.mockRejectedValue(new Error('The telephony adapter has a problem (HTTP 503).'));
    const { byId, toasts } = await render();

    byId('load-pbx-users').click();
    await flushPromises();

    expect(toasts).toEqual([
      { variant: 'error', title: 'PBX users not loaded', message: 'The telephony adapter has a problem (HTTP 503).' }
    ]);
  });
});
