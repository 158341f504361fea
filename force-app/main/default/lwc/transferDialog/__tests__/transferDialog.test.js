import { createElement } from 'lwc';
import TransferDialog from 'c/transferDialog';
import { flushPromises } from 'jest-mocks/flushPromises';

const COLLEAGUES = [
  { name: 'Bob Builder', extension: '1002' },
  { name: 'Carol Danvers', extension: '1003' },
  { name: 'Dave Grohl', extension: '1004' }
];
const CALL = { id: 'a01000000000001AAA', direction: 'Inbound', status: 'Connected', externalNumber: '+14155550100' };

async function render(getColleagues = () => Promise.resolve(COLLEAGUES)) {
  const element = createElement('c-transfer-dialog', { is: TransferDialog });
  element.call = CALL;
  element.apex = { getColleagues: jest.fn(getColleagues) };
  const transfers = jest.fn();
  const cancels = jest.fn();
  element.addEventListener('transfer', (e) => transfers(e.detail));
  element.addEventListener('cancel', cancels);
  document.body.appendChild(element);
  await flushPromises();
  return { element, transfers, cancels, byId: (id) => element.querySelector(`[data-id="${id}"]`) };
}
const names = (element) =>
  [...element.querySelectorAll('[data-id="transfer-colleague"]')].map((b) => b.firstChild.textContent);

function type(input, value) {
  input.value = value;
  input.dispatchEvent(new CustomEvent('input'));
}

describe('c-transfer-dialog', () => {
  afterEach(() => document.body.replaceChildren());

  it('lists the PBX colleagues, names the call, and starts with focus in the filter', async () => {
    const { element, byId } = await render();

    expect(byId('transfer-dialog').getAttribute('role')).toBe('dialog');
    expect(element.querySelector('h2').textContent).toBe('Transfer +1 415 555 0100');
    expect(names(element)).toEqual(['Bob Builder', 'Carol Danvers', 'Dave Grohl']);
    expect(document.activeElement).toBe(byId('transfer-filter'));
    await expect(element).toBeAccessible();
  });

  it('filters by name or extension, and says when nobody matches', async () => {
    const { element, byId } = await render();

    type(byId('transfer-filter'), 'car');
    await Promise.resolve();
    expect(names(element)).toEqual(['Carol Danvers']);

    type(byId('transfer-filter'), '1004');
    await Promise.resolve();
    expect(names(element)).toEqual(['Dave Grohl']);

    type(byId('transfer-filter'), 'zed');
    await Promise.resolve();
    expect(names(element)).toEqual([]);
    expect(byId('transfer-no-match').textContent).toContain('No colleague matches');
  });

  it('picking a colleague only chooses them: their extension fills the number box and nothing is sent yet', async () => {
    const { element, byId, transfers } = await render();

    element.querySelectorAll('[data-id="transfer-colleague"]')[1].click();
    await Promise.resolve();

    expect(transfers).not.toHaveBeenCalled();
    expect(byId('transfer-target').value).toBe('1003');
    const pressed = [...element.querySelectorAll('[data-id="transfer-colleague"]')].map((b) =>
      b.getAttribute('aria-pressed')
    );
    expect(pressed).toEqual(['false', 'true', 'false']);
  });

  it('Transfer now sends a blind transfer to the picked colleague, Consult first a consultation', async () => {
    const { element, byId, transfers } = await render();
    element.querySelectorAll('[data-id="transfer-colleague"]')[1].click();
    await Promise.resolve();

    byId('transfer-confirm').click();
    byId('transfer-consult').click();

    expect(byId('transfer-confirm').textContent.trim()).toBe('Transfer now');
    expect(byId('transfer-consult').textContent.trim()).toBe('Consult first');
    expect(transfers.mock.calls).toEqual([
      [{ action: 'transfer', target: '1003', name: 'Carol Danvers' }],
      [{ action: 'consult', target: '1003', name: 'Carol Danvers' }]
    ]);
  });

  it('a number typed over the colleague’s extension is consulted as a number, not as the colleague', async () => {
    const { element, byId, transfers } = await render();
    element.querySelectorAll('[data-id="transfer-colleague"]')[0].click();
    await Promise.resolve();

    type(byId('transfer-target'), '+1 415 555 0199');
    await Promise.resolve();
    byId('transfer-consult').click();

    expect(transfers).toHaveBeenCalledWith({ action: 'consult', target: '+1 415 555 0199', name: '' });
    expect(element.querySelector('[aria-pressed="true"]')).toBeNull();
  });

  it('asks for someone when neither a colleague nor a number was given', async () => {
    const { byId, transfers } = await render();

    byId('transfer-consult').click();
    await Promise.resolve();

    expect(transfers).not.toHaveBeenCalled();
    expect(byId('transfer-problem').textContent).toBe('Pick a colleague or enter an extension or number.');
  });

  it('transfers to a typed number, trimmed; refuses words and keeps the dialog', async () => {
    const { byId, transfers } = await render();

    type(byId('transfer-target'), 'reception');
    await Promise.resolve();
    byId('transfer-confirm').click();
    await Promise.resolve();
    expect(transfers).not.toHaveBeenCalled();
    expect(byId('transfer-problem').textContent).toBe(
      'Enter an extension or a phone number (digits, +, spaces or dashes).'
    );

    type(byId('transfer-target'), ' +1 415 555 0199 ');
    byId('transfer-confirm').click();
    expect(transfers).toHaveBeenCalledWith({ action: 'transfer', target: '+1 415 555 0199', name: '' });
  });

  it('Escape and Cancel close it', async () => {
    const { byId, cancels } = await render();

    byId('transfer-filter').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    byId('transfer-cancel').click();

    expect(cancels).toHaveBeenCalledTimes(2);
  });

  it('keeps Tab inside the dialog: from Cancel back to the filter, and Shift+Tab the other way', async () => {
    const { byId } = await render();

    byId('transfer-cancel').focus();
    byId('transfer-cancel').dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    expect(document.activeElement).toBe(byId('transfer-filter'));

    byId('transfer-filter').dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }));
    expect(document.activeElement).toBe(byId('transfer-cancel'));
  });

  it('still takes a typed number when the colleague list cannot be loaded', async () => {
    const { element, byId } = await render(() => Promise.reject(new Error('Your user is not mapped to a PBX user.')));

    expect(names(element)).toEqual([]);
    expect(byId('transfer-load-error').textContent).toBe(
      'The colleague list could not be loaded: Your user is not mapped to a PBX user. You can still type an extension or number.'
    );
    expect(byId('transfer-target')).not.toBeNull();
  });
});
