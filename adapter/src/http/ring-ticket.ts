/**
 * The ticket a softphone presents to open the ringing channel (ring-channel.ts): Apex asks for it
 * with the tenant's API key and hands it to the agent's browser, which has no other secret. It
 * names the tenant and the Salesforce user and expires within a minute, signed with the tenant's
 * link secret (HMAC-SHA256, the recording-link-signature.ts idea) under its own label, so a
 * recording link can never pass for a ticket or the other way round.
 */
import { createHmac } from 'node:crypto';
import { checkSignedExpiry, type LinkCheck } from './recording-link-signature.ts';

export interface RingTicketClaims {
  tenantId: string;
  /** The agent's Salesforce User id as Apex sent it (15 or 18 characters). */
  salesforceUserId: string;
  /** Unix seconds after which the ticket is refused. */
  expiresAt: number;
}

/** `<tenant>.<user>.<expiry>.<base64url mac>`: the three parts are validated ids and digits, never a dot. */
const TICKET =
  /^([a-z0-9][a-z0-9_-]{0,62})\.(005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: Uint8Array, claims: RingTicketClaims): Buffer {
  const message = `ring-ticket\n${claims.tenantId}\n${claims.salesforceUserId}\n${claims.expiresAt}`;
  return createHmac('sha256', secret).update(message).digest();
}

/** The ticket string for these claims. */
export function signRingTicket(secret: Uint8Array, claims: RingTicketClaims): string {
  const signature = mac(secret, claims).toString('base64url');
  return `${claims.tenantId}.${claims.salesforceUserId}.${claims.expiresAt}.${signature}`;
}

/** The claims a ticket states, unverified (to find whose secret checks it), or null when it is not one. */
export function readRingTicket(ticket: string): (RingTicketClaims & { signature: string }) | null {
  const parts = TICKET.exec(ticket);
  if (!parts) return null;
  const [, tenantId = '', salesforceUserId = '', expiry = '', signature = ''] = parts;
  return { tenantId, salesforceUserId, expiresAt: Number(expiry), signature };
}

export type RingTicketCheck = LinkCheck;

/** Checks the signature in constant time, then the expiry (a forged ticket learns nothing from the answer). */
export function checkRingTicket(
  secret: Uint8Array,
  claims: RingTicketClaims,
  signature: string,
  nowSeconds: number
): RingTicketCheck {
  return checkSignedExpiry(mac(secret, claims), signature, claims.expiresAt, nowSeconds);
}
