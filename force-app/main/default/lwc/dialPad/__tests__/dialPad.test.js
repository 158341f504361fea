import { createElement } from 'lwc';
import DialPad from 'c/dialPad';

function render() {
  const element = createElement('c-dial-pad', { is: DialPad });
  document.body.appendChild(element);
  const dialled = jest.fn();
  element.addEventListener('dial', dialled);
  const byId = (id) => element.querySelector(`[data-id="${id}"]`);
  return { element, dialled, byId };
}

describe('c-dial-pad', () => {
  afterEach(() => document.body.replaceChildren());

  it('builds the number from the keys and dials it as + and digits', async () => {
    const { element, dialled, byId } = render();

    ['plus', '4', '4', '2', '0', '7', '1', '8', '3', '8', '7', '5', '0', '9'].forEach((key) =>
      byId(`dial-key-${key}`).click()
    );
    byId('dial-backspace').click();
    await Promise.resolve();
    byId('dial-button').click();

    expect(byId('dial-input').value).toBe('+442071838750');
    expect(dialled.mock.calls[0][0].detail).toEqual({ number: '+442071838750' });
    await expect(element).toBeAccessible();
  });

  it('has * and # keys and dials a feature code as typed', async () => {
    const { dialled, byId } = render();

    ['star', '9', '7'].forEach((key) => byId(`dial-key-${key}`).click());
    await Promise.resolve();
    byId('dial-button').click();
    expect(byId('dial-key-hash').textContent.trim()).toBe('#');
    expect(dialled.mock.calls[0][0].detail).toEqual({ number: '*97' });
  });

  it('accepts a typed, formatted number, and converts a vanity number to its keypad digits', async () => {
    const { dialled, byId } = render();

    byId('dial-input').value = '+1 (415) 555-0100';
    byId('dial-input').dispatchEvent(new CustomEvent('input'));
    await Promise.resolve();
    byId('dial-button').click();
    byId('dial-input').value = '1-800-FLOWERS';
    byId('dial-input').dispatchEvent(new CustomEvent('input'));
    await Promise.resolve();
    byId('dial-button').click();

    expect(dialled.mock.calls.map((c) => c[0].detail.number)).toEqual(['+14155550100', '18003569377']);
  });

  it('refuses letters that do not spell the end of a phone number, and dials nothing while disabled', async () => {
    const { element, dialled, byId } = render();

    byId('dial-input').value = '+1 (415) 555-0100 ext';
    byId('dial-input').dispatchEvent(new CustomEvent('input'));
    await Promise.resolve();
    byId('dial-button').click();
    await Promise.resolve();
    expect(byId('dial-error').textContent).toContain('letters are only converted in a full phone number');

    element.disabled = true;
    byId('dial-input').value = '4155550100';
    byId('dial-input').dispatchEvent(new CustomEvent('input'));
    await Promise.resolve();
    expect(byId('dial-button').disabled).toBe(true);
    byId('dial-input').form.requestSubmit();
    expect(dialled).not.toHaveBeenCalled();
  });

  it('explains instead of dialling what is not a number', async () => {
    const { dialled, byId } = render();

    byId('dial-key-7').click();
    byId('dial-button').click();
    await Promise.resolve();

    expect(dialled).not.toHaveBeenCalled();
    expect(byId('dial-error').textContent).toContain('Enter a phone number');
    expect(byId('dial-input').getAttribute('aria-invalid')).toBe('true');
  });

  it('takes a number from the container (click-to-dial)', async () => {
    const { element, byId } = render();
    element.number = '+14155550100';
    await Promise.resolve();

    expect(byId('dial-input').value).toBe('+14155550100');
  });
});
