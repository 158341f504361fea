import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { signRecordingLink } from '../../src/http/recording-link-signature.ts';
import { checkRingTicket, readRingTicket, signRingTicket } from '../../src/http/ring-ticket.ts';

const secret = randomBytes(32);
const claims = { tenantId: 'acme', salesforceUserId: '005000000000001AAA', expiresAt: 2_000_000_000 };

function check(ticket: string, now: number, key: Uint8Array = secret) {
  const read = readRingTicket(ticket);
  return read ? checkRingTicket(key, read, read.signature, now) : 'unreadable';
}

describe('ringing-channel tickets', () => {
  it('name the tenant and the user, and open until they expire', () => {
    const ticket = signRingTicket(secret, claims);
    assert.deepEqual(
      { ...readRingTicket(ticket), signature: undefined },
      { ...claims, signature: undefined },
      'the ticket states whose it is'
    );
    assert.equal(check(ticket, claims.expiresAt - 1), 'valid');
    assert.equal(check(ticket, claims.expiresAt), 'expired');
  });

  it('refuse another user, tenant, expiry or key', () => {
    const ticket = signRingTicket(secret, claims);
    const [, , , signature] = ticket.split('.');
    const now = claims.expiresAt - 30;
    assert.equal(check(`acme.005000000000002AAA.${claims.expiresAt}.${signature}`, now), 'tampered', 'another user');
    assert.equal(check(`globex.005000000000001AAA.${claims.expiresAt}.${signature}`, now), 'tampered', 'tenant');
    assert.equal(check(`acme.005000000000001AAA.${claims.expiresAt + 60}.${signature}`, now), 'tampered', 'expiry');
    assert.equal(check(ticket, now, randomBytes(32)), 'tampered', 'another key');
    const last = ticket.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(check(ticket.slice(0, -1) + last, now), 'tampered', 'unused bits of the signature');
  });

  it('are never a recording link signed with the same secret', () => {
    const link = signRecordingLink(secret, { recordingId: '005000000000001AAA', tenantId: 'acme', expiresAt: 2e9 });
    assert.equal(check(`acme.005000000000001AAA.2000000000.${link}`, 1e9), 'tampered');
  });

  it('read nothing from text that is not a ticket', () => {
    for (const text of ['', 'acme', 'acme.005000000000001AAA.1.', 'ACME.005000000000001AAA.1.x', 'a.b.c.d']) {
      assert.equal(readRingTicket(text), null, text);
    }
    assert.equal(readRingTicket(`acme.003000000000001AAA.1.${'A'.repeat(43)}`), null, 'a Contact id is no user');
  });
});
