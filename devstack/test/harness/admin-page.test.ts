// The harness's Admin setup page: linked from the softphone harness, opened as the seeded admin with a session
// TelephonyAdminController accepts, or as anyone the switcher names (an agent is then refused by the controller).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSalesforceStandIn, type SalesforceStandIn } from '../../salesforce/index.ts';

describe('harness admin setup page', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await startSalesforceStandIn();
  });
  after(() => sf.stop());

  const open = async (query = '') => (await fetch(`${sf.instanceUrl}/harness/admin${query}`)).text();
  const sessionOf = (page: string) => /data-harness-session-id="([^"]+)"/.exec(page)?.[1] ?? '';
  const checksWith = (session: string) =>
    fetch(`${sf.instanceUrl}/__standin/apex/TelephonyAdminController/getSetupChecks`, {
      method: 'POST',
      headers: { authorization: `OAuth ${session}`, 'content-type': 'application/json' },
      body: '{}'
    });

  it('is linked from the softphone harness page', async () => {
    const harness = await (await fetch(sf.harnessUrl())).text();
    assert.match(harness, /<a [^>]*href="\/harness\/admin"[^>]*>Admin setup<\/a>/);
  });

  it('opens as the admin, with a session the controller accepts', async () => {
    const page = await open();
    assert.match(page, /<title>Telephony setup \(harness\): Ada Admin<\/title>/);
    assert.match(page, /<script src="\/harness\/static\/telephonyAdminSetup\.js"><\/script>/);
    assert.equal((await checksWith(sessionOf(page))).status, 200);
  });

  it('opens as an agent when asked, whom the controller refuses', async () => {
    const page = await open(`?user=${sf.userId('alice@kazoo-cti.example')}`);
    assert.match(page, /Alice Archer<\/title>/);
    const refused = await checksWith(sessionOf(page));
    assert.equal(refused.status, 500);
    assert.match(((await refused.json()) as { message: string }).message, /^Only telephony admins/);
  });
});
