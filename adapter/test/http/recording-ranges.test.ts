/**
 * Browser `Range` headers on recording playback against a PBX that serves ranges the way Crossbar
 * does: only `bytes=S-` and `bytes=S-E` inside the file, the whole file for anything else, and a
 * crash (500) for a start past the end. The adapter answers what Crossbar cannot itself (RFC 9110).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { signRecordingLink } from '../../src/http/recording-link-signature.ts';
import { fakeTenant, testDeps } from './fake-tenant.ts';

const AUDIO = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));

/** The `Range` of every request the PBX received (undefined: none). */
const received: (string | undefined)[] = [];
let upstream: Server;
let upstreamUrl = '';

before(async () => {
  // api_resource.erl to_binary/3 + get_range/2, as devstack/kazoo/crossbar-server.ts sendAudio.
  upstream = createServer((request, response) => {
    const header = request.headers.range;
    received.push(header);
    const size = AUDIO.length;
    const single = header === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(header);
    let [start, endExclusive] = [0, size];
    if (single && single[2] === '') start = Number(single[1]);
    else if (single && Number(single[2]) < size) [start, endExclusive] = [Number(single[1]), Number(single[2]) + 1];
    if (endExclusive - start < 0) return response.writeHead(500).end();
    const status = header !== undefined && endExclusive - start !== size ? 206 : 200;
    const headers: Record<string, string | number> = {
      'content-type': 'audio/mpeg',
      'content-length': endExclusive - start
    };
    if (header !== undefined) headers['content-range'] = `bytes ${start}-${endExclusive - 1}/${size}`;
    response.writeHead(status, headers).end(AUDIO.subarray(start, endExclusive));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/media`;
});
after(() => upstream.close());

/** A fresh adapter (so nothing is known about the recording's size yet) and a player for its link. */
function adapter() {
  const location = { url: upstreamUrl, headers: {}, contentType: 'audio/mpeg' };
  const tenant = fakeTenant({ tenantId: 'acme', provider: { recordingLink: () => Promise.resolve(location) } });
  const app = buildHttpServer(testDeps([tenant]));
  const expiresAt = Math.floor(Date.now() / 1000) + 60;
  const sig = signRecordingLink(tenant.recordingLinkSecret, {
    recordingId: '202611-aaaa',
    tenantId: 'acme',
    expiresAt
  });
  const play = (range?: string) =>
    app.inject({
      method: 'GET',
      url: `/recordings/202611-aaaa?tenant=acme&exp=${expiresAt}&sig=${sig}`,
      headers: range ? { range } : {}
    });
  return { app, play };
}

describe('recording playback: Range headers checked by the adapter', () => {
  it('answers a start past the end 416 with the size, where Crossbar would crash', async () => {
    const { app, play } = adapter();
    const beyond = await play('bytes=5000-');
    assert.equal(beyond.statusCode, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */1000');
    assert.equal(beyond.json<{ error: { code: string } }>().error.code, 'RANGE_NOT_SATISFIABLE');
    await app.close();
  });

  it('once the size is known, refuses such ranges without asking the PBX', async () => {
    const { app, play } = adapter();
    assert.equal((await play('bytes=0-')).statusCode, 206);
    const before = received.length;
    const beyond = await play('bytes=1000-');
    const empty = await play('bytes=-0');
    assert.deepEqual([beyond.statusCode, empty.statusCode], [416, 416]);
    assert.equal(beyond.headers['content-range'], 'bytes */1000');
    assert.equal(received.length, before, 'the PBX was not asked');
    await app.close();
  });

  it('serves a suffix range (which Crossbar ignores) from the whole file', async () => {
    const { app, play } = adapter();
    const tail = await play('bytes=-100');
    assert.equal(tail.statusCode, 206);
    assert.equal(tail.headers['content-range'], 'bytes 900-999/1000');
    assert.deepEqual(tail.rawPayload, AUDIO.subarray(900));
    assert.equal(received.at(-1), undefined, 'no suffix range was sent upstream');
    await app.close();
  });

  it('sends an end past the file clamped, so Crossbar serves a range instead of the whole file', async () => {
    const { app, play } = adapter();
    await play('bytes=0-9');
    const part = await play('bytes=990-5000');
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], 'bytes 990-999/1000');
    assert.deepEqual(part.rawPayload, AUDIO.subarray(990));
    assert.equal(received.at(-1), 'bytes=990-999');
    await app.close();
  });
});
