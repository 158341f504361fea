// The bundle entry (softphone/main.js): reads #softphone-root, builds the services from the page's
// globals and mounts <c-softphone-app>; a page that is not configured gets a readable message instead.
import { createCometDMock } from 'jest-mocks/cometdMock';
import { createRemotingMock } from 'jest-mocks/remotingMock';
import { flushPromises } from 'jest-mocks/flushPromises';

const ATTRIBUTES = {
  'data-session-id': 'SESSION',
  'data-user-id': '005000000000001AAA',
  'data-api-version': '66.0',
  'data-remote-get-open-calls': 'SoftphoneController.getOpenCalls',
  'data-remote-get-history': 'SoftphoneController.getHistory',
  'data-remote-save-wrap-up': 'SoftphoneController.saveWrapUp',
  'data-remote-link-caller': 'SoftphoneController.linkCaller',
  'data-remote-create-caller': 'SoftphoneController.createCaller',
  'data-remote-get-recording-link': 'SoftphoneController.getRecordingLink',
  'data-remote-dial': 'SoftphoneController.dial',
  'data-remote-get-wrap-up-codes': 'SoftphoneController.getWrapUpCodes',
  'data-remote-control-call': 'SoftphoneController.controlCall',
  'data-remote-get-agent-status': 'SoftphoneController.getAgentStatus',
  'data-remote-set-agent-status': 'SoftphoneController.setAgentStatus',
  'data-remote-get-colleagues': 'SoftphoneController.getColleagues',
  'data-remote-get-ring-channel': 'SoftphoneController.getRingChannel'
};

function page(attributes) {
  const root = document.createElement('div');
  root.id = 'softphone-root';
  Object.entries(attributes).forEach(([name, value]) => root.setAttribute(name, value));
  document.body.appendChild(root);
  return root;
}

function loadEntry() {
  jest.isolateModules(() => {
    require('../../softphone/main.js');
  });
}

describe('softphone bundle entry', () => {
  let cometd;
  let remoting;

  beforeEach(() => {
    const mock = createCometDMock();
    cometd = mock.server;
    remoting = createRemotingMock({ getOpenCalls: [] });
    window.org = { cometd: { CometD: mock.CometD } };
    window.Visualforce = { remoting: { Manager: remoting.Manager } };
  });

  afterEach(() => {
    document.body.replaceChildren();
    delete window.org;
    delete window.Visualforce;
  });

  it('mounts the app in the root and connects with the page’s configuration', async () => {
    const root = page(ATTRIBUTES);

    loadEntry();
    await flushPromises();

    expect(root.querySelector('c-softphone-app [data-id="softphone"]')).not.toBeNull();
    expect(cometd.client().config.url).toBe('http://localhost/cometd/66.0');
    expect(cometd.client().config.requestHeaders).toEqual({ Authorization: 'OAuth SESSION' });
    expect(remoting.Manager.invokeAction.mock.calls[0][0]).toBe('SoftphoneController.getOpenCalls');
  });

  it('shows what is missing instead of a blank panel', () => {
    const { 'data-remote-dial': omitted, ...rest } = ATTRIBUTES;
    const root = page({ ...rest, 'data-user-id': '005000000000001' });

    loadEntry();

    expect(omitted).toBeDefined();
    expect(root.querySelector('c-softphone-app')).toBeNull();
    expect(root.querySelector('[data-id="softphone-config-error"]').textContent).toBe(
      'The softphone is not configured: data-user-id must be an 18-character user id, got "005000000000001"; data-remote-dial is missing.'
    );
  });
});
