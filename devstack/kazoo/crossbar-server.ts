/**
 * The crossbar subset the adapter uses, over HTTP: `{auth_token, data, request_id, revision,
 * status}` envelopes, `X-Auth-Token`, page_size/start_key pagination, api_auth, users, devices,
 * callflows, channels, cdrs, recordings (metadata and audio) and quickcall.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ACCOUNT_NAME, ACCOUNT_REALM, USERS, callflows } from './directory.ts';
import type { AuthTokens } from './auth-tokens.ts';
import type { CallStore } from './call-store.ts';
import { cdrCreatedGregorian, cdrDocument, cdrListingRow } from './cdr-views.ts';
import { ApiAuthBucket } from './api-auth-bucket.ts';
import { registerQuickcall, type QuickcallDeps } from './quickcall-route.ts';
import { registerChannelRoutes, type ChannelRouteDeps } from './channel-routes.ts';

export interface CrossbarDeps extends QuickcallDeps, ChannelRouteDeps {
  tokens: AuthTokens;
  store: CallStore;
  accountId: string;
  apiKey: string;
  audio: Buffer;
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>;

const VERSION = '4.3.142';

/** Sends a Kazoo envelope; `extra` carries pagination keys. */
export function envelope(req: FastifyRequest, reply: FastifyReply, code: number, data: unknown, extra = {}) {
  const token = req.headers['x-auth-token'];
  const requestId = req.headers['x-request-id'];
  return reply.code(code).send({
    auth_token: typeof token === 'string' ? token : '',
    data,
    ...extra,
    node: 'kazoo-sim',
    request_id: typeof requestId === 'string' ? requestId : randomBytes(16).toString('hex'),
    revision: randomBytes(16).toString('hex'),
    status: code < 400 ? 'success' : 'error',
    timestamp: new Date().toISOString(),
    version: VERSION
  });
}

/** Kazoo's error shape: `error` is the status code as a string, `message` a short reason. */
export function failure(
  req: FastifyRequest,
  reply: FastifyReply,
  code: number,
  message: string,
  data: unknown = { message }
) {
  return envelope(req, reply, code, data, { error: String(code), message });
}

