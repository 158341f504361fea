import { createElement } from 'lwc';
import ConnectionStatus from 'c/connectionStatus';

function render(state, reason) {
  const element = createElement('c-connection-status', { is: ConnectionStatus });
  Object.assign(element, { state, reason });
  document.body.appendChild(element);
  return element;
}

describe('c-connection-status', () => {
  afterEach(() => document.body.replaceChildren());

  it('says connected without a reason', async () => {
    const element = render('connected', '');

    expect(element.querySelector('[data-id="connection-status"]').dataset.state).toBe('connected');
    expect(element.querySelector('[data-id="connection-status"]').textContent).toContain('Connected');
    expect(element.querySelector('[data-id="connection-reason"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('gives the reason when reconnecting or stopped', async () => {
    const element = render('error', '401::Authentication invalid');

    expect(element.querySelector('[data-id="connection-status"]').textContent).toContain('Disconnected');
    expect(element.querySelector('[data-id="connection-reason"]').textContent).toBe('401::Authentication invalid');
    element.state = 'reconnecting';
    element.reason = 'xhr error';
    await Promise.resolve();
    expect(element.querySelector('[data-id="connection-status"]').textContent).toContain('Reconnecting');
    expect(element.querySelector('[data-id="connection-reason"]').textContent).toBe('xhr error');
  });
});
