// cross-module-import and ground-floor-import: a module is entered only through its index.ts,
// and nothing under src/db (or non-test code under src/lib, src/web) imports a module.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { isTestCode, lineOf, moduleOf, posix, source } from './files.js';
import type { Violation } from './types.js';

export interface ImportRef {
  /** the specifier as written */
  specifier: string;
  /** the file it resolves to, root-relative; null for packages and unresolved paths */
  target: string | null;
  line: number;
}

/** Every import, export-from and dynamic import() of a file (type-only ones too). */
export function importsOf(root: string, file: string): ImportRef[] {
  const { text, sf } = source(root, file);
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((ref) => ({ specifier: ref.fileName, target: resolveImport(root, file, ref.fileName), line: lineOf(sf, ref.pos) }));
}

function resolveImport(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(root, dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return found ? posix(relative(root, found)) : null;
}

export function checkImports(root: string, files: string[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const groundFloor = file.startsWith('src/db/') || (!isTestCode(file) && /^src\/(lib|web)\//.test(file));
    if (!groundFloor && isTestCode(file)) continue;
    const own = moduleOf(file);
    for (const ref of importsOf(root, file)) {
      if (!ref.target?.startsWith('src/modules/')) continue;
      if (groundFloor) {
        out.push({
          file,
          line: ref.line,
          kind: 'ground-floor-import',
          detail: ref.target,
          message: `imports ${ref.specifier}: nothing under ${file.split('/').slice(0, 2).join('/')}/ may import a module`,
        });
        continue;
      }
      const target = moduleOf(ref.target);
      if (!target || target === own) continue;
      if (ref.target === `src/modules/${target}/index.ts`) continue;
      out.push({
        file,
        line: ref.line,
        kind: 'cross-module-import',
        detail: ref.target,
        message: `imports ${ref.specifier} past ${target}/index.ts: another module is imported only through its index.ts`,
      });
    }
  }
  return out;
}
