/** Crossbar auth tokens as `PUT /v2/api_auth` issues them; blackhole and crossbar both check them. */
import { randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 3600;

export class AuthTokens {
  private readonly tokens = new Map<string, { accountId: string; expiresAt: number }>();

  issue(accountId: string, nowMs = Date.now()): string {
    const token = randomBytes(24).toString('hex');
    this.tokens.set(token, { accountId, expiresAt: nowMs + TOKEN_LIFETIME_SECONDS * 1000 });
    return token;
  }

  /** The token's account, or null when the token is unknown, revoked or expired. */
  accountFor(token: string | undefined, nowMs = Date.now()): string | null {
    if (!token) return null;
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAt <= nowMs) return null;
    return entry.accountId;
  }

  /** Test hook: every token issued so far stops working (as after a cluster-side expiry). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
