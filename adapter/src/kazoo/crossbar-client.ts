import type { Logger } from 'pino';
import type { ResolvedKazooConfig } from './kazoo-config.ts';
import type { LoginPacer } from './login-pacer.ts';

/** A Crossbar answer that was not a success: status code, Kazoo's message and `data`. */
export class CrossbarError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: unknown,
    /** The Crossbar path that failed (`/v2/api_auth` for a refused key). */
    readonly path?: string
  ) {
    super(message);
    this.name = 'CrossbarError';
  }
}

/** Crossbar's response envelope (kazoo.md §3). */
export interface CrossbarEnvelope<T> {
  auth_token?: string;
  data: T;
  request_id?: string;
  status?: string;
  message?: string;
  next_start_key?: string | number | unknown[];
}

export interface CrossbarRequest {
  body?: unknown;
  query?: Record<string, string>;
  /** Overrides `requestTimeoutMs` (a quickcall POST lasts as long as the phone rings). */
  timeoutMs?: number;
}

/** Thrown when the adapter stopped waiting for Kazoo's answer (the request may still be running there). */
export class CrossbarTimeout extends CrossbarError {}

/**
 * Crossbar over HTTP: API-key authentication (`PUT /v2/api_auth`), the `X-Auth-Token` header,
 * the envelope, pagination, and one retry with a new token after a 401.
 */
export class CrossbarClient {
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;

  constructor(
    private readonly config: ResolvedKazooConfig,
    private readonly logger: Logger,
    private readonly now: () => number = () => Date.now(),
    private readonly random: () => number = Math.random,
    /** Shared by the tenants of this process that log in to the same cluster (see LoginPacer). */
    private readonly loginPacer: LoginPacer | null = null
  ) {}

  /** A valid auth token, fetched again shortly before the 3600 s expiry. */
  async authToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt - this.config.tokenRefreshMarginMs) return this.token.value;
    this.pendingToken ??= this.authenticate().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  /** Forgets the token (Kazoo said it is no longer valid). */
  invalidateToken(): void {
    this.token = null;
  }

  private async authenticate(): Promise<string> {
    const request = { body: { data: { api_key: this.config.apiKey } } };
    await this.loginPacer?.take();
    let response = await this.send('PUT', '/v2/api_auth', request, null);
    // Every api_auth costs 35 of the 100 tokens in the adapter IP's bucket (cb_api_auth.erl:30,170;
    // refill 10/s), so tenants that start together get 429: wait, with jitter, and try again.
    for (const delayMs of this.config.authRetryDelaysMs) {
      if (response.status !== 429) break;
      await response.body?.cancel();
      const wait = Math.round(delayMs / 2 + (this.random() * delayMs) / 2);
      this.logger.warn({ account: this.config.accountId, waitMs: wait }, 'Kazoo api_auth rate-limited (429), retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
      await this.loginPacer?.take();
      response = await this.send('PUT', '/v2/api_auth', request, null);
    }
    const envelope = (await this.parse(response, '/v2/api_auth')) as CrossbarEnvelope<unknown>;
    if (!envelope.auth_token)
      throw new CrossbarError(response.status, 'Kazoo answered api_auth without an auth_token', envelope.data);
    this.token = { value: envelope.auth_token, expiresAt: this.now() + this.config.tokenLifetimeMs };
    this.logger.info({ account: this.config.accountId }, 'Kazoo API token obtained');
    return envelope.auth_token;
  }

  private async send(
    method: string,
    path: string,
    request: CrossbarRequest,
    token: string | null,
    accept = 'application/json'
  ): Promise<Response> {
    const url = new URL(`${this.config.baseUrl}${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Accept: accept };
    if (token) headers['X-Auth-Token'] = token;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(request.timeoutMs ?? this.config.requestTimeoutMs)
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new CrossbarTimeout(0, `Kazoo did not answer ${path} in time`, null);
      throw new CrossbarError(0, `cannot reach Kazoo at ${this.config.baseUrl}: ${(error as Error).message}`, null);
    }
  }

  private async parse(response: Response, path: string): Promise<unknown> {
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (response.ok && body && typeof body === 'object') return body;
    const envelope = (body ?? {}) as Partial<CrossbarEnvelope<unknown>>;
    const message = envelope.message ?? (response.ok ? 'not a JSON envelope' : `HTTP ${response.status}`);
    throw new CrossbarError(response.status, `Kazoo ${path}: ${message}`, envelope.data ?? null, path);
  }

  /** One authenticated request; a 401 gets a new token and one retry. */
  async request<T>(method: string, path: string, request: CrossbarRequest = {}): Promise<CrossbarEnvelope<T>> {
    let response = await this.send(method, path, request, await this.authToken());
    if (response.status === 401) {
      this.invalidateToken();
      response = await this.send(method, path, request, await this.authToken());
    }
    return (await this.parse(response, path)) as CrossbarEnvelope<T>;
  }

  /** Every item of a paginated listing, following `next_start_key` to the last page. */
  async list<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let startKey: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const envelope = await this.request<T[]>('GET', path, {
        query: startKey === undefined ? query : { ...query, start_key: startKey }
      });
      items.push(...(Array.isArray(envelope.data) ? envelope.data : []));
      if (envelope.next_start_key === undefined || envelope.next_start_key === null) return items;
      startKey =
        typeof envelope.next_start_key === 'string' ? envelope.next_start_key : JSON.stringify(envelope.next_start_key);
    }
    return items;
  }

  /** Headers that authorize a direct fetch of a Crossbar URL (recording audio). */
  async authHeaders(): Promise<Record<string, string>> {
    return { 'X-Auth-Token': await this.authToken() };
  }
}
