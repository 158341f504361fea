// OAuth against the stand-in: the JWT bearer flow with a key pair made at test time (signature,
// audience, expiry with the 3-minute skew, unknown user), and the web-server flow through jsforce
// (authorize → code → tokens → refresh).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import jsforce from 'jsforce';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { INTEGRATION, standIn } from './helpers.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('OAuth token endpoint', () => {
  let sf: SalesforceStandIn;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    sf = await standIn({ jwtCertificatePem: await exportSPKI(pair.publicKey), jwtClientId: 'consumer-key' });
  });
  after(() => sf.stop());

  const assertion = (signer: CryptoKey, claims: { sub?: string; aud?: string; exp?: number } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('consumer-key')
      .setSubject(claims.sub ?? INTEGRATION)
      .setAudience(claims.aud ?? 'https://login.salesforce.com')
      .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 120)
      .sign(signer);

  const token = async (jwt: string) => {
    const res = await fetch(`${sf.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_GRANT, assertion: jwt })
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  it('issues a working access token for a well-signed assertion', async () => {
    const { status, body } = await token(await assertion(key));
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.instance_url, sf.instanceUrl);
    assert.equal(body.refresh_token, undefined, 'the JWT flow never returns a refresh token');
    const conn = new jsforce.Connection({
      instanceUrl: body.instance_url,
      accessToken: body.access_token,
      version: '66.0'
    });
    const users = await conn.query("SELECT Id FROM User WHERE Username = 'integration@kazoo-cti.example'");
    assert.equal(users.totalSize, 1);
  });

  it('accepts an assertion that expired less than three minutes ago', async () => {
    const { status } = await token(await assertion(key, { exp: Math.floor(Date.now() / 1000) - 120 }));
    assert.equal(status, 200);
  });

  it('refuses a wrong signature, an old assertion, a wrong audience and an unknown user', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [Promise<string>, string][] = [
      [assertion(otherKey), 'invalid assertion'],
      [assertion(key, { exp: now - 600 }), 'expired assertion'],
      [assertion(key, { aud: 'https://evil.example.com' }), 'audience is invalid'],
      [assertion(key, { sub: 'nobody@example.com' }), "user hasn't approved this consumer"]
    ];
    for (const [jwt, description] of cases) {
      const { status, body } = await token(await jwt);
      assert.equal(status, 400);
      assert.deepEqual(body, { error: 'invalid_grant', error_description: description });
    }
  });

  it('runs the web-server flow: authorize, exchange the code, refresh', async () => {
    const redirectUri = 'http://127.0.0.1:9/oauth/callback';
    const oauth2 = new jsforce.OAuth2({
      loginUrl: sf.loginUrl,
      clientId: 'consumer-key',
      clientSecret: 'unused',
      redirectUri
    });
    const authorize = await fetch(oauth2.getAuthorizationUrl({ state: 'xyz' }), { redirect: 'manual' });
    assert.equal(authorize.status, 302);
    const callback = new URL(authorize.headers.get('location') ?? '');
    assert.equal(callback.searchParams.get('state'), 'xyz');
    const conn = new jsforce.Connection({ oauth2, version: '66.0' });
    await conn.authorize(callback.searchParams.get('code') ?? '');
    assert.ok(conn.refreshToken);
    const refreshed = await oauth2.refreshToken(conn.refreshToken ?? '');
    assert.notEqual(refreshed.access_token, conn.accessToken);
    await assert.rejects(conn.authorize(callback.searchParams.get('code') ?? ''), /invalid authorization code/);
  });
});
