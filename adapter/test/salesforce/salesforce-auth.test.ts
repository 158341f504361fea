/**
 * Salesforce authentication: the JWT bearer assertion carries iss/sub/aud/exp signed RS256; the
 * web-server flow stores the refresh token encrypted and mints access tokens from it; the
 * callback refuses forged or expired state.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from 'jose';
import { createJwtTokenSource, jwtAudience } from '../../src/salesforce/token-source.ts';
import { createTokenCipher } from '../../src/salesforce/token-cipher.ts';
import { createWebServerFlow } from '../../src/salesforce/web-server-flow.ts';
import { createOAuthConnector } from '../../src/salesforce/oauth-callback.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { startFakeOrg, type FakeOrg } from '../delivery/support/fake-org.ts';

let org: FakeOrg;
let privateKeyPem: string;
before(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  privateKeyPem = await exportPKCS8(privateKey);
  org = await startFakeOrg({ publicKey });
});
after(() => org.close());

test('the JWT bearer flow signs iss, sub, aud and a short exp with RS256', async () => {
  const now = Date.now();
  const source = createJwtTokenSource({
    loginUrl: org.url,
    clientId: 'client-id',
    username: 'int@acme.example',
    privateKey: privateKeyPem,
    now: () => now
  });
  const token = await source.getToken();
  assert.equal(token.instanceUrl, org.url);
  const form = new URLSearchParams(org.requests.at(-1)?.body);
  assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  const assertion = form.get('assertion') ?? '';
  assert.equal(decodeProtectedHeader(assertion).alg, 'RS256');
  const claims = decodeJwt(assertion);
  assert.deepEqual([claims.iss, claims.sub, claims.aud], ['client-id', 'int@acme.example', org.url]);
  assert.equal(claims.exp, Math.floor(now / 1000) + 180);
});

test('the JWT audience is the generic login host for production, My Domain and sandboxes', () => {
  assert.equal(jwtAudience('https://login.salesforce.com'), 'https://login.salesforce.com');
  assert.equal(jwtAudience('https://acme.my.salesforce.com'), 'https://login.salesforce.com');
  assert.equal(jwtAudience('https://acme--uat.sandbox.my.salesforce.com'), 'https://test.salesforce.com');
});

test("a token signed with another key is refused with the org's reason", async () => {
  const other = await generateKeyPair('RS256', { extractable: true });
  const source = createJwtTokenSource({
    loginUrl: org.url,
    clientId: 'c',
    username: 'u',
    privateKey: await exportPKCS8(other.privateKey)
  });
  await assert.rejects(source.getToken(), { name: 'SalesforceAuthError', code: 'invalid_grant' });
});

test('the web-server flow connects an org by link and keeps only an encrypted refresh token', async () => {
  const store = new TenantStore(':memory:');
  const cipher = createTokenCipher('a'.repeat(64));
  const flow = createWebServerFlow({
    loginUrl: org.url,
    clientId: 'cid',
    clientSecret: 'secret',
    redirectUri: 'https://adapter.example/oauth/callback',
    store,
    cipher
  });
  const connector = createOAuthConnector({ flows: new Map([['acme', flow]]), stateKey: Buffer.alloc(32, 7) });
  const link = new URL(connector.connectUrl('acme'));
  assert.equal(link.pathname, '/services/oauth2/authorize');
  assert.equal(link.searchParams.get('redirect_uri'), 'https://adapter.example/oauth/callback');
  await assert.rejects(flow.tokenSource.getToken(), { code: 'NOT_CONNECTED' });

  const result = await connector.handleCallback({ code: 'abc', state: link.searchParams.get('state') });
  assert.equal(result.status, 200);
  const stored = store.tokens.load();
  assert.ok(stored && !stored.refreshToken.includes('refresh-for-abc'), 'the stored token is encrypted');
  assert.equal(cipher.decrypt(stored.refreshToken), 'refresh-for-abc');
  const token = await flow.tokenSource.getToken();
  assert.match(token.accessToken, /^token-/);
  store.close();
});

test('the callback refuses a forged state and reports a denied consent in words', async () => {
  const connector = createOAuthConnector({ flows: new Map(), stateKey: Buffer.alloc(32, 7) });
  assert.equal((await connector.handleCallback({ code: 'x', state: 'acme.9999999999999.n.forged' })).status, 403);
  const denied = await connector.handleCallback({
    error: 'access_denied',
    error_description: 'end-user denied authorization'
  });
  assert.match(denied.message, /end-user denied authorization/);
});

test('a tampered encrypted token is detected', () => {
  const cipher = createTokenCipher('b'.repeat(64));
  const sealed = cipher.encrypt('refresh-token');
  assert.equal(cipher.decrypt(sealed), 'refresh-token');
  // Flip one bit of the ciphertext itself: editing base64 text can land in padding bits and change nothing.
  const [version, iv, tag, data] = sealed.split('.');
  const flipped = Buffer.from(data ?? '', 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  const tampered = [version, iv, tag, flipped.toString('base64url')].join('.');
  assert.throws(() => cipher.decrypt(tampered), /wrong encryption key or tampered/);
  assert.throws(() => createTokenCipher('c'.repeat(64)).decrypt(sealed), /wrong encryption key or tampered/);
});
