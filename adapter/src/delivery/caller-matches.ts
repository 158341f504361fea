/**
 * A tenant's cache of caller matches (E.164 number → Contact/Lead/Account found for it), with a
 * TTL. Numbers not in the cache are searched together: at most one search runs at a time, and
 * the numbers that come up while it runs go into the next one, so a burst of calls costs a
 * search per window instead of one per record. A failed search is remembered for a short while,
 * so retries never repeat it.
 */
import type { Clock } from './clock.ts';
import type { CallerMatch } from '../salesforce/caller-matcher.ts';

export interface CallerMatchesOptions {
  /** Searches many numbers at once; answers a match (possibly all null) per searched number. */
  search: (numbers: readonly string[]) => Promise<Map<string, CallerMatch>>;
  clock: Clock;
  ttlMs: number;
  /** How long a number whose search failed is not searched again. */
  failureTtlMs?: number;
  /** Counts each search (and says why it failed: a failed search never holds up a write). */
  onSearch?: (outcome: 'ok' | 'error', error?: unknown) => void;
  /** Most numbers kept; the oldest are forgotten first. */
  maxEntries?: number;
}

interface Cached {
  match: CallerMatch | null;
  expiresAt: number;
}

export const NO_MATCH: CallerMatch = Object.freeze({ Contact__c: null, Lead__c: null, Account__c: null });

export class CallerMatches {
  private readonly cache = new Map<string, Cached>();
  private readonly waiting = new Set<string>();
  private readonly searching = new Set<string>();
  private running: Promise<void> | null = null;
  private lastSearchMs = 0;
  searches = 0;

  constructor(private readonly options: CallerMatchesOptions) {}

  /**
   * The cached answer for a number: a match (all-null when nothing matched), `null` when its
   * search failed recently (write without it), or `undefined` when it has not been searched.
   */
  cached(number: string): CallerMatch | null | undefined {
    const hit = this.cache.get(number);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.options.clock.now()) {
      this.cache.delete(number);
      return undefined;
    }
    return hit.match;
  }

  /** How long the last search took (the sink weighs it against the ringing budget). */
  get expectedSearchMs(): number {
    return this.lastSearchMs;
  }

  /**
   * Asks for these numbers to be matched; resolves once a search that covers every one of them
   * has answered (or failed). Never rejects.
   */
  request(numbers: readonly string[]): Promise<void> {
    for (const n of numbers) if (this.cached(n) === undefined && !this.searching.has(n)) this.waiting.add(n);
    return this.drain();
  }

  private async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.waiting.size === 0) return;
    const numbers = [...this.waiting];
    this.waiting.clear();
    for (const n of numbers) this.searching.add(n);
    this.running = this.searchNow(numbers).finally(() => {
      this.searching.clear();
      this.running = null;
    });
    await this.running;
  }

  private async searchNow(numbers: string[]): Promise<void> {
    const { clock, ttlMs } = this.options;
    const started = clock.now();
    this.searches += 1;
    try {
      const found = await this.options.search(numbers);
      this.lastSearchMs = clock.now() - started;
      this.options.onSearch?.('ok');
      for (const n of numbers) this.remember(n, found.get(n) ?? NO_MATCH, ttlMs);
    } catch (error) {
      this.lastSearchMs = Math.max(this.lastSearchMs, clock.now() - started);
      this.options.onSearch?.('error', error);
      for (const n of numbers) this.remember(n, null, this.options.failureTtlMs ?? 60_000);
    }
  }

  private remember(number: string, match: CallerMatch | null, ttl: number): void {
    this.cache.delete(number);
    this.cache.set(number, { match, expiresAt: this.options.clock.now() + ttl });
    const max = this.options.maxEntries ?? 50_000;
    for (const key of this.cache.keys()) {
      if (this.cache.size <= max) break;
      this.cache.delete(key);
    }
  }
}
