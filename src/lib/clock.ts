// An injectable clock, so that terms, expiries and renewals are testable without waiting.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** The system's time moved forward by what `shift` added: for a running app (the browser tests'),
 * whose requests come in real time, but whose events should be able to begin and end without a
 * test waiting for them. */
export function shiftedClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    shift: (ms) => {
      offset += ms;
    },
  };
}

/** A clock tests can move. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
