import type { Logger } from 'pino';
import {
  PbxRequestError,
  type ConnectionReport,
  type EventGap,
  type EventStream,
  type EventStreamHandlers,
  type EventStreamOptions,
  type OriginateRequest,
  type OriginateResult,
  type PbxMember,
  type PbxProvider,
  type RecordingLocation,
  type RecoveryScope
} from '../pbx/pbx-provider.ts';
import { RELATED_RECORD_VAR } from '../core/project-call.ts';
import { openBlackholeStream } from './blackhole-client.ts';
import { CrossbarClient, CrossbarError, CrossbarTimeout } from './crossbar-client.ts';
import type { LoginPacer } from './login-pacer.ts';
import { CALL_BINDINGS, resolveKazooConfig, type KazooConfig, type ResolvedKazooConfig } from './kazoo-config.ts';
import { listMembers } from './list-members.ts';
import { controlCall, doNotDisturb, setAgentStatus } from './call-control.ts';
import { recoverEvents } from './recover-events.ts';

export type { KazooConfig } from './kazoo-config.ts';

/** The CAV that carries the Salesforce record a click-to-dial started from; the correlator reads it back. */
export const RELATED_RECORD_CAV = RELATED_RECORD_VAR;

interface QuickcallData {
  endpoints?: { outbound_call_id?: string }[];
  call_id?: string;
  error_message?: string;
}

function explain(error: unknown, config: ResolvedKazooConfig): string {
  if (!(error instanceof CrossbarError)) return `Unexpected error talking to Kazoo: ${(error as Error).message}`;
  if (error.status === 0)
    return `Cannot reach Kazoo at ${config.baseUrl}. Check kazoo.baseUrl and the network. (${error.message})`;
  // api_auth refuses a bad key with 400 (not 64 characters, schemas/api_auth.json) or 404 (no
  // account holds it, cb_api_auth.erl:149), never 401.
  if (error.path === '/v2/api_auth' && (error.status === 400 || error.status === 404 || error.status === 401))
    return "API key invalid: Kazoo knows no account with this key. Check the tenant's kazoo.apiKey (Account → API key in Kazoo, 64 characters).";
  if (error.path === '/v2/api_auth' && error.status === 429)
    return 'Kazoo is rate-limiting logins from this address (429 on api_auth); the adapter retries with backoff.';
  if (error.status === 401)
    return "Kazoo refused the API token. Check the tenant's kazoo.apiKey (Account → API key in Kazoo).";
  if (error.status === 403) return `The API key may not access account ${config.accountId}. Check kazoo.accountId.`;
  if (error.status === 404) return `Kazoo does not know account ${config.accountId}. Check kazoo.accountId.`;
  return `Kazoo answered ${error.status}: ${error.message}`;
}

/**
 * FreeSWITCH originate causes (`error_message`, `-ERR ` stripped: ecallmgr_originate.erl:672-687)
 * → what the agent is told. Which one an unregistered phone gives depends on the SIP proxy.
 */
const ORIGINATE_CAUSES: Record<string, [PbxRequestError['code'], string]> = {
  NO_ANSWER: ['NO_ANSWER', 'You did not pick up your phone (NO_ANSWER), so the number was not dialled.'],
  NO_USER_RESPONSE: ['NO_ANSWER', 'You did not pick up your phone (NO_USER_RESPONSE), so the number was not dialled.'],
  ORIGINATOR_CANCEL: ['NO_ANSWER', 'The call to your phone was cancelled before you picked up (ORIGINATOR_CANCEL).'],
  USER_BUSY: ['USER_BUSY', 'Your phone is busy (USER_BUSY). End the other call or free a line, then try again.'],
  CALL_REJECTED: ['CALL_REJECTED', 'Your phone declined the call (CALL_REJECTED).'],
  DESTINATION_OUT_OF_ORDER: [
    'DESTINATION_OUT_OF_ORDER',
    'The phone is offline (DESTINATION_OUT_OF_ORDER). Check that your desk phone or softphone is registered.'
  ],
  USER_NOT_REGISTERED: [
    'DESTINATION_OUT_OF_ORDER',
    'The phone is offline (USER_NOT_REGISTERED). Check that your desk phone or softphone is registered.'
  ],
  SUBSCRIBER_ABSENT: [
    'DESTINATION_OUT_OF_ORDER',
    'The phone is offline (SUBSCRIBER_ABSENT). Check that your desk phone or softphone is registered.'
  ]
};

function originateError(error: unknown, request: OriginateRequest): PbxRequestError {
  if (!(error instanceof CrossbarError))
    return new PbxRequestError('PBX_UNAVAILABLE', `Kazoo quickcall failed: ${(error as Error).message}`);
  const data = (error.data ?? {}) as QuickcallData;
  const known = data.error_message ? ORIGINATE_CAUSES[data.error_message] : undefined;
  if (known) return new PbxRequestError(known[0], known[1]);
  // cb_quickcall.erl:105-107: a user with no devices is 500 `unspecified_fault`, no error_message.
  if (error.status === 500 && !data.error_message && /unspecified_fault/.test(error.message))
    return new PbxRequestError('NO_DEVICES', `PBX user ${request.pbxUserId} has no phone (device) to ring.`);
  if (error.status === 404) return new PbxRequestError('USER_NOT_FOUND', `Kazoo has no user ${request.pbxUserId}.`);
  if (error.status === 401 || error.status === 403)
    return new PbxRequestError('UNAUTHORIZED', 'Kazoo refused the quickcall: the API key may not dial for this user.');
  return new PbxRequestError('PBX_UNAVAILABLE', `Kazoo quickcall failed: ${data.error_message ?? error.message}`);
}

