// Randomness of the generated data set: a seeded PRNG for choices; ids from a counter (its first 48
// bits count up, the rest a hash of it), so that they never collide (a 32-bit PRNG's outputs
// would, among hundreds of thousands of ids) and come in order. Secrets (invoice tokens) come from node:crypto instead; the rows have no passwords or
// session tokens.
import { randomBytes } from 'node:crypto';

/** mulberry32: a small, fast PRNG with 32 bits of state; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bijection on 32-bit integers (lowbias32). */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Distinct, seed-dependent UUIDs (version 4 layout), in the order they are made: the first 48 bits
 * count up from a start that depends on the seed, the rest is a hash of the counter. The loaded
 * tables' primary keys and the indexes led by a person's id (users, profiles, memberships, roles:
 * 35-50 MB each at national scale, larger than PostgreSQL's default buffer cache) then grow at
 * their right edge as the rows load, instead of each row changing a page at random.
 */
export function uuidFactory(seed: number): () => string {
  const start = mix32(seed ^ 0x9e3779b9) >>> 1; // leaves the counter 2^31 × 2^16 ids of room
  const salt = [mix32(seed ^ 0x85ebca6b), mix32(seed ^ 0xc2b2ae35), mix32(seed ^ 0x27d4eb2f)];
  let n = 0;
  return () => {
    const k = n++;
    const w1 = mix32((k ^ (salt[0] ?? 0)) >>> 0);
    const w2 = mix32(w1 ^ (salt[1] ?? 0));
    const w3 = mix32(w2 ^ (salt[2] ?? 0));
    const b = hex8((((k & 0xffff) << 16) | (w1 & 0x0fff) | 0x4000) >>> 0);
    const c = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    return `${hex8(start + Math.floor(k / 0x10000))}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(w3)}`;
  };
}

/** An invoice's public token: a secret, so from the operating system's randomness like
 * `randomToken(24)` (32 base64url characters), never from the seed: anyone who knows the seed
 * could otherwise rebuild every invoice link. */
export const secretToken = () => randomBytes(24).toString('base64url');

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}
