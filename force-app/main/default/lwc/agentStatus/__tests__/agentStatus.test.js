import { createElement } from 'lwc';
import AgentStatus from 'c/agentStatus';
import { flushPromises } from 'jest-mocks/flushPromises';

async function render(apex) {
  const element = createElement('c-agent-status', { is: AgentStatus });
  element.apex = apex;
  document.body.appendChild(element);
  await flushPromises();
  return { element, byId: (id) => element.querySelector(`[data-id="${id}"]`) };
}
const selected = (byId) => [...byId('agent-status-select').options].find((o) => o.selected).textContent.trim();

function choose(select, value) {
  select.value = value;
  select.dispatchEvent(new CustomEvent('change'));
}

describe('c-agent-status', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows Do not disturb set on the desk phone, read from the PBX on load', async () => {
    const apex = { getAgentStatus: jest.fn(() => Promise.resolve({ status: 'DoNotDisturb', doNotDisturb: true })) };
    const { element, byId } = await render(apex);

    expect(selected(byId)).toBe('Do not disturb');
    expect(byId('agent-status-hint').textContent.trim()).toBe('Your phones do not ring');
    expect(byId('agent-status').dataset.status).toBe('DoNotDisturb');
    expect([...byId('agent-status-select').options].filter((o) => o.disabled)).toEqual([]);
    await expect(element).toBeAccessible();
  });

  it('sets the status the agent picks, and follows a later change on the phone when refreshed', async () => {
    let onPbx = { status: 'Available', doNotDisturb: false };
    const apex = {
      getAgentStatus: jest.fn(() => Promise.resolve(onPbx)),
      setAgentStatus: jest.fn((status) => Promise.resolve({ status, doNotDisturb: status !== 'Available' }))
    };
    const { element, byId } = await render(apex);
    expect(selected(byId)).toBe('Available');

    choose(byId('agent-status-select'), 'DoNotDisturb');
    await flushPromises();
    expect(apex.setAgentStatus).toHaveBeenCalledWith('DoNotDisturb');
    expect(selected(byId)).toBe('Do not disturb');

    onPbx = { status: 'Available', doNotDisturb: false };
    await element.refresh();
    await flushPromises();
    expect(selected(byId)).toBe('Available');
  });

  it('keeps Away after a refresh (the PBX has one flag for Away and Do not disturb)', async () => {
    const apex = {
      getAgentStatus: jest.fn(() => Promise.resolve({ status: 'DoNotDisturb', doNotDisturb: true })),
      setAgentStatus: jest.fn((status) => Promise.resolve({ status, doNotDisturb: true }))
    };
    const { element, byId } = await render(apex);

    choose(byId('agent-status-select'), 'Away');
    await flushPromises();
    await element.refresh();
    await flushPromises();

    expect(selected(byId)).toBe('Away');
  });

  it('goes back to the status in force and says why when the PBX refuses the change', async () => {
    const apex = {
      getAgentStatus: () => Promise.resolve({ status: 'Available', doNotDisturb: false }),
      setAgentStatus: () => Promise.reject(new Error('The telephony adapter has a problem (HTTP 502).'))
    };
    const { byId } = await render(apex);

    choose(byId('agent-status-select'), 'DoNotDisturb');
    await flushPromises();

    expect(selected(byId)).toBe('Available');
    expect(byId('agent-status-error').textContent.trim()).toBe(
      'Your status is still Available: the PBX did not take the change. The telephony adapter has a problem (HTTP 502).'
    );
    expect(byId('agent-status-select').disabled).toBe(false);
  });

  it('says the status is unknown when it cannot be read', async () => {
    const { byId } = await render({ getAgentStatus: () => Promise.reject(new Error('Your user is not mapped.')) });

    expect(selected(byId)).toBe('Unknown');
    expect(byId('agent-status-error').textContent.trim()).toBe(
      'Your status could not be read from the PBX. Your user is not mapped.'
    );
  });
});
