/** The mock's clock: real time plus a settable offset (to simulate a skewed server) and the signature clock window. */

/** Options of {@link createMockClock}. */
export interface MockClockOptions {
  /** The underlying time source in epoch ms (default `Date.now`); tests pass a fixed one. */
  now?: () => number;
  /** Initial offset added to the time source, in ms (default 0). */
  offsetMs?: number;
  /** Largest accepted `|server time − x-arrow-date|`, exclusive, in seconds (default 600, docs/spec/xconnect.md §3). */
  windowSeconds?: number;
}

/** A snapshot of the clock, as the admin API shows it. */
export interface MockClockState {
  /** Server time (time source plus offset), ISO-8601. */
  now: string;
  /** The time source without the offset, ISO-8601. */
  realNow: string;
  offsetMs: number;
  windowSeconds: number;
}

/** The clock every platform module verifies timestamps against. */
export interface MockClock {
  /** Server time in epoch ms: the time source plus the offset. */
  now(): number;
  /** The time source without the offset (used for journal times). */
  realNow(): number;
  readonly offsetMs: number;
  readonly windowSeconds: number;
  /** Sets the offset in ms; positive puts the server ahead of real time. */
  setOffsetMs(offsetMs: number): void;
  /** Sets the clock window in seconds. */
  setWindowSeconds(windowSeconds: number): void;
  state(): MockClockState;
  /** Back to the options it was created with. */
  reset(): void;
}

/** Default clock window: docs/spec/xconnect.md §3 rejects `|now − x-arrow-date| >= 600 s`. */
export const DEFAULT_CLOCK_WINDOW_SECONDS = 600;

/**
 * Creates the mock clock.
 *
 * @example
 * ```ts
 * const clock = createMockClock({ offsetMs: 15 * 60_000 }); // server 15 minutes ahead
 * clock.now() - Date.now(); // ≈ 900000
 * ```
 */
export function createMockClock(options: MockClockOptions = {}): MockClock {
  const source = options.now ?? Date.now;
  const initialOffset = options.offsetMs ?? 0;
  const initialWindow = options.windowSeconds ?? DEFAULT_CLOCK_WINDOW_SECONDS;
  let offsetMs = initialOffset;
  let windowSeconds = initialWindow;
  const clock: MockClock = {
    now: () => source() + offsetMs,
    realNow: () => source(),
    get offsetMs() {
      return offsetMs;
    },
    get windowSeconds() {
      return windowSeconds;
    },
    setOffsetMs(value) {
      offsetMs = value;
    },
    setWindowSeconds(value) {
      windowSeconds = value;
    },
    state: () => ({
      now: new Date(clock.now()).toISOString(),
      realNow: new Date(source()).toISOString(),
      offsetMs,
      windowSeconds,
    }),
    reset() {
      offsetMs = initialOffset;
      windowSeconds = initialWindow;
    },
  };
  return clock;
}
