/**
 * What the adapter's HTTP server needs from the rest of the adapter. The composition root
 * (adapter/src/app/) implements it for real tenants; tests implement it with the simulator.
 */
import type { PbxProvider } from '../pbx/pbx-provider.ts';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { RingChannel } from './ring-channel.ts';

export interface TenantHealth {
  tenantId: string;
  pbx: { connected: boolean; status: string; lastEventAt: string | null; eventLagMs: number | null };
  outbox: { depth: number; deadLetters: number; oldestPendingAt: string | null };
  salesforce: { authenticated: boolean; detail: string; lastWriteAt: string | null };
}

export interface IngestResult {
  /** True once the event is stored durably (it will be processed even if the process dies now). */
  accepted: boolean;
  /** Why it was refused (malformed, unknown account): shown to the caller, counted. */
  reason?: string;
}

export interface TenantRuntime {
  readonly tenantId: string;
  readonly provider: PbxProvider;
  /** HMAC key for signed recording links; never logged, never sent to a browser. */
  readonly recordingLinkSecret: Uint8Array;
  /** Origins allowed to open the ringing channel (ring-channel.ts); none or absent: it is off. */
  readonly ringOrigins?: readonly string[];
  /** ISO 3166 alpha-2 country for numbers dialled without `+` (e.g. 'US'); optional. */
  readonly defaultCountry?: string;
  /** True when `presentedKey` is this tenant's API key (constant-time comparison inside). */
  verifyApiKey(presentedKey: string): boolean;
  /** True when `presented` is this tenant's webhook secret; always false when it has none. */
  verifyWebhookSecret(presented: string): boolean;
  /** The PBX user mapped to a Salesforce user (User.PbxUserId__c), or null when unmapped. */
  pbxUserIdFor(salesforceUserId: string): Promise<string | null>;
  /** Store a raw PBX event durably, then feed it through the normalizer and correlator. */
  ingestEvent(raw: unknown, transport: 'websocket' | 'webhook'): Promise<IngestResult>;
  health(): Promise<TenantHealth>;
  /** Whether the tenant can take traffic now (`/readyz`); absent: always ready. */
  readiness?(): { problems: string[]; warnings: string[] };
}

export interface HttpDeps {
  version: string;
  tenants: readonly TenantRuntime[];
  metrics: Registry;
  logger: Logger;
  /** The externally reachable base URL of this adapter, for building signed recording links. */
  publicBaseUrl: string;
  /** True when every tenant is ready to take traffic (store open, PBX stream started). */
  ready(): boolean;
  /** Lifetime of a signed recording link. */
  recordingLinkTtlSeconds: number;
  /** The ringing channel served on `GET /ring` (absent: no socket, tickets refused). */
  ringChannel?: RingChannel;
  /** Lifetime of a ringing-channel ticket (default 60 s). */
  ringTicketTtlSeconds?: number;
  /** Requests per minute per API key: `api` for /api/v1, `webhook` for the event intake. */
  rateLimit?: { apiPerMinute?: number; webhookPerMinute?: number };
}
