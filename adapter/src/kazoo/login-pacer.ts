/**
 * Spaces this process's `PUT /v2/api_auth` calls to one Kazoo cluster the way Crossbar meters them,
 * so tenants that start (or reconnect) together log in one after another instead of earning 429s.
 * Crossbar keeps one token bucket per caller IP before authentication (cb_modules_util.erl
 * bucket_name/1, `IP/no_account`): 100 tokens, refilled 10 per second (kz_buckets.erl defaults),
 * and each api_auth costs 35 (cb_api_auth.erl ?API_AUTH_TOKENS). Every tenant of this process
 * shares the adapter's address, so they share one pacer per cluster. Another process behind the
 * same address still makes the odd 429, which the client's back-off absorbs.
 */
const CAPACITY = 100;
const REFILL_PER_MS = 10 / 1000;
export const API_AUTH_COST = 35;

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemPacerClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

export class LoginPacer {
  private tokens = CAPACITY;
  private at: number;
  /** Logins wait in arrival order: each one's turn comes after the one before it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly clock: PacerClock = systemPacerClock) {
    this.at = clock.now();
  }

  /** Resolves when a login may be sent without overdrawing Crossbar's bucket, and books its tokens. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.book());
    this.queue = turn;
    return turn;
  }

  private async book(): Promise<void> {
    this.refill();
    if (this.tokens < API_AUTH_COST) {
      await this.clock.sleep(Math.ceil((API_AUTH_COST - this.tokens) / REFILL_PER_MS));
      this.refill();
    }
    this.tokens = Math.max(0, this.tokens - API_AUTH_COST);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(CAPACITY, this.tokens + (now - this.at) * REFILL_PER_MS);
    this.at = now;
  }
}

const pacers = new Map<string, LoginPacer>();

/** The pacer shared by every tenant of this process that logs in to the cluster at `baseUrl`. */
export function loginPacerFor(baseUrl: string): LoginPacer {
  const origin = new URL(baseUrl).origin;
  let pacer = pacers.get(origin);
  if (!pacer) {
    pacer = new LoginPacer();
    pacers.set(origin, pacer);
  }
  return pacer;
}
