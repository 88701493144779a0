// The reconciliation of what was found with KNOWN_VIOLATIONS.
import type { KnownViolation, Violation } from './types.js';

const keyOf = (v: { file: string; kind: string; detail: string }) => `${v.file}\t${v.kind}\t${v.detail}`;

/** The errors: violations not in `known` (or more of them than it says), and entries of
 * `known` that no longer match (or fewer than it says). */
export function reconcile(found: Violation[], known: readonly KnownViolation[]): string[] {
  const groups = new Map<string, Violation[]>();
  for (const v of found) groups.set(keyOf(v), [...(groups.get(keyOf(v)) ?? []), v]);
  const errors: string[] = [];
  const listed = new Map(known.map((k) => [keyOf(k), k]));
  for (const [key, vs] of groups) {
    const k = listed.get(key);
    if (!k) {
      for (const v of vs) errors.push(`${v.file}:${v.line} ${v.kind}: ${v.message}`);
    } else if (k.count !== vs.length) {
      const first = vs[0] as Violation;
      errors.push(
        `${first.file}:${vs.map((v) => v.line).join(',')} ${first.kind} (${first.detail}): KNOWN_VIOLATIONS says ${k.count}, found ${vs.length} — ${vs.length < k.count ? 'some were fixed: lower the count' : first.message}`,
      );
    }
  }
  for (const [key, k] of listed) {
    if (!groups.has(key)) errors.push(`${k.file} ${k.kind} (${k.detail}): listed in KNOWN_VIOLATIONS but no longer found — remove the entry`);
  }
  return errors;
}

/** The violations as KNOWN_VIOLATIONS entries (to print the list that exists now). */
export function asKnown(found: Violation[]): KnownViolation[] {
  const counts = new Map<string, KnownViolation>();
  for (const v of found) {
    const k = counts.get(keyOf(v)) ?? { file: v.file, kind: v.kind, detail: v.detail, count: 0 };
    k.count++;
    counts.set(keyOf(v), k);
  }
  return [...counts.values()];
}
