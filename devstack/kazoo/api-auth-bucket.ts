/**
 * Crossbar's per-client token bucket for `PUT /v2/api_auth`: the bucket is keyed by the caller's
 * IP (cb_modules_util.erl bucket_name/1, `IP/no_account` before auth), holds 100 tokens and
 * refills 10 per second (kz_buckets.erl defaults), and each api_auth costs 35
 * (cb_api_auth.erl ?API_AUTH_TOKENS). So a third or fourth login from one host in the same
 * second gets 429 `too_many_requests`.
 */
const CAPACITY = 100;
const REFILL_PER_S = 10;
const API_AUTH_COST = 35;

export class ApiAuthBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one api_auth's tokens for `ip`; false when there are not enough left. */
  consume(ip: string, nowMs: number): boolean {
    const bucket = this.buckets.get(ip) ?? { tokens: CAPACITY, at: nowMs };
    bucket.tokens = Math.min(CAPACITY, bucket.tokens + ((nowMs - bucket.at) / 1000) * REFILL_PER_S);
    bucket.at = nowMs;
    this.buckets.set(ip, bucket);
    if (bucket.tokens < API_AUTH_COST) return false;
    bucket.tokens -= API_AUTH_COST;
    return true;
  }
}
