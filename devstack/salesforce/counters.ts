/** Requests counted by kind (`rest.upsert`, `oauth.token`, `streaming.connect`…); benchmarks read them. */
export class Counters {
  private counts = new Map<string, number>();

  increment(kind: string, by = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + by);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Every counter, sorted by kind. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The sum of every counter whose kind starts with `prefix`. */
  total(prefix = ''): number {
    let sum = 0;
    for (const [kind, n] of this.counts) if (kind.startsWith(prefix)) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }
}
