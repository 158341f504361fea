/**
 * The `/oauth/callback` handler of the web-server flow, independent of the HTTP framework:
 * the HTTP server mounts it and passes the query string. `state` is signed (HMAC) and names
 * the tenant and an expiry, so a forged or replayed-late callback is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebServerFlow } from './web-server-flow.ts';

export interface OAuthCallbackResult {
  status: number;
  /** Plain words for the admin who clicked "Connect Salesforce". */
  message: string;
  tenantId?: string;
}

export interface OAuthConnector {
  /** The "Connect Salesforce" link of a tenant (valid for `ttlMs`). */
  connectUrl(tenantId: string): string;
  /** Handles the redirect back from Salesforce. */
  handleCallback(query: Record<string, unknown>): Promise<OAuthCallbackResult>;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** Creates the connector for the tenants that use the web-server flow. */
export function createOAuthConnector(options: {
  flows: ReadonlyMap<string, WebServerFlow>;
  stateKey: Buffer;
  now?: () => number;
  ttlMs?: number;
}): OAuthConnector {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  return {
    connectUrl(tenantId) {
      const flow = options.flows.get(tenantId);
      if (!flow) throw new Error(`tenant ${tenantId} does not use the web-server flow`);
      const payload = `${tenantId}.${now() + ttlMs}.${randomBytes(8).toString('base64url')}`;
      return flow.authorizeUrl(`${payload}.${sign(options.stateKey, payload)}`);
    },
    async handleCallback(query) {
      if (typeof query.error === 'string') {
        const detail = typeof query.error_description === 'string' ? query.error_description : query.error;
        return { status: 400, message: `Salesforce did not connect: ${detail}` };
      }
      const { code, state } = query;
      if (typeof code !== 'string' || typeof state !== 'string') {
        return { status: 400, message: 'the callback is missing its code or state' };
      }
      const parts = state.split('.');
      const signature = parts.pop() ?? '';
      const payload = parts.join('.');
      const expected = Buffer.from(sign(options.stateKey, payload));
      const given = Buffer.from(signature);
      if (parts.length !== 3 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { status: 403, message: 'the connect link is not valid: start again from the adapter' };
      }
      const [tenantId = '', expiry = '0'] = parts;
      if (Number(expiry) < now()) return { status: 403, message: 'the connect link has expired: start again' };
      const flow = options.flows.get(tenantId);
      if (!flow) return { status: 404, message: `unknown tenant ${tenantId}` };
      try {
        const { instanceUrl } = await flow.completeAuthorization(code);
        return { status: 200, message: `Salesforce org ${instanceUrl} is connected to tenant ${tenantId}.`, tenantId };
      } catch (error) {
        return { status: 502, message: `Salesforce refused the connection: ${(error as Error).message}`, tenantId };
      }
    }
  };
}
