import type { Logger } from 'pino';
import {
  PbxRequestError,
  type ConnectionReport,
  type EventGap,
  type EventStream,
  type EventStreamHandlers,
  type OriginateRequest,
  type OriginateResult,
  type PbxMember,
  type PbxProvider,
  type RecordingLocation
} from '../pbx/pbx-provider.ts';
import { RELATED_RECORD_VAR } from '../core/project-call.ts';
import { openBlackholeStream } from './blackhole-client.ts';
import { CrossbarClient, CrossbarError } from './crossbar-client.ts';
import { CALL_BINDINGS, resolveKazooConfig, type KazooConfig, type ResolvedKazooConfig } from './kazoo-config.ts';
import { listMembers } from './list-members.ts';
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
  if (error.status === 401)
    return "Kazoo refused the API key. Check the tenant's kazoo.apiKey (Account → API key in Kazoo).";
  if (error.status === 403) return `The API key may not access account ${config.accountId}. Check kazoo.accountId.`;
  if (error.status === 404) return `Kazoo does not know account ${config.accountId}. Check kazoo.accountId.`;
  return `Kazoo answered ${error.status}: ${error.message}`;
}

function originateError(error: unknown, request: OriginateRequest): PbxRequestError {
  if (!(error instanceof CrossbarError))
    return new PbxRequestError('PBX_UNAVAILABLE', `Kazoo quickcall failed: ${(error as Error).message}`);
  const data = (error.data ?? {}) as QuickcallData;
  if (data.error_message === 'DESTINATION_OUT_OF_ORDER') {
    return new PbxRequestError(
      'DESTINATION_OUT_OF_ORDER',
      `The phone of PBX user ${request.pbxUserId} is offline or not registered (DESTINATION_OUT_OF_ORDER).`
    );
  }
  if (error.status === 404) return new PbxRequestError('USER_NOT_FOUND', `Kazoo has no user ${request.pbxUserId}.`);
  if (error.status === 401 || error.status === 403)
    return new PbxRequestError('UNAUTHORIZED', 'Kazoo refused the quickcall: the API key may not dial for this user.');
  if (error.status === 400) return new PbxRequestError('INVALID_NUMBER', `Kazoo refused the number: ${error.message}`);
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
export function createKazooProvider(input: KazooConfig, logger: Logger): PbxProvider {
  const config = resolveKazooConfig(input);
  const crossbar = new CrossbarClient(config, logger);
  const account = `/v2/accounts/${encodeURIComponent(config.accountId)}`;

  return {
    source: 'kazoo',
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

    streamEvents(handlers: EventStreamHandlers): EventStream {
      return openBlackholeStream(
        {
          url: config.websocketUrl,
          accountId: config.accountId,
          bindings: CALL_BINDINGS,
          getToken: () => crossbar.authToken(),
          invalidateToken: () => crossbar.invalidateToken(),
          pingIntervalMs: config.pingIntervalMs,
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
        // POST blocks until the call starts and reports failures; GET would hide them (kazoo.md §3.3).
        const envelope = await crossbar.request<QuickcallData>('POST', path, {
          body: { data: { custom_application_vars: vars, timeout: config.quickcallTimeoutS } }
        });
        const reference =
          envelope.data?.endpoints?.[0]?.outbound_call_id ?? envelope.data?.call_id ?? envelope.request_id ?? number;
        logger.info({ pbxUser: request.pbxUserId, reference }, 'Kazoo quickcall started');
        return { reference };
      } catch (error) {
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

    recoverEvents(gap: EventGap, knownInteractionIds: readonly string[]): Promise<unknown[]> {
      return recoverEvents(crossbar, config.accountId, gap, knownInteractionIds);
    }
  };
}
