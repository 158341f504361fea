import { createElement } from 'lwc';
import IncomingCallBanner from 'c/incomingCallBanner';

function render(call) {
  const element = createElement('c-incoming-call-banner', { is: IncomingCallBanner });
  element.call = call;
  document.body.appendChild(element);
  return element;
}

describe('c-incoming-call-banner', () => {
  afterEach(() => document.body.replaceChildren());

  it('announces the caller by number and matched name', async () => {
    const element = render({
      id: 'a01A',
      externalNumber: '+14155550100',
      matchedName: 'Ada Lovelace',
      fromName: 'ADA'
    });

    const banner = element.querySelector('[data-id="incoming-banner"]');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(element.querySelector('[data-id="incoming-number"]').textContent).toBe('+1 415 555 0100');
    expect(element.querySelector('[data-id="incoming-name"]').textContent).toBe('Ada Lovelace');
    await expect(element).toBeAccessible();
  });

  it('falls back to the caller id name, then to "Unknown caller"', () => {
    const named = render({ id: 'a01B', fromNumber: '+14155550101', fromName: 'ACME RECEPTION' });
    const unknown = render({ id: 'a01C' });

    expect(named.querySelector('[data-id="incoming-name"]').textContent).toBe('ACME RECEPTION');
    expect(named.querySelector('[data-id="incoming-number"]').textContent).toBe('+1 415 555 0101');
    expect(unknown.querySelector('[data-id="incoming-name"]').textContent).toBe('Unknown caller');
  });
});
