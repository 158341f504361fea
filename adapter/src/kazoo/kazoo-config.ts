import { z } from 'zod';

/** The call bindings the adapter subscribes to, one `subscribe` each (kazoo.md §0.2, §1.5). */
export const CALL_BINDINGS = [
  'call.CHANNEL_CREATE.*',
  'call.CHANNEL_ANSWER.*',
  'call.CHANNEL_BRIDGE.*',
  'call.CHANNEL_DESTROY.*',
  'call.CHANNEL_HOLD.*',
  'call.CHANNEL_UNHOLD.*'
] as const;

export const kazooProviderConfigSchema = z.object({
  /** Crossbar base URL without `/v2`, e.g. `http://kazoo.example.com:8000`. */
  baseUrl: z.url(),
  /** Blackhole websocket URL, e.g. `ws://kazoo.example.com:5555`. */
  websocketUrl: z.url(),
  accountId: z.string().min(1),
  apiKey: z.string().min(1),
  /** WS ping interval; a missing pong by the next ping means the socket is dead. */
  pingIntervalMs: z.number().int().positive().default(30_000),
  /**
   * How long every subscribe of a connection may wait for its reply. Kazoo 4.3 drops frames,
   * replies included, above `blackhole.max_queued_messages` (blackhole_data_emitter.erl:44-52), so
   * a reply that never comes is treated as a lost connection: reconnect, resubscribe, recover the gap.
   */
  subscribeTimeoutMs: z.number().int().positive().default(10_000),
  /**
   * The largest websocket frame accepted (bytes). A Kazoo call event is a few KB; a bigger frame is
   * refused by the socket (close 1009), counted and logged, and the events around it are recovered.
   */
  maxFrameBytes: z.number().int().min(16_384).default(1_048_576),
  /** Reconnect backoff: doubles from `initialBackoffMs` up to `maxBackoffMs`, with jitter (monster-ui's values). */
  initialBackoffMs: z.number().int().positive().default(250),
  maxBackoffMs: z.number().int().positive().default(60_000),
  /** Crossbar tokens live 3600 s (`token_auth_expiry_s`); a new one is fetched this long before. */
  tokenLifetimeMs: z.number().int().positive().default(3_600_000),
  tokenRefreshMarginMs: z.number().int().nonnegative().default(300_000),
  requestTimeoutMs: z.number().int().positive().default(15_000),
  /**
   * Seconds the quickcall rings the agent's phone. Kazoo uses it only when it is greater than 3,
   * else 30 (cb_quickcall.erl get_timeout/1, 4.3:352-356).
   */
  quickcallTimeoutS: z.number().int().min(4).default(30),
  /** How much longer than `quickcallTimeoutS` the adapter waits for the quickcall POST's answer. */
  quickcallMarginMs: z.number().int().nonnegative().default(10_000),
  /** Waits (jittered) between api_auth attempts refused with 429 (Kazoo's per-IP login bucket). */
  authRetryDelaysMs: z.array(z.number().int().nonnegative()).default([1_000, 2_000, 4_000, 8_000])
});

/** What the Kazoo provider needs: where Kazoo is, which account, and the account's API key. */
export type KazooConfig = z.input<typeof kazooProviderConfigSchema>;
export type ResolvedKazooConfig = z.output<typeof kazooProviderConfigSchema>;

/** Validates a Kazoo config and fills in defaults; throws with the offending field named. */
export function resolveKazooConfig(config: KazooConfig): ResolvedKazooConfig {
  const parsed = kazooProviderConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid Kazoo config: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return { ...parsed.data, baseUrl: parsed.data.baseUrl.replace(/\/+$/, '') };
}
