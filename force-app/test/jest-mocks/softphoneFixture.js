// Mounts <c-softphone-app> on the real services, each talking to a controllable mock:
// Open CTI (`openCti`), CometD (`cometd`, the server side) and Visualforce remoting (`remoting`).
import { createElement } from 'lwc';
import SoftphoneApp from 'c/softphoneApp';
import { createOpenCtiService } from 'c/openCtiService';
import { createStreamingService } from 'c/streamingService';
import { createApexService } from 'c/apexService';
import { toPushedView } from 'c/ringChannelService';
import { createOpenCtiMock } from './openCtiMock';
import { createCometDMock } from './cometdMock';
import { createRemotingMock } from './remotingMock';
import { flushPromises } from './flushPromises';

export const AGENT_ID = '005000000000001AAA';
export const WIRE_CHANNEL = `/topic/CallDataUpdates?OwnerId='${AGENT_ID}'`;

/** A CallData__c PushTopic `sobject` for the agent. */
export function callEvent(fields) {
  return {
    Id: 'a01000000000001AAA',
    OwnerId: AGENT_ID,
    Direction__c: 'Inbound',
    Status__c: 'Ringing',
    ExternalNumber__c: '+14155550100',
    RingStartedAt__c: new Date().toISOString(),
    ...fields
  };
}

/** How `linkCaller` answers by default: the saved callView with the lookup of the picked record's type. */
export function linkedCallView(callDataId, recordId, matchedName = null) {
  const prefix = String(recordId).slice(0, 3);
  return {
    id: callDataId,
    contactId: prefix === '003' ? recordId : null,
    leadId: prefix === '00Q' ? recordId : null,
    accountId: prefix === '001' ? recordId : null,
    matchedName
  };
}

/**
 * `tabs` (a c/tabLeader) mounts the softphone as one of the agent's browser tabs: it streams only once elected,
 * so its CometD handshake is answered only if it leads. `storage` (a c/localStore) is what a reload or the
 * agent's other tabs find (a store of its own otherwise).
 */
export async function mountSoftphone({
  withOpenCti = true,
  answers = {},
  settings = null,
  tabs = undefined,
  timers = undefined,
  alerts = undefined,
  ring = undefined,
  storage = undefined
} = {}) {
  const openCti = createOpenCtiMock();
  openCti.setResult('getCallCenterSettings', settings);
  const { CometD, server: cometd } = createCometDMock();
  const remoting = createRemotingMock({
    getOpenCalls: [],
    getWrapUpCodes: [{ value: 'Resolved', label: 'Resolved' }],
    getHistory: { calls: [], hasMore: false, nextBefore: null },
    dial: { reference: 'ref-1', status: 'queued' },
    linkCaller: (callDataId, recordId) => linkedCallView(callDataId, recordId),
    controlCall: (callDataId, action) => ({ action, status: 'sent' }),
    getAgentStatus: { status: 'Available', doNotDisturb: false },
    setAgentStatus: (status) => ({ status, doNotDisturb: status !== 'Available' }),
    getColleagues: [],
    ...answers
  });
  const services = {
    openCti: createOpenCtiService(withOpenCti ? openCti.opencti : undefined),
    streaming: createStreamingService({
      CometD,
      url: 'https://acme.my.salesforce.com/cometd/66.0',
      sessionId: 'SESSION',
      userId: AGENT_ID,
      namespace: ''
    }),
    apex: createApexService(remoting.Manager, remoting.actions),
    tabs,
    timers,
    alerts,
    ring,
    storage
  };
  const element = createElement('c-softphone-app', { is: SoftphoneApp });
  element.services = services;
  document.body.appendChild(element);
  if (tabs) await flushPromises();
  if (cometd.instances.length) cometd.accept();
  await flushPromises();
  const byId = (id) => element.querySelector(`[data-id="${id}"]`);
  const allById = (id) => [...element.querySelectorAll(`[data-id="${id}"]`)];
  return { element, openCti, cometd, remoting, byId, allById };
}

/**
 * A ringing channel (c/ringChannelService's interface) the test pushes records into, as the adapter would:
 * `push(record)` hands the app the callView of a CallData__c record that has no Id yet.
 */
export function createRingChannelFake() {
  const handlers = [];
  let started = 0;
  return {
    // The app's services are read-only proxies once mounted: the count lives in the closure.
    get started() {
      return started;
    },
    start: () => {
      started += 1;
    },
    stop: () => undefined,
    onCall: (handler) => handlers.push(handler),
    push: (record) => handlers.forEach((handler) => handler(toPushedView(record)))
  };
}

export function unmountAll() {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
}