function paginate(req: Req, reply: FastifyReply, items: unknown[]) {
  const pageSize = req.query.page_size ? Number(req.query.page_size) : 50;
  if (!Number.isInteger(pageSize) || pageSize < 1) return failure(req, reply, 400, 'invalid page_size');
  let offset = 0;
  if (req.query.start_key !== undefined) {
    offset = Number(Buffer.from(req.query.start_key, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) return failure(req, reply, 400, 'invalid start_key');
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? Buffer.from(String(offset + pageSize)).toString('base64url') : null;
  return envelope(req, reply, 200, page, {
    page_size: page.length,
    ...(req.query.start_key !== undefined ? { start_key: req.query.start_key } : {}),
    ...(next ? { next_start_key: next } : {})
  });
}

function inRange(req: Req, createdGregorian: number): boolean {
  const from = req.query.created_from ? Number(req.query.created_from) : -Infinity;
  const to = req.query.created_to ? Number(req.query.created_to) : Infinity;
  return createdGregorian >= from && createdGregorian <= to;
}

/** Starts the crossbar HTTP API on 127.0.0.1:`port` (0 = any). */
export async function startCrossbar(deps: CrossbarDeps, port: number): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({ logger: false });
  // Crossbar accepts an empty body on POST/PUT even with a JSON content type.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(String(body)));
    } catch {
      done(Object.assign(new Error('invalid json'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) =>
    failure(req, reply, error.statusCode ?? 500, error.message)
  );
  app.setNotFoundHandler((req, reply) => failure(req, reply, 404, 'not found'));

  const bucket = new ApiAuthBucket();
  app.put('/v2/api_auth', (req, reply) => {
    // cb_api_auth.erl consume_tokens/1: 35 tokens per call from the caller IP's bucket, else 429.
    if (!bucket.consume(req.ip, Date.now())) return failure(req, reply, 429, 'too_many_requests');
    const body = req.body as { data?: { api_key?: unknown } } | undefined;
    const key = body?.data?.api_key;
    // schemas/api_auth.json: api_key is a string of exactly 64 characters, else 400 validation error.
    if (typeof key !== 'string' || key.length !== 64) {
      return failure(req, reply, 400, 'validation error', {
        api_key: { minLength: { message: 'String must be at least 64 characters', target: 64 } }
      });
    }
    // cb_api_auth.erl validate_by_api_key/3 (:149): a key no account holds is `bad identifier`, 404.
    if (key !== deps.apiKey) {
      return failure(req, reply, 404, 'bad identifier', { message: 'bad identifier', not_found: key });
    }
    const token = deps.tokens.issue(deps.accountId);
    reply.header('x-auth-token', token);
    return envelope({ ...req, headers: { ...req.headers, 'x-auth-token': token } }, reply, 201, {
      account_id: deps.accountId,
      apps: [],
      is_reseller: false,
      language: 'en-US',
      owner_id: null,
      reseller_id: deps.accountId
    });
  });

  app.register((scoped, _opts, done) => {
    scoped.addHook('onRequest', (req: Req, reply, next) => {
      const account = deps.tokens.accountFor(req.headers['x-auth-token'] as string | undefined);
      if (!account) return void failure(req, reply, 401, 'invalid credentials', { message: 'invalid credentials' });
      if (req.params.accountId !== account) return void failure(req, reply, 403, 'forbidden');
      next();
    });
    registerAccountRoutes(scoped, deps);
    registerQuickcall(scoped, deps);
    registerChannelRoutes(scoped, deps);
    done();
  });

  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('crossbar did not bind');
  return { app, port: address.port };
}

function registerAccountRoutes(app: FastifyInstance, deps: CrossbarDeps) {
  const base = '/v2/accounts/:accountId';
  const users = () =>
    USERS.map((u) => ({
      id: u.id,
      username: u.email,
      email: u.email,
      first_name: u.firstName,
      last_name: u.lastName,
      priv_level: 'user',
      presence_id: u.extension,
      timezone: 'America/Los_Angeles',
      features: ['caller_id', 'vm_to_email'],
      call_recording: { inbound: { offnet: { enabled: true } }, outbound: { offnet: { enabled: true } } }
    }));
  const devices = (ownerId?: string) =>
    USERS.flatMap((u) => u.devices)
      .filter((d) => !ownerId || d.ownerId === ownerId)
      .map((d) => ({
        id: d.id,
        name: d.name,
        username: d.sipUsername,
        mac_address: '',
        owner_id: d.ownerId,
        enabled: true,
        device_type: d.deviceType,
        mobile: false
      }));

  // The account document: what `cti-adapter check` reads to prove the key reaches this account.
  app.get(base, (req: Req, reply) =>
    envelope(req, reply, 200, {
      id: req.params.accountId,
      name: ACCOUNT_NAME,
      realm: ACCOUNT_REALM,
      enabled: true,
      timezone: 'America/Los_Angeles'
    })
  );
  app.get(`${base}/users`, (req: Req, reply) => paginate(req, reply, users()));
  app.get(`${base}/devices`, (req: Req, reply) => paginate(req, reply, devices()));
  app.get(`${base}/users/:userId/devices`, (req: Req, reply) => paginate(req, reply, devices(req.params.userId)));
  app.get(`${base}/callflows`, (req: Req, reply) => paginate(req, reply, callflows()));
  app.get(`${base}/channels`, (req: Req, reply) => envelope(req, reply, 200, deps.store.listChannels(Date.now())));

  app.get(`${base}/cdrs`, (req: Req, reply) => {
    const rows = deps.store.cdrs.filter((c) => inRange(req, cdrCreatedGregorian(c)));
    return paginate(
      req,
      reply,
      rows.map((c) => cdrListingRow(c, deps.accountId))
    );
  });
  app.get(`${base}/cdrs/legs/:interactionId`, (req: Req, reply) => {
    const key = req.params.interactionId;
    const byId = deps.store.cdrs.find((c) => c.id === key);
    // cb_cdrs.erl load_legs/2 (:657-668): a CDR id stands for its interaction.
    const interaction = byId ? byId.interaction_id : key;
    const rows = deps.store.cdrs.filter((c) => c.interaction_id === interaction);
    return paginate(req, reply, rows.map(cdrDocument));
  });
  app.get(`${base}/cdrs/:cdrId`, (req: Req, reply) => {
    const cdr = deps.store.cdrs.find((c) => c.id === req.params.cdrId);
    if (!cdr)
      return failure(req, reply, 404, 'bad_identifier', {
        message: 'bad identifier',
        not_found: 'The document could not be found'
      });
    return envelope(req, reply, 200, { ...cdrDocument(cdr), id: cdr.id });
  });

  app.get(`${base}/recordings`, (req: Req, reply) => {
    const docs = [...deps.store.recordings.values()].filter((r) => inRange(req, Number(r.start) + Number(r.duration)));
    return paginate(
      req,
      reply,
      docs.map(({ custom_channel_vars: _ccv, ...doc }) => ({
        ...doc,
        _read_only: { content_types: [doc.content_type] }
      }))
    );
  });
  app.get(`${base}/recordings/:recordingId`, (req: Req, reply) => {
    const doc = deps.store.recordings.get(req.params.recordingId ?? '');
    if (!doc)
      return failure(req, reply, 404, 'bad_identifier', {
        message: 'bad identifier',
        not_found: 'The document could not be found'
      });
    const accept = req.query.accept ?? req.headers.accept ?? '';
    if (!/audio\//.test(accept)) return envelope(req, reply, 200, doc);
    return sendAudio(req, reply, deps.audio, String(doc.content_type), String(doc.name));
  });
}

/**
 * The recording's bytes as crossbar sends them (api_resource.erl to_binary/3, get_range/2): only
 * `bytes=S-` and `bytes=S-E` with E inside the file are served as ranges; a suffix (`bytes=-N`), an
 * end past the file or several ranges fall back to the whole file (200); a start past the end
 * makes the binary match crash, which cowboy answers 500. Never 416.
 */
function sendAudio(req: Req, reply: FastifyReply, audio: Buffer, contentType: string, name: string) {
  reply.header('content-type', contentType);
  reply.header('content-disposition', `${req.query.inline === 'true' ? 'inline' : 'attachment'}; filename="${name}"`);
  const header = req.headers.range;
  if (header === undefined) return reply.code(200).send(audio);
  const size = audio.length;
  const single = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  let start = 0;
  let endExclusive = size;
  if (single && single[2] === '') start = Number(single[1]);
  else if (single && Number(single[2]) < size) [start, endExclusive] = [Number(single[1]), Number(single[2]) + 1];
  if (endExclusive - start < 0) return reply.code(500).send();
  reply.header('content-range', `bytes ${start}-${endExclusive - 1}/${size}`).header('accept-ranges', 'bytes');
  // resp_error_code_for_range/1: 200 when the "range" is the whole file, else 206.
  return reply.code(endExclusive - start === size ? 200 : 206).send(audio.subarray(start, endExclusive));
}
