/**
 * Where a tenant's Salesforce access tokens come from: the OAuth 2.0 JWT bearer flow (one org,
 * a private key) or a stored refresh token from the web-server flow ("Connect Salesforce").
 * Token requests go through jsforce's OAuth2 client.
 */
import { OAuth2 } from './jsforce-core.ts';
import { SignJWT, importPKCS8 } from 'jose';

export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
}

export interface TokenSource {
  readonly kind: 'jwt' | 'webServer';
  /** A fresh access token (a new request every call: callers cache). */
  getToken(): Promise<AccessToken>;
}

/** The org answered the token request with an OAuth error (bad key, user not pre-authorized…). */
export class SalesforceAuthError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'SalesforceAuthError';
  }
}

interface TokenResponse {
  access_token?: string;
  instance_url?: string;
  refresh_token?: string;
}

export function toAuthError(error: unknown): SalesforceAuthError {
  if (error instanceof SalesforceAuthError) return error;
  const e = error as { name?: string; message?: string };
  return new SalesforceAuthError(e.name ?? 'AUTH_FAILED', e.message ?? String(error));
}

export function readTokenResponse(response: TokenResponse, fallbackInstanceUrl?: string): AccessToken {
  const instanceUrl = response.instance_url ?? fallbackInstanceUrl;
  if (!response.access_token || !instanceUrl) {
    throw new SalesforceAuthError('INVALID_TOKEN_RESPONSE', 'the token endpoint answered without an access token');
  }
  return { accessToken: response.access_token, instanceUrl };
}

/**
 * The JWT `aud`: login.salesforce.com for production and My Domain logins, test.salesforce.com
 * for sandboxes (Salesforce wants the generic login host, not the My Domain host).
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (host === 'test.salesforce.com' || host.includes('.sandbox.')) return 'https://test.salesforce.com';
  if (host.endsWith('.salesforce.com')) return 'https://login.salesforce.com';
  // A local stand-in or an Experience site: the URL itself is the audience.
  return new URL(loginUrl).origin;
}

/** JWT bearer flow: sign `{iss, sub, aud, exp}` with RS256 and trade it for an access token. */
export function createJwtTokenSource(options: {
  loginUrl: string;
  clientId: string;
  username: string;
  privateKey: string;
  instanceUrl?: string;
  now?: () => number;
}): TokenSource {
  const now = options.now ?? Date.now;
  const oauth2 = new OAuth2({ loginUrl: options.loginUrl });
  const keyPromise = importPKCS8(options.privateKey, 'RS256');
  keyPromise.catch(() => undefined); // reported on first use, not as an unhandled rejection
  return {
    kind: 'jwt',
    async getToken() {
      let key: Awaited<typeof keyPromise>;
      try {
        key = await keyPromise;
      } catch {
        throw new SalesforceAuthError('INVALID_PRIVATE_KEY', 'the private key is not a PKCS#8 PEM RSA key');
      }
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(options.clientId)
        .setSubject(options.username)
        .setAudience(jwtAudience(options.loginUrl))
        .setExpirationTime(Math.floor(now() / 1000) + 180)
        .sign(key);
      try {
        const response = (await oauth2.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion
        })) as TokenResponse;
        return readTokenResponse(response, options.instanceUrl);
      } catch (error) {
        throw toAuthError(error);
      }
    }
  };
}
