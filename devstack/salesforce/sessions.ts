/**
 * Access and refresh tokens: a token maps to a user until it expires or an admin (or a fault)
 * kills every session. Tokens look like Salesforce's (`<org id>!<random>`) and are dev-only.
 */
import { randomBytes } from 'node:crypto';
import type { OrgStore } from './store.ts';

export class SessionManager {
  constructor(
    private readonly store: OrgStore,
    private readonly orgId: string,
    private readonly accessTtlMs: number
  ) {}

  private token(): string {
    return `${this.orgId.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
  }

  /** A new access token (session id) for the user. */
  mintAccess(userId: string, clientId = 'standin', now = Date.now()): string {
    const token = this.token();
    this.store.saveSession({ token, userId, kind: 'access', clientId, expiresAt: now + this.accessTtlMs });
    return token;
  }

  /** A refresh token (web-server flow); it lives until revoked. */
  mintRefresh(userId: string, clientId: string): string {
    const token = `5Aep${randomBytes(32).toString('base64url')}`;
    this.store.saveSession({ token, userId, kind: 'refresh', clientId, expiresAt: Number.MAX_SAFE_INTEGER });
    return token;
  }

  /** The user of a live access token, or null when it is unknown or expired. */
  userFor(token: string | undefined, now = Date.now()): string | null {
    if (!token) return null;
    const session = this.store.session(token);
    if (!session || session.kind !== 'access' || session.expiresAt <= now) return null;
    return session.userId;
  }

  /** The user and client of a refresh token, or null. */
  refreshSession(token: string): { userId: string; clientId: string } | null {
    const session = this.store.session(token);
    return session && session.kind === 'refresh' ? { userId: session.userId, clientId: session.clientId } : null;
  }

  /** Invalidates every access token (refresh tokens keep working), as a session kill does. */
  expireAll(): number {
    return this.store.deleteSessions('access');
  }
}

/** The token from `Authorization: Bearer …` or `Authorization: OAuth …`. */
export function tokenFromHeader(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
