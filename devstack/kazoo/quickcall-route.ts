/**
 * `GET|POST /v2/accounts/{A}/users/{U}/quickcall/{NUMBER}` (cb_quickcall): every device of the
 * user rings on its own `-quickcall` leg; POST answers only when one of them is ANSWERED (or the
 * originate fails: 500 `quickcall initiation failed` with FreeSWITCH's cause), GET answers 202
 * at once. Custom application vars come from `data.custom_application_vars` or extra query keys.
 */
import { setTimeout as sleep } from 'node:timers/promises';
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
  outcome: 'started' | 'answered' | 'DESTINATION_OUT_OF_ORDER' | 'NO_ANSWER' | 'NO_DEVICES';
  /** The ring timeout Kazoo used (cb_quickcall.erl get_timeout/1). */
  timeoutS: number;
  callId: string | null;
  interactionId: string | null;
}

export interface QuickcallDeps {
  quickcalls: QuickcallRecord[];
  isUserOnline(userId: string): boolean;
  /** Plays the quickcall's legs: `answered: false` when nobody picks up the ringing devices. */
  startQuickcall(user: SimUser, number: string, cav: Record<string, string>): ScenarioRun;
  /** Whether channel `callId` has been answered (true), is still up (false) or is gone (null). */
  channelAnswered(callId: string): boolean | null;
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

/** cb_quickcall.erl get_timeout/1 (4.3:352-356): `timeout` from the body or query, used only when > 3. */
function ringTimeoutS(req: Req): number {
  const body = (req.body ?? {}) as { data?: { timeout?: unknown } };
  const value = Number(body.data?.timeout ?? req.query.timeout ?? DEFAULT_TIMEOUT_S);
  return Number.isInteger(value) && value > 3 ? value : DEFAULT_TIMEOUT_S;
}

const DEFAULT_TIMEOUT_S = 30;

/** cb_quickcall.erl ?QCALL_NUMBER_FILTER (4.3:22): the only characters the default filter removes. */
const QCALL_NUMBER_FILTER = /[ ,.\-()]/g;

/**
 * cb_quickcall.erl build_number_uri/2 (4.3:162-172): `number_filter` is read from the query string
 * only, default "true". "false" dials the path token as it is, "true" removes spaces, commas, dots,
 * dashes and parentheses (so `+`, `*` and `#` stay: +44…, *97), anything else is a regex whose first
 * capture group is dialled (filter_number_regex/2; no match dials the number unchanged). The token
 * arrives URI-decoded (cb_context:path_tokens/1, http_uri:decode: %2B → +, a literal + stays +).
 */
export function filterNumber(number: string, filter: string | undefined): string {
  if (filter === 'false') return number;
  if (filter === undefined || filter === 'true') return number.replace(QCALL_NUMBER_FILTER, '');
  try {
    return new RegExp(filter).exec(number)?.[1] ?? number;
  } catch {
    return number;
  }
}

/** A Kazoo feature code (`*97` voicemail, `*8` pickup): the callflow runs it, no number to normalize. */
export function isFeatureCode(number: string): boolean {
  return /^[*#]/.test(number);
}

function originateRequest(user: SimUser, number: string, callIds: (string | null)[], timeoutS: number) {
  // update_quickcall_endpoints/2 (4.3:328-337): Auto-Answer only when the user has one endpoint.
  const autoAnswer = user.devices.length === 1;
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
    timeout: timeoutS,
    endpoints: user.devices.map((device, index) => ({
      outbound_call_id: callIds[index] ?? null,
      custom_channel_vars: { auto_answer: autoAnswer, authorizing_id: user.id, owner_id: user.id },
      presence_id: `${user.extension}@${ACCOUNT_REALM}`,
      endpoint_id: device.id,
      to_did: number,
      to_realm: ACCOUNT_REALM,
      to_username: device.sipUsername,
      to_user: device.sipUsername,
      invite_format: 'username'
    })),
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
    const filtered = filterNumber(req.params.number ?? '', req.query.number_filter);
    if (!filtered) return failure(req, reply, 400, 'invalid number');
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const timeoutS = ringTimeoutS(req);
    const record: QuickcallRecord = {
      method,
      userId: user.id,
      number: filtered,
      customApplicationVars: customVars(req),
      receivedAt: new Date().toISOString(),
      outcome: 'started',
      timeoutS,
      callId: null,
      interactionId: null
    };
    deps.quickcalls.push(record);
    const failed = (cause: string) =>
      failure(req, reply, 500, 'quickcall initiation failed', {
        error_message: cause,
        request: {
          ...originateRequest(user, filtered, [], timeoutS),
          app_name: 'crossbar',
          event_name: 'originate_req'
        }
      });
    if (user.devices.length === 0) {
      // cb_quickcall.erl:105-107: a user with no endpoints is a 500 `unspecified_fault`, no error_message.
      record.outcome = 'NO_DEVICES';
      return failure(req, reply, 500, 'unspecified_fault', { message: 'unspecified_fault' });
    }
    if (!deps.isUserOnline(user.id)) {
      record.outcome = 'DESTINATION_OUT_OF_ORDER';
      if (method === 'GET') return envelope(req, reply, 202, originateRequest(user, filtered, [], timeoutS));
      return failed('DESTINATION_OUT_OF_ORDER');
    }
    const dialled = isFeatureCode(filtered) ? filtered : toE164(filtered);
    const run = deps.startQuickcall(user, dialled, record.customApplicationVars);
    const legs = run.callIds.filter((id) => id.endsWith('-quickcall'));
    record.interactionId = run.interactionId;
    const request = originateRequest(user, filtered, legs, timeoutS);
    if (method === 'GET') return envelope(req, reply, 202, request);
    // cb_quickcall.erl originate/4 (4.3:277-308) waits for originate_resp, which ecallmgr_originate
    // publishes once FreeSWITCH's originate job ends: when a device ANSWERS (early media is
    // ignored, :260) or the originate fails (`-ERR NO_ANSWER` stripped to NO_ANSWER, :672-687).
    const answered = await waitForAnswer(legs, deps, timeoutS * 1000 + 5000);
    if (!answered) {
      record.outcome = 'NO_ANSWER';
      return failed('NO_ANSWER');
    }
    record.outcome = 'answered';
    record.callId = answered;
    // publish_originate_resp/3 (ecallmgr_originate.erl:713-721): Call-ID is the answered leg.
    return envelope(req, reply, 202, { ...request, call_id: answered });
  };
  app.post('/v2/accounts/:accountId/users/:userId/quickcall/:number', handler);
  app.get('/v2/accounts/:accountId/users/:userId/quickcall/:number', handler);
}

/** The first `-quickcall` leg that answers, or null when every leg ended unanswered (or after `limitMs`). */
async function waitForAnswer(legs: string[], deps: QuickcallDeps, limitMs: number): Promise<string | null> {
  const deadline = Date.now() + limitMs;
  let seen = false;
  while (Date.now() < deadline) {
    const states = legs.map((id) => deps.channelAnswered(id));
    const index = states.indexOf(true);
    if (index >= 0) return legs[index] ?? null;
    if (states.some((state) => state === false)) seen = true;
    else if (seen) return null;
    await sleep(5);
  }
  return null;
}
