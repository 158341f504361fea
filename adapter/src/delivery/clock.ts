/**
 * Time for the delivery code, injectable so tests drive coalescing windows, backoff and timers
 * deterministically instead of sleeping.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now: () => number;
  /** Runs `fn` once after `ms` milliseconds (never keeps the process alive by itself). */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
};

/** Rejects with a TimeoutError when `promise` takes longer than `ms` on `clock`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    );
  });
}

export class TimeoutError extends Error {
  readonly errorCode = 'REQUEST_TIMEOUT';
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}
