import { describe, expect, it } from 'vitest';
import { createMockClock } from './clock.js';

describe('createMockClock', () => {
  const fixed = Date.UTC(2024, 0, 1);

  it('adds the offset to the time source and reports both', () => {
    const clock = createMockClock({ now: () => fixed, offsetMs: 90_000 });
    expect(clock.now()).toBe(fixed + 90_000);
    expect(clock.realNow()).toBe(fixed);
    expect(clock.state()).toEqual({ now: '2024-01-01T00:01:30.000Z', realNow: '2024-01-01T00:00:00.000Z', offsetMs: 90_000, windowSeconds: 600 });
  });

  it('changes offset and window at run time and resets to its options', () => {
    const clock = createMockClock({ now: () => fixed, windowSeconds: 30 });
    clock.setOffsetMs(-5000);
    clock.setWindowSeconds(5);
    expect(clock.now()).toBe(fixed - 5000);
    expect(clock.windowSeconds).toBe(5);
    clock.reset();
    expect(clock.offsetMs).toBe(0);
    expect(clock.windowSeconds).toBe(30);
  });
});
