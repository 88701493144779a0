// Listing the source files, parsing them once, and what a path says about its code: test or
// not, which module, which owner.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export const posix = (p: string) => p.split(sep).join('/');

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Test code: test files, the fixtures and test support files kept beside modules, and
 * everything under test/ and bench/. */
export function isTestCode(file: string): boolean {
  const base = file.split('/').pop() ?? '';
  return /\.test\.tsx?$/.test(base) || /^(test|bench)\//.test(file);
}

/** `src/modules/<name>/…` → name. */
export function moduleOf(file: string): string | null {
  return /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

/** The owner identity of a file: its module folder, `lib/<file>` for src/lib, otherwise null. */
export function ownerOf(file: string): string | null {
  const mod = moduleOf(file);
  if (mod) return mod;
  const lib = /^src\/lib\/(.+)$/.exec(file)?.[1];
  return lib ? `lib/${lib}` : null;
}

export interface Source {
  file: string;
  text: string;
  sf: ts.SourceFile;
}

// parsed once per run: checkRepository clears it (clearSources) so a second run reads afresh
const sourceCache = new Map<string, Source>();
export const clearSources = (): void => sourceCache.clear();

export function source(root: string, file: string): Source {
  const abs = join(root, file);
  const key = abs;
  const cached = sourceCache.get(key);
  if (cached) return cached;
  const text = readFileSync(abs, 'utf8');
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const s = { file, text, sf };
  sourceCache.set(key, s);
  return s;
}

export const lineOf = (sf: ts.SourceFile, pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;

/** Source files under `dirs` of `root`, as root-relative posix paths. */
export function listFiles(root: string, dirs: string[] = ['src']): string[] {
  return dirs.flatMap((d) => walk(join(root, d))).map((f) => posix(relative(root, f)));
}
