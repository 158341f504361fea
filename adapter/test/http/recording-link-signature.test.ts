import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { checkRecordingLink, signRecordingLink } from '../../src/http/recording-link-signature.ts';
import { resolveByteRange, sliceBytes } from '../../src/http/byte-range.ts';

const secret = randomBytes(32);
const claims = { recordingId: '202611-0123456789abcdef0123456789abcdef', tenantId: 'acme', expiresAt: 2_000_000_000 };

describe('recording link signatures', () => {
  it('accept the signed claims until they expire', () => {
    const sig = signRecordingLink(secret, claims);
    assert.match(sig, /^[A-Za-z0-9_-]{43}$/, 'base64url of 32 bytes, no padding');
    assert.equal(checkRecordingLink(secret, claims, sig, claims.expiresAt - 1), 'valid');
    assert.equal(checkRecordingLink(secret, claims, sig, claims.expiresAt), 'expired');
  });

  it('refuse any change to a claim, the key or the signature text', () => {
    const sig = signRecordingLink(secret, claims);
    const now = claims.expiresAt - 60;
    assert.equal(checkRecordingLink(secret, { ...claims, tenantId: 'globex' }, sig, now), 'tampered');
    assert.equal(checkRecordingLink(secret, { ...claims, recordingId: '202611-x' }, sig, now), 'tampered');
    assert.equal(checkRecordingLink(secret, { ...claims, expiresAt: claims.expiresAt + 1 }, sig, now), 'tampered');
    assert.equal(checkRecordingLink(randomBytes(32), claims, sig, now), 'tampered');
    // Flipping the last character may only touch unused bits: still refused (canonical form only).
    const last = sig.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(checkRecordingLink(secret, claims, sig.slice(0, -1) + last, now), 'tampered');
    assert.equal(checkRecordingLink(secret, claims, `${sig}=`, now), 'tampered');
    assert.equal(checkRecordingLink(secret, claims, '', now), 'tampered');
  });
});

describe('byte ranges', () => {
  it('resolve the forms browsers send against the size', () => {
    assert.deepEqual(resolveByteRange('bytes=0-', 1000), { start: 0, end: 999 });
    assert.deepEqual(resolveByteRange('bytes=10-19', 1000), { start: 10, end: 19 });
    assert.deepEqual(resolveByteRange('bytes=990-5000', 1000), { start: 990, end: 999 });
    assert.deepEqual(resolveByteRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.equal(resolveByteRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(resolveByteRange('bytes=0-1,5-6', 1000), null, 'multi-range: whole body');
    assert.equal(resolveByteRange(undefined, 1000), null);
  });

  it('cut exactly the range out of a chunked stream', async () => {
    const chunks = Readable.from([Buffer.from('abcd'), Buffer.from('efgh'), Buffer.from('ijkl')]);
    const parts: Buffer[] = [];
    for await (const part of sliceBytes(chunks, { start: 3, end: 8 })) parts.push(Buffer.from(part));
    assert.equal(Buffer.concat(parts).toString(), 'defghi');
  });
});
