import { createStreamingService, toCallView } from 'c/streamingService';
import { createCometDMock } from 'jest-mocks/cometdMock';
import { flushPromises } from 'jest-mocks/flushPromises';

const AGENT = '005000000000001AAA';
const WIRE = `/topic/CallDataUpdates?OwnerId='${AGENT}'`;

function start(namespace = '') {
  const { CometD, server } = createCometDMock();
  const service = createStreamingService({
    CometD,
    url: 'https://acme/cometd/66.0',
    sessionId: 'S1',
    userId: AGENT,
    namespace
  });
  const seen = { calls: [], statuses: [], reconnects: 0 };
  service.onCall((call) => seen.calls.push(call));
  service.onStatus((status) => seen.statuses.push(status));
  service.onReconnect(() => (seen.reconnects += 1));
  service.start();
  return { service, server, seen };
}

describe('streamingService', () => {
  it('long-polls only, with the OAuth header and no message type in the URL', () => {
    const { server } = start();
    const client = server.client();

    expect(client.unregistered).toContain('websocket');
    expect(client.config).toEqual({
      url: 'https://acme/cometd/66.0',
      appendMessageTypeToURL: false,
      requestHeaders: { Authorization: 'OAuth S1' }
    });
    expect(server.sentOn('/meta/handshake')[0].ext).toEqual({ replay: true });
  });

  it('subscribes to the filtered channel on the wire with replay from the tip', async () => {
    const { server } = start();
    server.accept();
    await flushPromises();

    const subscribe = server.sentOn('/meta/subscribe')[0];
    expect(subscribe.subscription).toBe(WIRE);
    expect(subscribe.ext).toEqual({ replay: { [WIRE]: -1 } });
  });

  it('turns the agent’s events into call views and ignores other owners', async () => {
    const { server, seen } = start();
    server.accept();
    server.publish(WIRE, { Id: 'a01A', OwnerId: AGENT, Status__c: 'Ringing', Direction__c: 'Inbound' }, 5);
    server.publish(WIRE, { Id: 'a01B', OwnerId: '005000000000002AAA', Status__c: 'Ringing' }, 6);

    expect(seen.calls).toEqual([{ id: 'a01A', ownerId: AGENT, status: 'Ringing', direction: 'Inbound' }]);
  });

  it('reads namespaced field names when the package has a namespace', () => {
    expect(toCallView({ Id: 'a01A', kzcti__Status__c: 'Connected', kzcti__AnsweredAt__c: 'T' }, 'kzcti')).toEqual({
      id: 'a01A',
      status: 'Connected',
      answeredAt: 'T'
    });
  });

  it('handshakes again on 403::Unknown client and resumes from the last replay id', async () => {
    const { server, seen } = start();
    server.accept();
    server.publish(WIRE, { Id: 'a01A', OwnerId: AGENT, Status__c: 'Ringing' }, 41);
    await flushPromises();

    server.forgetClient();
    await flushPromises();
    expect(seen.statuses.pop()).toEqual({ state: 'reconnecting', reason: '403::Unknown client' });
    expect(server.sentOn('/meta/handshake')).toHaveLength(2);

    server.accept();
    await flushPromises();
    expect(server.sentOn('/meta/subscribe')[1].ext).toEqual({ replay: { [WIRE]: 41 } });
    expect(seen.reconnects).toBe(1);
  });

  it('stops and gives the reason when the handshake is denied', async () => {
    const { server, seen } = start();

    server.denyHandshake('401::Authentication invalid');
    await flushPromises();

    expect(seen.statuses.pop()).toEqual({
      state: 'error',
      reason: '403::Handshake denied (401::Authentication invalid)'
    });
    expect(server.sentOn('/meta/handshake')).toHaveLength(1);
  });

  it('reports a network drop as reconnecting and the recovery as a reconnect', async () => {
    const { server, seen } = start();
    server.accept();

    server.drop('xhr error');
    expect(seen.statuses.pop()).toEqual({ state: 'reconnecting', reason: 'xhr error' });
    server.restore();

    expect(seen.statuses.pop()).toEqual({ state: 'connected', reason: '' });
    expect(seen.reconnects).toBe(1);
  });
});
