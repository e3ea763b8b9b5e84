/** Time is an input: production reads the wall clock, tests move a fake one. */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

export function manualClock(start = Date.UTC(2100, 0, 1, 12)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
