// A managed install names every custom field ns__Name__c. The softphone's own streaming module
// (lwc/streamingService, namespace from Softphone.page's data-namespace) must read the events of the
// namespaced PushTopic; reading them without the namespace loses every custom field (the broken case).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adapt } from 'cometd-nodejs-client';
import { CometD } from 'cometd';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { eventually } from './cometd-client.ts';
import { ALICE, connectionFor, INTEGRATION, projection, standIn } from './helpers.ts';

adapt();
const NAMESPACE = 'kzt';

// The softphone's own module (an LWC file: ESM syntax in a CommonJS folder, untyped), loaded at run time.
const STREAMING_SERVICE = '../../../force-app/main/default/lwc/streamingService/streamingService.js';
type CreateStreamingService = (options: Record<string, unknown>) => Softphone;
let createStreamingService: CreateStreamingService;

interface Softphone {
  start(): void;
  stop(): void;
  onCall(handler: (call: Record<string, unknown>) => void): void;
  onStatus(handler: (status: { state: string }) => void): void;
}

/** A record body as a client outside the package writes it: every custom field with the prefix. */
const namespaced = (record: object) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k.endsWith('__c') ? `${NAMESPACE}__${k}` : k, v]));

describe('a namespaced (managed) install', () => {
  let sf: SalesforceStandIn;
  const softphones: Softphone[] = [];
  before(async () => {
    const loaded = (await import(STREAMING_SERVICE)) as { createStreamingService: CreateStreamingService };
    createStreamingService = loaded.createStreamingService;
    sf = await standIn({ namespace: NAMESPACE });
  });
  after(async () => {
    softphones.forEach((s) => s.stop());
    await sf.stop();
  });

  /** The softphone's streaming service as Softphone.page starts it, reading with `namespace`. */
  function softphone(namespace: string) {
    const calls: Record<string, unknown>[] = [];
    let state = '';
    const userId = sf.userId(ALICE);
    const service = createStreamingService({
      CometD,
      url: `${sf.instanceUrl}/cometd/${sf.apiVersion}`,
      sessionId: sf.sessionFor(userId),
      userId,
      namespace
    });
    service.onCall((call) => calls.push(call));
    service.onStatus((status) => (state = status.state));
    softphones.push(service);
    service.start();
    return { calls, connected: () => state === 'connected' };
  }

  it('stores the PushTopic query with namespaced names, as PushTopicInstaller writes it', () => {
    const [topic] = sf.records('PushTopic');
    assert.match(String(topic?.Query), /^SELECT Id, OwnerId, kzt__CallId__c, .* FROM kzt__CallData__c$/);
    assert.doesNotMatch(String(topic?.Query), /[ ,]CallId__c/, 'no un-namespaced custom name is left');
  });

  it('delivers events with ns__ field names that the softphone reads with its namespace', async () => {
    const reading = softphone(NAMESPACE);
    const unaware = softphone('');
    await eventually(() => reading.connected() && unaware.connected());
    await connectionFor(sf, INTEGRATION)
      .sobject(`${NAMESPACE}__CallData__c`)
      .upsert(
        {
          ...namespaced(projection({ CallId__c: 'ns1:alice', Status__c: 'Connected' })),
          OwnerId: sf.userId(ALICE)
        },
        `${NAMESPACE}__CallId__c`
      );
    await eventually(() => reading.calls.length > 0 && unaware.calls.length > 0);
    const event = sf.publishes.at(-1)?.payload as { sobject: Record<string, unknown> } | undefined;
    assert.equal(event?.sobject.kzt__Status__c, 'Connected', 'the event carries the namespaced name');
    assert.equal(reading.calls[0]?.callId, 'ns1:alice');
    assert.equal(reading.calls[0]?.status, 'Connected');
    assert.equal(reading.calls[0]?.fromNumber, '+14155550123');
    assert.equal(unaware.calls[0]?.status, undefined, 'without the namespace the custom fields are lost');
  });

  it('serves the REST API with ns__ names and refuses the bare package names, as a subscriber org does', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT Id, ${NAMESPACE}__PbxUserId__c FROM User WHERE ${NAMESPACE}__PbxUserId__c != null`
    );
    assert.ok(rows.records.length > 0, 'the mapped agents are found by the namespaced field');
    assert.ok(rows.records.every((r) => typeof r[`${NAMESPACE}__PbxUserId__c`] === 'string'));
    const described = await conn.sobject(`${NAMESPACE}__CallData__c`).describe();
    assert.ok(described.fields.some((f) => f.name === `${NAMESPACE}__CallId__c`));
    await assert.rejects(async () => conn.query('SELECT Id, PbxUserId__c FROM User'), /No such column 'PbxUserId__c'/);
    await assert.rejects(conn.sobject('CallData__c').describe(), /NOT_FOUND|does not exist/);
    await assert.rejects(
      conn
        .sobject(`${NAMESPACE}__CallData__c`)
        .upsert({ ...projection({ CallId__c: 'ns2:alice' }), OwnerId: sf.userId(ALICE) }, `${NAMESPACE}__CallId__c`),
      /No such column/
    );
  });
});
