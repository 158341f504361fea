/**
 * A small HTTP server that answers like Salesforce for the requests delivery makes (status codes
 * and bodies from salesforce.md §5): the OAuth token endpoint (JWT bearer verified with jose),
 * sObject Collections upsert with the LastEventSeq__c trigger rule (the stand-in's
 * stale-write-rule.ts, as CallDataTriggerHandler.cls does it), the User query, and SOSL.
 * Tests script faults with `failNext` and count what arrived in `requests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, type CryptoKey } from 'jose';
import { keepNewerState } from '../../../../devstack/salesforce/stale-write-rule.ts';

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  body: string;
  query: URLSearchParams;
}

type Row = Record<string, unknown>;

export interface FakeOrgOptions {
  /** Verifies JWT bearer assertions when set. */
  publicKey?: CryptoKey;
  users?: { Id: string; PbxUserId__c: string }[];
  people?: { type: 'Contact' | 'Lead' | 'Account'; Id: string; Phone: string; MobilePhone?: string }[];
}

export interface FakeOrg {
  url: string;
  requests: SeenRequest[];
  records: Map<string, Row>;
  faults: FakeResponse[];
  /** Per-record errors to answer once for a CallId__c. */
  recordErrors: Map<string, { statusCode: string; message: string }>;
  users: { Id: string; PbxUserId__c: string }[];
  /** While true every API request (not the token endpoint) answers 503, as an org in an outage. */
  outage: boolean;
  /** Holds every upsert until the returned function is called (a slow org, without sleeping). */
  holdUpserts(): () => void;
  /** Upserts that arrived and are held. */
  held(): number;
  /** Invalidates every issued access token (the next request gets 401). */
  expireSessions(): void;
  count(pathPart: string): number;
  close(): Promise<void>;
}

const API = '/services/data/v66.0';

export async function startFakeOrg(options: FakeOrgOptions = {}): Promise<FakeOrg> {
  const requests: SeenRequest[] = [];
  const records = new Map<string, Row>();
  const faults: FakeResponse[] = [];
  const recordErrors = new Map<string, { statusCode: string; message: string }>();
  const users = [...(options.users ?? [])];
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  let issued = 0;
  let gate: Promise<void> | null = null;
  let heldCount = 0;
  const state = { outage: false };
  let apiUsage = 0;

  async function token(form: URLSearchParams): Promise<FakeResponse> {
    if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && options.publicKey) {
      try {
        await jwtVerify(form.get('assertion') ?? '', options.publicKey, { algorithms: ['RS256'] });
      } catch {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid assertion' } };
      }
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token' && !refreshTokens.has(form.get('refresh_token') ?? '')) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
    }
    const accessToken = `token-${++issued}`;
    tokens.add(accessToken);
    const body: Record<string, string> = { access_token: accessToken, instance_url: url, token_type: 'Bearer' };
    if (grant === 'authorization_code') {
      body.refresh_token = `refresh-for-${form.get('code')}`;
      refreshTokens.add(body.refresh_token);
    }
    return { status: 200, body };
  }

  function upsert(body: { records: Row[] }): FakeResponse {
    const results = body.records.map((record) => {
      const callId = String(record.CallId__c);
      const error = recordErrors.get(callId);
      if (error) {
        recordErrors.delete(callId);
        return { success: false, errors: [{ ...error, fields: [] }] };
      }
      const stored = records.get(callId);
      const { attributes: _attributes, ...fields } = record;
      // The org's before-update trigger: a stale sequence keeps the stored projected values, and
      // the rest of the write (owner, caller lookups) still lands.
      const written = stored ? keepNewerState(fields, stored) : fields;
      const id = (stored?.Id as string) ?? `a00${String(records.size + 1).padStart(15, '0')}`;
      records.set(callId, { ...stored, ...written, Id: id });
      return { id, success: true, errors: [], created: !stored };
    });
    return { status: 200, body: results };
  }

  function search(sosl: string): FakeResponse {
    const terms = [...(/\{(.*)\}/.exec(sosl)?.[1] ?? '').matchAll(/"?(\d+)"?/g)].map((m) => m[1] ?? '');
    const digits = (text?: string) => (text ?? '').replace(/\D/g, '');
    const found = (options.people ?? []).filter((p) =>
      terms.some((t) => digits(p.Phone).endsWith(t) || (p.MobilePhone && digits(p.MobilePhone).endsWith(t)))
    );
    return { status: 200, body: { searchRecords: found.map(({ type, ...p }) => ({ attributes: { type }, ...p })) } };
  }

  async function route(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: string
  ): Promise<FakeResponse> {
    if (path === '/services/oauth2/token') return token(new URLSearchParams(body));
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!tokens.has(bearer)) {
      return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
    }
    if (state.outage) return { status: 503, body: 'Service Unavailable' };
    const fault = faults.shift();
    if (fault) return fault;
    if (req.method === 'PATCH' && path === `${API}/composite/sobjects/CallData__c/CallId__c`) {
      if (gate) {
        heldCount += 1;
        await gate;
        heldCount -= 1;
      }
      return upsert(JSON.parse(body) as { records: Row[] });
    }
    if (req.method === 'GET' && path === `${API}/query`) {
      const rows = users.map((u) => ({ attributes: { type: 'User' }, ...u }));
      return { status: 200, body: { totalSize: rows.length, done: true, records: rows } };
    }
    if (req.method === 'GET' && path === `${API}/search`) return search(query.get('q') ?? '');
    return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', path: parsed.pathname, body, query: parsed.searchParams });
      void route(req, parsed.pathname, parsed.searchParams, body).then((answer) => {
        apiUsage += 1;
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          'sforce-limit-info': `api-usage=${apiUsage}/15000`,
          ...answer.headers
        });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    records,
    faults,
    recordErrors,
    users,
    get outage() {
      return state.outage;
    },
    set outage(value: boolean) {
      state.outage = value;
    },
    holdUpserts() {
      let release = () => undefined as void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    held: () => heldCount,
    expireSessions: () => tokens.clear(),
    count: (pathPart) => requests.filter((r) => r.path.includes(pathPart)).length,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}
