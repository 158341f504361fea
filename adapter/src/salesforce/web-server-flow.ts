/**
 * The OAuth 2.0 web-server flow for providers who connect customer orgs with a "Connect
 * Salesforce" link: the authorize URL, the code exchange, and a token source that trades the
 * stored (encrypted) refresh token for access tokens.
 */
import { OAuth2 } from './jsforce-core.ts';
import type { TenantStore } from '../store/tenant-store.ts';
import type { TokenCipher } from './token-cipher.ts';
import { SalesforceAuthError, readTokenResponse, toAuthError, type TokenSource } from './token-source.ts';

export interface WebServerFlowOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  store: TenantStore;
  cipher: TokenCipher;
  now?: () => number;
}

export interface WebServerFlow {
  /** Where to send the admin's browser; `state` comes back on the callback unchanged. */
  authorizeUrl(state: string): string;
  /** Trades the callback's code for tokens and stores the refresh token encrypted. */
  completeAuthorization(code: string): Promise<{ instanceUrl: string }>;
  /** True once an org is connected (a refresh token is stored). */
  isConnected(): boolean;
  tokenSource: TokenSource;
}

/** Creates the web-server flow of one tenant. */
export function createWebServerFlow(options: WebServerFlowOptions): WebServerFlow {
  const now = options.now ?? Date.now;
  const oauth2 = new OAuth2({
    loginUrl: options.loginUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri
  });
  return {
    authorizeUrl(state) {
      return oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state });
    },
    async completeAuthorization(code) {
      let response: { refresh_token?: string; access_token?: string; instance_url?: string };
      try {
        response = await oauth2.requestToken(code);
      } catch (error) {
        throw toAuthError(error);
      }
      const token = readTokenResponse(response);
      if (!response.refresh_token) {
        throw new SalesforceAuthError(
          'NO_REFRESH_TOKEN',
          'Salesforce issued no refresh token: add the "refresh_token, offline_access" scope to the app'
        );
      }
      options.store.tokens.save(options.cipher.encrypt(response.refresh_token), token.instanceUrl, now());
      return { instanceUrl: token.instanceUrl };
    },
    isConnected() {
      return options.store.tokens.load() !== null;
    },
    tokenSource: {
      kind: 'webServer',
      async getToken() {
        const stored = options.store.tokens.load();
        if (!stored) {
          throw new SalesforceAuthError('NOT_CONNECTED', 'no Salesforce org is connected yet: open the connect link');
        }
        try {
          const response = (await oauth2.refreshToken(options.cipher.decrypt(stored.refreshToken))) as {
            access_token?: string;
            instance_url?: string;
          };
          return readTokenResponse(response, stored.instanceUrl);
        } catch (error) {
          throw toAuthError(error);
        }
      }
    }
  };
}
