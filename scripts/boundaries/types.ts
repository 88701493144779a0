// What a check reports, and how a tolerated breach is listed (KNOWN_VIOLATIONS).
export type Kind =
  | 'cross-module-import'
  | 'ground-floor-import'
  | 'foreign-write'
  | 'dynamic-write'
  | 'unowned-table'
  | 'module-state'
  | 'bare-table'
  | 'bare-error-block'
  | 'sql-in-page'
  | 'stale-cycle-override'
  | 'stale-allowlist';

export interface Violation {
  /** path from the repository root, with forward slashes */
  file: string;
  line: number;
  kind: Kind;
  /** what KNOWN_VIOLATIONS matches on, with the file and kind (no line numbers: they move) */
  detail: string;
  message: string;
}

export interface KnownViolation {
  file: string;
  kind: Kind;
  detail: string;
  /** how many times it occurs in the file */
  count: number;
}
