import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RecordingLinkClaims {
  recordingId: string;
  tenantId: string;
  /** Unix seconds after which the link is refused. */
  expiresAt: number;
}

function mac(secret: Uint8Array, claims: RecordingLinkClaims): Buffer {
  // Newlines cannot occur in the (validated) ids, so the three parts cannot be shifted into each other.
  const message = `recording\n${claims.recordingId}\n${claims.tenantId}\n${claims.expiresAt}`;
  return createHmac('sha256', secret).update(message).digest();
}

/** base64url HMAC-SHA256 over recording id, tenant id and expiry, with the tenant's link secret. */
export function signRecordingLink(secret: Uint8Array, claims: RecordingLinkClaims): string {
  return mac(secret, claims).toString('base64url');
}

export type LinkCheck = 'valid' | 'tampered' | 'expired';

/**
 * Checks a presented signature in constant time, then the expiry. A signature is checked before
 * the expiry so that a forged link learns nothing from the answer.
 */
export function checkRecordingLink(
  secret: Uint8Array,
  claims: RecordingLinkClaims,
  signature: string,
  nowSeconds: number
): LinkCheck {
  return checkSignedExpiry(mac(secret, claims), signature, claims.expiresAt, nowSeconds);
}

/**
 * A presented base64url signature against the expected MAC in constant time, then the expiry
 * (Unix seconds): what every short-lived signed value of the adapter (recording links, ring
 * tickets) is checked with.
 */
export function checkSignedExpiry(
  expected: Buffer,
  signature: string,
  expiresAt: number,
  nowSeconds: number
): LinkCheck {
  const presented = Buffer.from(signature, 'base64url');
  // Node's decoder ignores stray characters and unused trailing bits; only the canonical form counts.
  const canonical = presented.toString('base64url') === signature;
  if (!canonical || presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'tampered';
  return nowSeconds >= expiresAt ? 'expired' : 'valid';
}
