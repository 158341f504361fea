/**
 * A tenant's circuit breaker for Salesforce writes. Closed: requests flow. After
 * `failureThreshold` consecutive failed requests it opens: nothing is sent until the open time
 * has passed; then one small probe request may go (half-open). A successful probe closes it (the
 * backlog then drains at once); a failed one opens it again for twice as long, up to `maxOpenMs`,
 * so a long outage costs well under one request per minute.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  maxOpenMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedFor = 0;
  private openUntil = 0;
  private probing = false;
  private current: BreakerState = 'closed';

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** When an open breaker lets its probe through (null when closed). */
  get reopensAt(): number | null {
    return this.current === 'closed' ? null : this.openUntil;
  }

  /**
   * Whether a request may start at `now`: `full` (closed), `probe` (half-open: one small
   * request, no caller search) or `none`. A probe answer must be reported before the next probe.
   */
  admit(now: number): 'full' | 'probe' | 'none' {
    if (this.current === 'closed') return 'full';
    if (now < this.openUntil || this.probing) return 'none';
    this.current = 'half-open';
    this.probing = true;
    return 'probe';
  }

  /** The probe admitted had nothing to carry: the next request may probe instead. */
  releaseProbe(): void {
    this.probing = false;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedFor = 0;
    this.probing = false;
    this.current = 'closed';
  }

  /** A request failed for a reason retrying can fix (5xx, timeout, network, lock, session). */
  failed(now: number): void {
    this.failures += 1;
    if (this.current === 'closed' && this.failures < this.options.failureThreshold) return;
    this.openedFor = Math.min(this.options.maxOpenMs, this.openedFor ? this.openedFor * 2 : this.options.openMs);
    this.open(now, this.openedFor);
  }

  /** Opens for a fixed time (the org's API allocation is used up: it frees on its own schedule). */
  open(now: number, ms: number): void {
    this.current = 'open';
    this.probing = false;
    this.openUntil = now + ms;
  }

  /** Closes at once (an operator or a newly connected org says the org is back). */
  reset(): void {
    this.succeeded();
    this.openUntil = 0;
  }
}