/** Digits and one leading `+`; anything else a person types around a number is dropped. */
function dialable(number: string): string {
  const trimmed = number.trim();
  const digits = trimmed.replace(/[^\d*#]/g, '');
  if (!/^[\d*#]{2,20}$/.test(digits))
    throw new PbxRequestError('INVALID_NUMBER', `'${number}' is not a number that can be dialled.`);
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * The Kazoo implementation of the PBX seam: blackhole for events, Crossbar for users,
 * click-to-dial (quickcall), recordings and gap recovery. Kazoo's wire details stay in this folder.
 */
export function createKazooProvider(
  input: KazooConfig,
  logger: Logger,
  options: { loginPacer?: LoginPacer } = {}
): PbxProvider {
  const config = resolveKazooConfig(input);
  const crossbar = new CrossbarClient(config, logger, undefined, undefined, options.loginPacer ?? null);
  const account = `/v2/accounts/${encodeURIComponent(config.accountId)}`;

  return {
    source: 'kazoo',
    // Callflows match star codes like any number (callflow/doc/voicemail.md: `"numbers":["*97"]`).
    dialsFeatureCodes: true,
    accountId: config.accountId,

    async testConnection(): Promise<ConnectionReport> {
      try {
        crossbar.invalidateToken();
        const envelope = await crossbar.request<{ name?: string }>('GET', account);
        return {
          ok: true,
          detail: `Connected to Kazoo account ${envelope.data?.name ?? config.accountId} (${config.accountId}) at ${config.baseUrl}.`
        };
      } catch (error) {
        return { ok: false, detail: explain(error, config) };
      }
    },

    streamEvents(handlers: EventStreamHandlers, options: EventStreamOptions = {}): EventStream {
      return openBlackholeStream(
        {
          missedSince: options.missedSince ?? null,
          url: config.websocketUrl,
          accountId: config.accountId,
          bindings: CALL_BINDINGS,
          getToken: () => crossbar.authToken(),
          invalidateToken: () => crossbar.invalidateToken(),
          pingIntervalMs: config.pingIntervalMs,
          subscribeTimeoutMs: config.subscribeTimeoutMs,
          maxFrameBytes: config.maxFrameBytes,
          initialBackoffMs: config.initialBackoffMs,
          maxBackoffMs: config.maxBackoffMs,
          logger
        },
        handlers
      );
    },

    listMembers(): Promise<PbxMember[]> {
      return listMembers(crossbar, config.accountId);
    },

    async originate(request: OriginateRequest): Promise<OriginateResult> {
      const number = dialable(request.number);
      const path = `${account}/users/${encodeURIComponent(request.pbxUserId)}/quickcall/${encodeURIComponent(number)}`;
      const vars = request.relatedRecordId ? { [RELATED_RECORD_CAV]: request.relatedRecordId } : {};
      try {
        // POST answers when a device of the user ANSWERS or the originate fails, up to the ring
        // timeout (cb_quickcall.erl originate/4 waits for originate_resp, 4.3:277-284), so it gets
        // its own HTTP timeout above the ring time. GET would hide the failures (kazoo.md §3.3).
        const envelope = await crossbar.request<QuickcallData>('POST', path, {
          // The number is already E.164, an extension or a feature code: Kazoo must dial it as sent.
          // number_filter is read from the query string only (cb_quickcall.erl build_number_uri/2).
          query: { number_filter: 'false' },
          body: { data: { custom_application_vars: vars, timeout: config.quickcallTimeoutS } },
          timeoutMs: config.quickcallTimeoutS * 1000 + config.quickcallMarginMs
        });
        // publish_originate_resp/3 sets Call-ID to the answered leg (ecallmgr_originate.erl:713-721);
        // `endpoints` lists one `-quickcall` leg per device.
        const reference =
          envelope.data?.call_id ?? envelope.data?.endpoints?.[0]?.outbound_call_id ?? envelope.request_id ?? number;
        logger.info({ pbxUser: request.pbxUserId, reference }, 'Kazoo quickcall answered');
        return { reference, state: 'answered' };
      } catch (error) {
        if (error instanceof CrossbarTimeout) {
          // Kazoo may still be ringing the phone: not a failure.
          logger.warn(
            { pbxUser: request.pbxUserId },
            'Kazoo quickcall still unanswered when the adapter stopped waiting'
          );
          return { reference: number, state: 'ringing' };
        }
        throw originateError(error, request);
      }
    },

    async recordingLink(recordingId: string): Promise<RecordingLocation | null> {
      const path = `${account}/recordings/${encodeURIComponent(recordingId)}`;
      try {
        const envelope = await crossbar.request<{ content_type?: string }>('GET', path);
        return {
          url: `${config.baseUrl}${path}`,
          headers: { ...(await crossbar.authHeaders()), Accept: 'audio/mpeg' },
          contentType: envelope.data?.content_type ?? 'audio/mpeg'
        };
      } catch (error) {
        if (error instanceof CrossbarError && error.status === 404) return null;
        throw error;
      }
    },

    recoverEvents(
      gap: EventGap,
      knownInteractionIds: readonly string[],
      scope?: RecoveryScope,
      knownLegIds?: readonly string[]
    ): Promise<unknown[]> {
      return recoverEvents(crossbar, config.accountId, gap, knownInteractionIds, scope, knownLegIds);
    },

    controlCall: (request) => controlCall(crossbar, account, request),
    doNotDisturb: (pbxUserId) => doNotDisturb(crossbar, account, pbxUserId),
    setAgentStatus: (pbxUserId, status) => setAgentStatus(crossbar, account, pbxUserId, status)
  };
}
