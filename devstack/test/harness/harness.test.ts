// The harness page served by the Salesforce stand-in: the softphone root element the bundle reads,
// a working dev session, and the Open CTI stand-in's documented callback shapes (run in a VM with
// the real stand-in behind fetch).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import { loadContract } from '../../salesforce/call-view.ts';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../salesforce/index.ts';

const openCtiSource = readFileSync(new URL('../../harness/public/opencti-standin.js', import.meta.url), 'utf8');

interface OpenCtiResponse {
  success: boolean;
  returnValue: Record<string, unknown> | null;
  errors: unknown;
}
type OpenCti = Record<string, (args: Record<string, unknown>) => void>;

describe('softphone harness page', () => {
  let sf: SalesforceStandIn;
  let alice: string;
  let page: string;
  before(async () => {
    sf = await startSalesforceStandIn();
    alice = sf.userId('alice@kazoo-cti.example');
    page = await (await fetch(sf.harnessUrl(alice))).text();
  });
  after(() => sf.stop());

  const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(page)?.[1];

  it("renders #softphone-root with the agent's id, a live session and every remoting method", async () => {
    assert.equal(attr('data-user-id'), alice);
    assert.equal(attr('data-api-version'), '66.0');
    for (const method of Object.keys(loadContract().methods)) {
      const kebab = method.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      assert.equal(attr(`data-remote-${kebab}`), `SoftphoneController.${method}`);
    }
    const res = await fetch(`${sf.instanceUrl}/services/data/v66.0/limits`, {
      headers: { authorization: `Bearer ${attr('data-session-id')}` }
    });
    assert.equal(res.status, 200);
  });

  it('offers every agent in the switcher and serves its scripts', async () => {
    for (const name of ['Alice Archer', 'Bob Baker', 'Carol Chen']) assert.ok(page.includes(name), name);
    for (const file of ['opencti-standin.js', 'visualforce-standin.js', 'harness.js']) {
      assert.equal((await fetch(`${sf.instanceUrl}/harness/static/${file}`)).status, 200, file);
    }
    assert.equal((await fetch(`${sf.instanceUrl}/harness/static/..%2Findex.ts`)).status, 404);
  });

  describe('Open CTI stand-in', () => {
    let opencti: OpenCti;
    let recorded: { method: string }[];
    before(() => {
      const root = {
        getAttribute: (n: string) =>
          n === 'data-user-id' ? alice : n === 'data-session-id' ? attr('data-session-id') : null
      };
      const context = createContext({
        location: new URL(sf.harnessUrl(alice)),
        document: { getElementById: () => root, querySelector: () => null },
        fetch: (url: string, init?: RequestInit) => fetch(new URL(url, sf.instanceUrl), init),
        CustomEvent,
        URLSearchParams,
        setTimeout,
        dispatchEvent: () => true
      });
      context.window = context;
      runInContext(openCtiSource, context);
      opencti = (context.sforce as { opencti: OpenCti }).opencti;
      recorded = context.__openCtiCalls as { method: string }[];
    });
    const call = (method: string, args: Record<string, unknown> = {}) =>
      new Promise<OpenCtiResponse>((resolve) => opencti[method]?.({ ...args, callback: resolve }));

    it('answers getCallCenterSettings with the package settings', async () => {
      const res = await call('getCallCenterSettings');
      assert.equal(res.success, true);
      assert.equal(res.returnValue?.['/kazooSettings/defaultRegion'], 'US');
      assert.equal(res.returnValue?.['/reqGeneralInfo/reqAdapterUrl'], `${sf.instanceUrl}/harness/`);
    });

    it('finds the caller with searchAndScreenPop and returns SCREEN_POP_DATA when deferred', async () => {
      const res = await call('searchAndScreenPop', {
        searchParams: '+14155550123',
        callType: 'inbound',
        deferred: true
      });
      const matches = Object.values(res.returnValue ?? {}) as { Name?: string; type?: string }[];
      assert.ok(matches.some((m) => m.Name === 'Jane Doe'));
      assert.equal((res.returnValue?.SCREEN_POP_DATA as { type: string }).type, 'sobject');
    });

    it('reports errors in the documented shape and records every call', async () => {
      const res = await call('screenPop', { type: 'bogus', params: {} });
      assert.deepEqual([res.success, (res.errors as { code: string }[])[0]?.code], [false, 'INVALID_PARAM']);
      assert.deepEqual(
        Array.from(recorded.slice(-1), (c) => c.method),
        ['screenPop']
      );
      let stored: { method: string }[] = [];
      for (let i = 0; i < 50 && !stored.some((c) => c.method === 'screenPop'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored = (await (await fetch(`${sf.instanceUrl}/__standin/opencti-calls?agent=${alice}`)).json()) as {
          method: string;
        }[];
      }
      assert.deepEqual(
        stored.map((c) => c.method),
        ['getCallCenterSettings', 'searchAndScreenPop', 'screenPop']
      );
    });
  });
});
