// module-state: module-level mutable state (a process-global registry) instead of Deps.
import ts from 'typescript';
import { isTestCode, lineOf, source } from './files.js';
import type { Violation } from './types.js';

const MUTATORS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'delete', 'clear', 'pop', 'shift', 'sort', 'reverse', 'fill', 'copyWithin']);

function isMutableContainer(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  let e = init;
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) return true;
  return ts.isNewExpression(e) && ts.isIdentifier(e.expression) && ['Map', 'Set', 'WeakMap', 'WeakSet', 'Array'].includes(e.expression.text);
}

/** Top-level `let`/`var`, and top-level containers mutated inside a function. */
export function moduleStateOf(root: string, file: string): Array<{ name: string; line: number; why: string }> {
  const { sf } = source(root, file);
  const out: Array<{ name: string; line: number; why: string }> = [];
  const containers = new Map<string, number>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name)) continue;
      const line = lineOf(sf, d.getStart(sf));
      if (!isConst) out.push({ name: d.name.text, line, why: 'a top-level let' });
      else if (isMutableContainer(d.initializer)) containers.set(d.name.text, line);
    }
  }
  if (containers.size === 0) return out;
  const mutated = new Set<string>();
  const visit = (n: ts.Node, inFunction: boolean) => {
    const fn = inFunction || ts.isFunctionLike(n);
    if (fn) {
      // x.set(…), x.push(…) …
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && MUTATORS.has(n.expression.name.text)) {
        mutated.add(n.expression.expression.text);
      }
      // x[k] = …, x.k = …, x.k += …
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const left = n.left;
        if ((ts.isElementAccessExpression(left) || ts.isPropertyAccessExpression(left)) && ts.isIdentifier(left.expression)) mutated.add(left.expression.text);
      }
    }
    ts.forEachChild(n, (c) => visit(c, fn));
  };
  visit(sf, false);
  for (const [name, line] of containers) if (mutated.has(name)) out.push({ name, line, why: 'a top-level container that a function changes' });
  return out;
}

export function checkModuleState(root: string, files: string[], allowlist: ReadonlyArray<{ file: string; name: string }> = []): Violation[] {
  const out: Violation[] = [];
  const used = new Set<string>();
  for (const file of files) {
    if (isTestCode(file) || file.startsWith('src/db/migrations/')) continue;
    for (const s of moduleStateOf(root, file)) {
      const key = `${file}#${s.name}`;
      if (allowlist.some((a) => a.file === file && a.name === s.name)) {
        used.add(key);
        continue;
      }
      out.push({
        file,
        line: s.line,
        kind: 'module-state',
        detail: s.name,
        message: `${s.name} is ${s.why}: module-level mutable state is shared by every app in the process; carry it on Deps, built per app`,
      });
    }
  }
  for (const a of allowlist) {
    if (!used.has(`${a.file}#${a.name}`))
      out.push({
        file: a.file,
        line: 1,
        kind: 'stale-allowlist',
        detail: `MODULE_STATE_ALLOWLIST ${a.name}`,
        message: `MODULE_STATE_ALLOWLIST names ${a.name}, which is no longer module-level mutable state here: remove the entry`,
      });
  }
  return out;
}
