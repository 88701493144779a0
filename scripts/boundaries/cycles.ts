// Import cycles: Biome finds them; this only keeps biome.jsonc's TEMPORARY list of files with
// noImportCycles off from outliving the cycles (stale-cycle-override).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { importsOf } from './imports.js';
import type { Violation } from './types.js';

/** Files in an import cycle (type-only imports count), among `files`. */
export function filesInCycles(root: string, files: string[]): Set<string> {
  const graph = new Map<string, string[]>();
  const known = new Set(files);
  for (const f of files) graph.set(f, [...new Set(importsOf(root, f).flatMap((r) => (r.target && known.has(r.target) ? [r.target] : [])))]);
  // Tarjan's strongly connected components, iteratively
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const inCycle = new Set<string>();
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<[string, number]> = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1] as [string, number];
      const [v, i] = top;
      const next = graph.get(v) ?? [];
      if (i < next.length) {
        top[1]++;
        const w = next[i] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) for (const c of component) inCycle.add(c);
      }
    }
  }
  return inCycle;
}

/** Biome's configuration file: biome.jsonc (comments allowed), or biome.json. */
export const biomeConfigOf = (root: string): string | null => ['biome.jsonc', 'biome.json'].find((f) => existsSync(join(root, f))) ?? null;

/** The files Biome's configuration lists with noImportCycles off (in `overrides`). */
export function cycleOverrides(root: string): string[] {
  const name = biomeConfigOf(root);
  if (!name) return [];
  const { config, error } = ts.parseConfigFileTextToJson(name, readFileSync(join(root, name), 'utf8'));
  if (error) throw new Error(`cannot read ${name}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const overrides: Array<{ includes?: string[]; linter?: { rules?: { suspicious?: { noImportCycles?: unknown } } } }> = config?.overrides ?? [];
  return overrides.flatMap((o) => {
    const rule = o.linter?.rules?.suspicious?.noImportCycles;
    const off = rule === 'off' || (typeof rule === 'object' && rule !== null && (rule as { level?: string }).level === 'off');
    return off ? (o.includes ?? []) : [];
  });
}

export function checkCycleOverrides(root: string, files: string[]): Violation[] {
  const listed = cycleOverrides(root);
  if (listed.length === 0) return [];
  const inCycle = filesInCycles(root, files);
  return listed
    .filter((f) => !inCycle.has(f))
    .map((f) => ({
      file: biomeConfigOf(root) ?? 'biome.jsonc',
      line: 1,
      kind: 'stale-cycle-override' as const,
      detail: f,
      message: `overrides turn noImportCycles off for ${f}, which is in no import cycle any more${existsSync(join(root, f)) ? '' : ' (no such file)'}: remove it from the list`,
    }));
}
