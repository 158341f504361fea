import { createElement } from 'lwc';
import ConnectionStatus from 'c/connectionStatus';

function render(state, reason, idle = false) {
  const element = createElement('c-connection-status', { is: ConnectionStatus });
  Object.assign(element, { state, reason, idle });
  document.body.appendChild(element);
  return element;
}

const label = (element) => element.querySelector('[data-id="connection-label"]').textContent;

describe('c-connection-status', () => {
  afterEach(() => document.body.replaceChildren());

  it('says Ready while idle and Live on a call, without details', async () => {
    const element = render('connected', '', true);

    expect(element.querySelector('[data-id="connection-status"]').dataset.state).toBe('connected');
    expect(label(element)).toBe('Ready');
    expect(element.querySelector('[data-id="connection-details"]')).toBeNull();
    element.idle = false;
    await Promise.resolve();
    expect(label(element)).toBe('Live');
    await expect(element).toBeAccessible();
  });

  it('says what to do in plain words and keeps the protocol text in the details line', async () => {
    const element = render('error', '401::Authentication invalid');

    expect(label(element)).toBe('Signed out — reload the page');
    expect(element.querySelector('[data-id="connection-reason"]').textContent).toBe('401::Authentication invalid');
    element.state = 'reconnecting';
    element.reason = '403::Unknown client';
    await Promise.resolve();
    expect(label(element)).toBe('Reconnecting…');
    expect(element.querySelector('[data-id="connection-details"]').textContent).toContain('403::Unknown client');
    element.state = 'error';
    element.reason = 'Could not subscribe to call updates: 500';
    await Promise.resolve();
    expect(label(element)).toBe('Disconnected — reload the page');
    await expect(element).toBeAccessible();
  });
});
