/**
 * The adapter's configuration schema (zod). A config file names secrets indirectly
 * (`apiKeyEnv`, `apiKeyFile`) or directly (`apiKey`, for local development only); `loadConfig`
 * resolves them, so the types below always carry the secret values themselves.
 */
import { z } from 'zod';

const secret = z.string().min(1);

export const kazooConfigSchema = z.object({
  baseUrl: z.url(),
  websocketUrl: z.url(),
  accountId: z.string().min(1),
  apiKey: secret
});

const jwtAuthSchema = z.object({
  kind: z.literal('jwt'),
  clientId: z.string().min(1),
  username: z.string().min(1),
  /** PEM (PKCS#8) private key whose certificate is uploaded to the External Client App. */
  privateKey: secret
});

const webServerAuthSchema = z.object({
  kind: z.literal('webServer'),
  clientId: z.string().min(1),
  clientSecret: secret,
  redirectUri: z.url()
});

export const salesforceConfigSchema = z.object({
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL. */
  loginUrl: z.url(),
  /** Used until the token endpoint answers with its own instance_url. */
  instanceUrl: z.url().optional(),
  apiVersion: z
    .string()
    .regex(/^\d+\.0$/)
    .default('66.0'),
  /**
   * The package namespace of a managed install (`sfdx-project.json` namespace): the adapter then writes and reads
   * `<namespace>__CallData__c`, its fields and `User.<namespace>__PbxUserId__c`. Leave it out for an unpackaged deploy.
   */
  namespace: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,14}$/, 'a namespace prefix: a letter, then up to 14 letters or digits')
    .optional(),
  auth: z.discriminatedUnion('kind', [jwtAuthSchema, webServerAuthSchema])
});

const salesforceIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'a 15- or 18-character Salesforce id');

/** `scheme://host[:port]`, exactly as a browser sends it in the Origin header. */
const originSchema = z
  .string()
  .refine(
    (value) => URL.canParse(value) && new URL(value).origin === value,
    'an origin: scheme://host[:port], no path'
  );

export const tenantConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  kazoo: kazooConfigSchema,
  salesforce: salesforceConfigSchema,
  /** Owner (usually a queue) of records whose PBX user maps to no Salesforce user. */
  defaultOwnerId: salesforceIdSchema,
  /** ISO 3166 region used to turn national numbers into E.164. */
  defaultRegion: z.string().length(2).default('US'),
  /** Later states of one record inside this window are merged into one write. */
  coalesceWindowMs: z.number().int().min(0).max(60_000).default(250),
  /** A record's first ringing state waits at most this long, so calls ringing together share a request. */
  ringingDelayMs: z.number().int().min(0).max(1_000).default(25),
  /**
   * Requests start at least this far apart (a backlog drains without it), so a burst of calls ringing
   * a few ms apart shares requests: a ringing state then waits at most this long instead of sending alone.
   * 150 ms keeps the ringing pop well inside 300 ms at a quick org; 0 sends every ringing state at once.
   */
  requestSpacingMs: z.number().int().min(0).max(5_000).default(150),
  /** The key the org presents to the adapter's HTTP API. */
  apiKey: secret,
  /** HMAC key for signed recording links. */
  recordingLinkSecret: secret,
  /**
   * The token Kazoo webhooks present (`?secret=` in the hook URI). Optional: without it the webhook
   * intake refuses this tenant. It opens the intake only, because Kazoo shows hook URIs to account
   * admins in its delivery attempts; so it must not be the API key.
   */
  webhookSecret: secret.optional(),
  /**
   * The origins the agents' softphone page is served from (the org's Visualforce domain, e.g.
   * `https://acme--c.vf.force.com`): only these may open the ringing channel (`GET /ring`). None: the
   * channel is off and softphones hear their calls through the PushTopic alone.
   */
  ringChannelOrigins: z.array(originSchema).max(20).default([])
});

const tenantWithDistinctSecrets = tenantConfigSchema.refine(
  (tenant) => tenant.webhookSecret === undefined || tenant.webhookSecret !== tenant.apiKey,
  {
    path: ['webhookSecret'],
    message: 'must differ from apiKey: Kazoo shows hook URIs (and the secret in them) in its delivery attempts'
  }
);

export const deliveryConfigSchema = z.object({
  maxBatchSize: z.number().int().min(1).max(200).default(200),
  /** Kept for old config files: a retryable failure is retried until it succeeds, never given up on. */
  maxAttempts: z.number().int().min(1).default(12),
  /** Requests that may be in flight per tenant at once (each carries records no other one does). */
  maxConcurrentRequests: z.number().int().min(1).max(10).default(4),
  /** Consecutive failed requests that open the tenant's circuit breaker. */
  breakerFailureThreshold: z.number().int().min(1).default(3),
  /** How long an open breaker waits before its half-open probe; doubles up to `breakerMaxOpenMs`. */
  breakerOpenMs: z.number().int().min(100).default(5_000),
  breakerMaxOpenMs: z.number().int().min(100).default(60_000),
  /** How long a caller match (or "no match") for a number is reused before it is searched again. */
  callerMatchTtlMs: z.number().int().min(0).default(600_000),
  /** The caller search a ringing write may wait for; a slower org gets the match in the next write. */
  ringingBudgetMs: z.number().int().min(0).default(300),
  baseBackoffMs: z.number().int().min(1).default(1_000),
  maxBackoffMs: z.number().int().min(1).default(300_000),
  /** First pause after REQUEST_LIMIT_EXCEEDED; doubles until the allocation frees. */
  limitBackoffMs: z.number().int().min(1).default(60_000),
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  /** How long finished calls wait for late legs before their state is dropped. */
  graceMs: z.number().int().min(0).default(10_000),
  reconcileIntervalMs: z.number().int().min(1_000).default(300_000),
  ownerRefreshIntervalMs: z.number().int().min(1_000).default(900_000)
});

export const adapterConfigSchema = z.object({
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  http: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8080),
      publicBaseUrl: z.url().default('http://127.0.0.1:8080'),
      recordingLinkTtlSeconds: z.number().int().min(10).max(3_600).default(300)
    })
    .prefault({}),
  store: z
    .object({
      /** One SQLite file per tenant lives here: `<directory>/<tenant id>.sqlite`. */
      directory: z.string().min(1).default('./data'),
      /** 32-byte key (base64 or hex) that encrypts stored OAuth refresh tokens (AES-256-GCM). */
      tokenEncryptionKey: secret.optional()
    })
    .prefault({}),
  delivery: deliveryConfigSchema.prefault({}),
  tenants: z
    .array(tenantWithDistinctSecrets)
    .min(1)
    .refine((tenants) => new Set(tenants.map((t) => t.id)).size === tenants.length, 'tenant ids must be unique')
});

export type AdapterConfig = z.infer<typeof adapterConfigSchema>;
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type SalesforceConfig = z.infer<typeof salesforceConfigSchema>;
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;
export type KazooTenantConfig = z.infer<typeof kazooConfigSchema>;
