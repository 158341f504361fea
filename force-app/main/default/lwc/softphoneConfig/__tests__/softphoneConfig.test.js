import { readSoftphoneConfig } from 'c/softphoneConfig';

const ROOT = {
  sessionId: 'SESSION',
  userId: '005000000000001AAA',
  namespace: '',
  apiVersion: '66.0',
  remoteGetOpenCalls: 'SoftphoneController.getOpenCalls',
  remoteGetHistory: 'SoftphoneController.getHistory',
  remoteSaveWrapUp: 'SoftphoneController.saveWrapUp',
  remoteLinkCaller: 'SoftphoneController.linkCaller',
  remoteCreateCaller: 'SoftphoneController.createCaller',
  remoteGetRecordingLink: 'SoftphoneController.getRecordingLink',
  remoteDial: 'SoftphoneController.dial',
  remoteGetWrapUpCodes: 'SoftphoneController.getWrapUpCodes',
  remoteControlCall: 'SoftphoneController.controlCall',
  remoteGetAgentStatus: 'SoftphoneController.getAgentStatus',
  remoteSetAgentStatus: 'SoftphoneController.setAgentStatus',
  remoteGetColleagues: 'SoftphoneController.getColleagues',
  remoteGetRingChannel: 'SoftphoneController.getRingChannel'
};

describe('softphoneConfig', () => {
  it('reads the data attributes and defaults the CometD URL to this origin', () => {
    const config = readSoftphoneConfig(ROOT, 'https://acme--c.vf.force.com');

    expect(config.cometdUrl).toBe('https://acme--c.vf.force.com/cometd/66.0');
    expect(config.remoteActions.getRecordingLink).toBe('SoftphoneController.getRecordingLink');
    expect(config.remoteActions.linkCaller).toBe('SoftphoneController.linkCaller');
    expect(config.namespace).toBe('');
  });

  it('takes a configured CometD URL and a namespace with or without the trailing __', () => {
    const config = readSoftphoneConfig(
      { ...ROOT, cometdUrl: '/cometd/66.0', namespace: 'kzcti__' },
      'http://127.0.0.1:4000'
    );

    expect(config.cometdUrl).toBe('http://127.0.0.1:4000/cometd/66.0');
    expect(config.namespace).toBe('kzcti');
  });

  it('lists every problem at once, including a 15-character user id', () => {
    const { remoteDial, remoteLinkCaller, ...withoutDial } = ROOT;
    expect([remoteDial, remoteLinkCaller]).toEqual(['SoftphoneController.dial', 'SoftphoneController.linkCaller']);

    expect(() =>
      readSoftphoneConfig({ ...withoutDial, userId: '005000000000001', sessionId: '' }, 'https://x')
    ).toThrow(
      'The softphone is not configured: data-session-id is empty; data-user-id must be an 18-character user id, got "005000000000001"; data-remote-link-caller is missing; data-remote-dial is missing.'
    );
  });
});
