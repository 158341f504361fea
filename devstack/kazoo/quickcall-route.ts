/**
 * `GET|POST /v2/accounts/{A}/users/{U}/quickcall/{NUMBER}` (cb_quickcall): POST blocks until the
 * originated channel starts and fails with 500 `quickcall initiation failed` /
 * `DESTINATION_OUT_OF_ORDER` when the user's phone is offline; GET answers 202 at once.
 * Custom application vars come from `data.custom_application_vars` or extra query keys.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_REALM, userById, type SimUser } from './directory.ts';
import { toE164 } from './kazoo-format.ts';
import { envelope, failure } from './crossbar-server.ts';
import type { ScenarioRun } from './scenario-player.ts';

/** One quickcall request as the simulator received it (tests assert on these). */
export interface QuickcallRecord {
  method: 'GET' | 'POST';
  userId: string;
  number: string;
  customApplicationVars: Record<string, string>;
  receivedAt: string;
  outcome: 'started' | 'DESTINATION_OUT_OF_ORDER';
  callId: string | null;
  interactionId: string | null;
}

export interface QuickcallDeps {
  quickcalls: QuickcallRecord[];
  isUserOnline(userId: string): boolean;
  startQuickcall(user: SimUser, number: string, cav: Record<string, string>): ScenarioRun;
}

const OPTION_KEYS = new Set([
  'auto_answer',
  'cid-name',
  'cid-number',
  'ignore-early-media',
  'media',
  'number_filter',
  'target_call_id',
  'timeout',
  'custom_application_vars',
  'accept'
]);

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>;

function customVars(req: Req): Record<string, string> {
  const body = (req.body ?? {}) as { data?: { custom_application_vars?: Record<string, unknown> } };
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) if (!OPTION_KEYS.has(key)) vars[key] = String(value);
  for (const [key, value] of Object.entries(body.data?.custom_application_vars ?? {})) vars[key] = String(value);
  return vars;
}

function originateRequest(user: SimUser, number: string, callId: string | null) {
  const device = user.devices[0];
  return {
    export_custom_channel_vars: ['Account-ID', 'Retain-CID', 'Authorizing-ID', 'Authorizing-Type'],
    custom_channel_vars: {
      authorizing_id: user.id,
      authorizing_type: 'user',
      inherit_codec: 'false',
      retain_cid: 'true'
    },
    continue_on_fail: false,
    dial_endpoint_method: 'simultaneous',
    outbound_callee_id_number: user.extension,
    outbound_callee_id_name: `${user.firstName} ${user.lastName}`,
    outbound_caller_id_number: number,
    outbound_caller_id_name: 'Device QuickCall',
    media: 'process',
    ignore_early_media: true,
    timeout: 30,
    endpoints: [
      {
        outbound_call_id: callId,
        custom_channel_vars: { auto_answer: true, authorizing_id: user.id, owner_id: user.id },
        presence_id: `${user.extension}@${ACCOUNT_REALM}`,
        endpoint_id: device?.id,
        to_did: number,
        to_realm: ACCOUNT_REALM,
        to_username: device?.sipUsername,
        to_user: device?.sipUsername,
        invite_format: 'username'
      }
    ],
    application_data: { route: number },
    application_name: 'transfer'
  };
}

export function registerQuickcall(app: FastifyInstance, deps: QuickcallDeps) {
  const handler = async (req: Req, reply: FastifyReply) => {
    const user = userById(req.params.userId ?? '');
    if (!user)
      return failure(req, reply, 404, 'bad_identifier', {
        message: 'bad identifier',
        not_found: 'The document could not be found'
      });
    const filtered =
      req.query.number_filter === 'false'
        ? (req.params.number ?? '')
        : (req.params.number ?? '').replace(/[^0-9a-zA-Z]/g, '');
    if (!filtered) return failure(req, reply, 400, 'invalid number');
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const record: QuickcallRecord = {
      method,
      userId: user.id,
      number: filtered,
      customApplicationVars: customVars(req),
      receivedAt: new Date().toISOString(),
      outcome: 'started',
      callId: null,
      interactionId: null
    };
    deps.quickcalls.push(record);
    if (!deps.isUserOnline(user.id)) {
      record.outcome = 'DESTINATION_OUT_OF_ORDER';
      if (method === 'GET') return envelope(req, reply, 202, originateRequest(user, filtered, null));
      return failure(req, reply, 500, 'quickcall initiation failed', {
        error_message: 'DESTINATION_OUT_OF_ORDER',
        request: { ...originateRequest(user, filtered, null), app_name: 'crossbar', event_name: 'originate_req' }
      });
    }
    const run = deps.startQuickcall(user, toE164(filtered), record.customApplicationVars);
    record.callId = run.callIds[0] ?? null;
    record.interactionId = run.interactionId;
    // POST blocks until the originated channel exists; GET is fire-and-forget.
    if (method === 'POST') await run.reached('ringing');
    return envelope(req, reply, 202, { ...originateRequest(user, filtered, record.callId), call_id: record.callId });
  };
  app.post('/v2/accounts/:accountId/users/:userId/quickcall/:number', handler);
  app.get('/v2/accounts/:accountId/users/:userId/quickcall/:number', handler);
}
