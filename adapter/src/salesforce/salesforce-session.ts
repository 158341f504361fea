/**
 * One tenant's jsforce Connection. It logs in lazily through the tenant's token source and
 * installs a refresh delegate, so a 401 INVALID_SESSION_ID fetches a new token and jsforce
 * retries the request once; a token the org rejects straight after issuing it is an error, not
 * a loop.
 */
import { Connection } from './jsforce-core.ts';
import type { TokenSource } from './token-source.ts';

export interface SalesforceAuthState {
  authenticated: boolean;
  detail: string;
}

export interface SalesforceSessionOptions {
  tokenSource: TokenSource;
  apiVersion: string;
  now?: () => number;
  /** Counts token requests (metrics). */
  onTokenRequest?: (outcome: 'ok' | 'error') => void;
  /** A second refresh within this time means the fresh token was refused too. */
  minRefreshIntervalMs?: number;
}

/** A lazily authenticated jsforce connection with refresh-on-401. */
export class SalesforceSession {
  private connectionPromise: Promise<Connection> | null = null;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private state: SalesforceAuthState = { authenticated: false, detail: 'not connected yet' };
  private readonly now: () => number;

  constructor(private readonly options: SalesforceSessionOptions) {
    this.now = options.now ?? Date.now;
  }

  get authState(): SalesforceAuthState {
    return this.state;
  }

  /** The connection, logging in first if needed. */
  connection(): Promise<Connection> {
    this.connectionPromise ??= this.login().catch((error: unknown) => {
      this.connectionPromise = null;
      throw error;
    });
    return this.connectionPromise;
  }

  private async fetchToken() {
    try {
      const token = await this.options.tokenSource.getToken();
      this.options.onTokenRequest?.('ok');
      this.state = { authenticated: true, detail: `connected to ${token.instanceUrl}` };
      return token;
    } catch (error) {
      this.options.onTokenRequest?.('error');
      this.state = { authenticated: false, detail: (error as Error).message };
      throw error;
    }
  }

  private async login(): Promise<Connection> {
    const token = await this.fetchToken();
    this.lastRefreshAt = this.now();
    return new Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: this.options.apiVersion,
      refreshFn: (conn, callback) => {
        const minInterval = this.options.minRefreshIntervalMs ?? 5_000;
        if (this.now() - this.lastRefreshAt < minInterval) {
          this.state = { authenticated: false, detail: 'Salesforce refused a freshly issued access token' };
          callback(new Error('Salesforce refused a freshly issued access token'));
          return;
        }
        this.lastRefreshAt = this.now();
        this.fetchToken().then(
          (fresh) => {
            conn.instanceUrl = fresh.instanceUrl;
            callback(null, fresh.accessToken);
          },
          (error: unknown) => {
            callback(error as Error);
          }
        );
      }
    });
  }
}
