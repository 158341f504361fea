/**
 * Run-time fault injection: per endpoint kind, a rate of 5xx answers, of timeouts (no answer), of
 * REQUEST_LIMIT_EXCEEDED, of UNABLE_TO_LOCK_ROW per record, and added latency. Decisions come from
 * a seeded generator, so a test that sends the same requests in the same order sees the same faults.
 */
import { z } from 'zod';

export const ENDPOINT_KINDS = [
  'oauth',
  'upsert',
  'collections',
  'query',
  'search',
  'limits',
  'rest',
  'streaming',
  'apexremote'
] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

const rate = z.number().min(0).max(1);
const endpointFaultsSchema = z
  .object({
    serverErrorRate: rate.optional(),
    timeoutRate: rate.optional(),
    requestLimitRate: rate.optional(),
    lockRowRate: rate.optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional()
  })
  .strict();

/** The fault configuration accepted by `faults.configure()` and `PUT /__standin/faults`. */
export const faultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    /** How long a "timeout" holds the request before dropping the socket. */
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
    /**
     * Only requests made as these users (User ids) get the faults, plus requests with no session
     * (the token endpoint); unset: every request. A bench slows the adapter's integration user
     * without slowing the agents' browsers.
     */
    users: z.array(z.string()).optional(),
    endpoints: z.partialRecord(z.enum([...ENDPOINT_KINDS, '*']), endpointFaultsSchema).optional()
  })
  .strict();

export type EndpointFaults = z.infer<typeof endpointFaultsSchema>;
export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultOutcome = 'ok' | 'server-error' | 'timeout' | 'request-limit';

/** mulberry32: small, fast, good enough to spread faults evenly. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private config: FaultConfig = {};
  private random = generator(1);
  private readonly injected = new Map<string, number>();

  constructor(private readonly expireSessionsHook: () => number) {}

  /** Replaces the whole configuration (validated); throws a ZodError on a bad one. */
  configure(config: unknown): FaultConfig {
    this.config = faultConfigSchema.parse(config);
    this.random = generator(this.config.seed ?? 1);
    return this.config;
  }

  clear(): void {
    this.configure({});
  }

  current(): FaultConfig {
    return this.config;
  }

  get timeoutMs(): number {
    return this.config.timeoutMs ?? 130_000;
  }

  private faultsFor(kind: EndpointKind): EndpointFaults {
    return { ...this.config.endpoints?.['*'], ...this.config.endpoints?.[kind] };
  }

  /** Whether the faults apply to a request made as `userId` (null: no session). */
  appliesTo(userId: string | null): boolean {
    const users = this.config.users;
    return !users || userId === null || users.includes(userId);
  }

  /** Whether `appliesTo` needs the request's user (a `users` scope is configured). */
  get scopedToUsers(): boolean {
    return this.config.users !== undefined;
  }

  latencyFor(kind: EndpointKind): number {
    return this.faultsFor(kind).latencyMs ?? 0;
  }

  /** Decides what happens to one request of this kind. */
  decide(kind: EndpointKind): FaultOutcome {
    const f = this.faultsFor(kind);
    const roll = (p: number | undefined) => p !== undefined && p > 0 && this.random() < p;
    const outcome: FaultOutcome = roll(f.serverErrorRate)
      ? 'server-error'
      : roll(f.timeoutRate)
        ? 'timeout'
        : roll(f.requestLimitRate)
          ? 'request-limit'
          : 'ok';
    if (outcome !== 'ok') this.note(`${kind}.${outcome}`);
    return outcome;
  }

  /** True when this record's write should fail with UNABLE_TO_LOCK_ROW. */
  lockFails(kind: EndpointKind): boolean {
    const p = this.faultsFor(kind).lockRowRate;
    const fails = p !== undefined && p > 0 && this.random() < p;
    if (fails) this.note(`${kind}.lock-row`);
    return fails;
  }

  /** Invalidates every access token now (clients get 401 INVALID_SESSION_ID and must re-authenticate). */
  expireSessions(): number {
    this.note('sessions.expired');
    return this.expireSessionsHook();
  }

  private note(kind: string): void {
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
  }

  /** How many faults of each kind were injected so far. */
  injectedCounts(): Record<string, number> {
    return Object.fromEntries(this.injected);
  }
}
