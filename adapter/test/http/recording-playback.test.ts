import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { signRecordingLink } from '../../src/http/recording-link-signature.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

const AUDIO = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
const AGENT = '005000000000001AAA';

/** A PBX media endpoint that ignores Range (answers 200 with the whole file), as some do. */
let upstream: Server;
let upstreamUrl = '';
const upstreamAuth: (string | undefined)[] = [];

before(async () => {
  upstream = createServer((request, response) => {
    upstreamAuth.push(request.headers['x-auth-token'] as string | undefined);
    response.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': AUDIO.length }).end(AUDIO);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/media`;
});
after(() => upstream.close());

function setup() {
  const known = (id: string) => id === '202611-aaaa';
  const location = (id: string) =>
    Promise.resolve(
      known(id) ? { url: upstreamUrl, headers: { 'x-auth-token': 'pbx-token' }, contentType: 'audio/mpeg' } : null
    );
  const acme = fakeTenant({ tenantId: 'acme', provider: { recordingLink: location } });
  const globex = fakeTenant({ tenantId: 'globex', provider: { recordingLink: () => Promise.resolve(null) } });
  const app = buildHttpServer(testDeps([acme, globex], { publicBaseUrl: 'https://adapter.example.com/base' }));
  const linkFor = async (tenant: typeof acme, id: string) => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/recordings/${id}/link?salesforceUserId=${AGENT}`,
      headers: { 'x-api-key': tenant.apiKey }
    });
    return { response, url: response.statusCode === 200 ? new URL(response.json<{ url: string }>().url) : null };
  };
  const play = (url: URL, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `${url.pathname.replace('/base', '')}${url.search}`, headers });
  return { app, acme, globex, linkFor, play };
}

describe('signed recording links', () => {
  it('hands out a link under the public base URL that plays the whole recording', async () => {
    const { app, acme, linkFor, play } = setup();
    const { response, url } = await linkFor(acme, '202611-aaaa');
    assert.equal(response.statusCode, 200);
    assert.ok(url);
    assert.equal(url.origin + url.pathname, 'https://adapter.example.com/base/recordings/202611-aaaa');
    const expiresAt = Date.parse(response.json<{ expiresAt: string }>().expiresAt);
    assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + 300_000, 'expires within the TTL');
    const audio = await play(url);
    assert.equal(audio.statusCode, 200);
    assert.equal(audio.headers['content-type'], 'audio/mpeg');
    assert.equal(audio.headers['cache-control'], 'private, no-store');
    assert.equal(audio.headers['accept-ranges'], 'bytes');
    assert.deepEqual(audio.rawPayload, AUDIO);
    assert.equal(upstreamAuth.at(-1), 'pbx-token', 'the PBX credentials stay server-side');
    await app.close();
  });

  it('serves a byte range even when the PBX ignores Range', async () => {
    const { app, acme, linkFor, play } = setup();
    const { url } = await linkFor(acme, '202611-aaaa');
    assert.ok(url);
    const part = await play(url, { range: 'bytes=100-199' });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], 'bytes 100-199/1000');
    assert.equal(part.headers['content-length'], '100');
    assert.deepEqual(part.rawPayload, AUDIO.subarray(100, 200));
    const outside = await play(url, { range: 'bytes=5000-' });
    assert.equal(outside.statusCode, 416);
    assert.equal(outside.headers['content-range'], 'bytes */1000');
    await app.close();
  });

  it('refuses a tampered link, a link moved to another tenant and an expired link with 403', async () => {
    const { app, acme, linkFor, play } = setup();
    const { url } = await linkFor(acme, '202611-aaaa');
    assert.ok(url);
    const tampered = new URL(url);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    const moved = new URL(url);
    moved.searchParams.set('tenant', 'globex');
    assert.equal((await play(tampered)).statusCode, 403);
    assert.equal((await play(moved)).statusCode, 403);
    assert.equal((await play(new URL(url.href.replace('202611-aaaa', '202611-bbbb')))).statusCode, 403);

    const expiring = setup();
    const shortLived = buildHttpServer(testDeps([expiring.acme], { recordingLinkTtlSeconds: 0 }));
    const link = await shortLived.inject({
      method: 'GET',
      url: `/api/v1/recordings/202611-aaaa/link?salesforceUserId=${AGENT}`,
      headers: { 'x-api-key': expiring.acme.apiKey }
    });
    const expired = new URL(link.json<{ url: string }>().url);
    const refused = await shortLived.inject({ method: 'GET', url: expired.pathname + expired.search });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'FORBIDDEN');
    await Promise.all([app.close(), shortLived.close(), expiring.app.close()]);
  });

  it("answers 404 for another tenant's recording, even behind a validly signed link", async () => {
    const { app, globex, linkFor } = setup();
    const { response } = await linkFor(globex, '202611-aaaa');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'RECORDING_NOT_FOUND');
    const exp = Math.floor(Date.now() / 1000) + 60;
    const sig = signRecordingLink(globex.recordingLinkSecret, {
      recordingId: '202611-aaaa',
      tenantId: 'globex',
      expiresAt: exp
    });
    const played = await app.inject({
      method: 'GET',
      url: `/recordings/202611-aaaa?tenant=globex&exp=${exp}&sig=${sig}`
    });
    assert.equal(played.statusCode, 404);
    await app.close();
  });
});
