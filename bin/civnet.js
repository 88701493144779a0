#!/usr/bin/env node
// Runs the TypeScript CLI with no build step to remember. The sources are compiled by esbuild into
// one file, src/.civnet.mjs (beside the sources, so that paths taken from import.meta.url still
// point where they did), with the help alone in src/.civnet-help.mjs, and compiled again whenever
// a source file changes (the key: every file's path, size and time). Loading that one file costs a
// fraction of the CPU that loading the ~650 source files one by one through tsx does, which every
// command, server start and worker process pays (half of it, measured here). Stack traces name the
// bundle's lines; with NODE_OPTIONS=--enable-source-maps they name the source files
// (src/.civnet.mjs.map). With CIVNET_TSX=1, or where the files cannot be written (a read-only
// checkout), the sources load through tsx as before.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `seed --scale` builds its rows in memory by the hundred thousand, and with V8's default young
// generation (16 MB semi-spaces) a fifth of its CPU went to collecting garbage. With 64 MB the
// national seed's collections took 11 s instead of 20 s. V8 reads the size only as the process
// starts, so the command runs again in a child process started with it.
const SEMI_SPACE = '--max-semi-space-size=64';
const scaleSeed = process.argv[2] === 'seed' && process.argv.slice(3).some((a) => a === '--scale' || a.startsWith('--scale='));
if (scaleSeed && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  const { spawn } = await import('node:child_process');
  const { once } = await import('node:events');
  const child = spawn(process.execPath, [...process.execArgv, SEMI_SPACE, ...process.argv.slice(1)], { stdio: 'inherit' });
  // a signal sent to this process alone (a supervisor's SIGTERM) stops the seed as it did before
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, () => child.kill(s));
  const [code, signal] = await once(child, 'exit');
  if (signal) {
    for (const s of signals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
}

const src = fileURLToPath(new URL('../src/', import.meta.url));
const bundle = path.join(src, '.civnet.mjs');
// The help alone (src/cli-common.ts, no app and no database driver): `civnet --help` answers
// from it in a tenth of the time the whole command line takes to load.
const helpBundle = path.join(src, '.civnet-help.mjs');
const keyFile = path.join(src, '.civnet.key');

/** Path, size and modification time of every source file (tests left out: the CLI imports none). */
function sourceKey() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|js|mjs|json)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.startsWith('.civnet')) {
        const s = statSync(full);
        hash.update(`${path.relative(src, full)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  return hash.digest('hex');
}

async function compiled() {
  if (process.env.CIVNET_TSX === '1') return null;
  try {
    const key = sourceKey();
    if (existsSync(bundle) && existsSync(helpBundle) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return bundle;
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: { '.civnet': path.join(src, 'cli.ts'), '.civnet-help': path.join(src, 'cli-common.ts') },
      outdir: src,
      outExtension: { '.js': '.mjs' },
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      sourcemap: 'linked',
      logLevel: 'error',
    });
    // Each written under a name of its own, then renamed (the map first): processes starting
    // together never read half a file.
    for (const f of [...out.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1))) {
      const tmp = `${f.path}.${process.pid}`;
      writeFileSync(tmp, f.contents);
      renameSync(tmp, f.path);
    }
    writeFileSync(`${keyFile}.${process.pid}`, key);
    renameSync(`${keyFile}.${process.pid}`, keyFile);
    return bundle;
  } catch {
    for (const f of readdirSync(src)) if (f.startsWith('.civnet') && f.endsWith(`.${process.pid}`)) rmSync(path.join(src, f), { force: true });
    return null;
  }
}

const argv = process.argv.slice(2);
const file = await compiled();
/** `civnet`, `civnet help`, `civnet --help`, `civnet COMMAND --help`: answered from the help
 * alone (exit code set), without loading the app; false when argv asks for something else. */
const answeredHelp = async (module) => {
  const code = (await import(module)).answerHelp(argv);
  if (code === null) return false;
  process.exitCode = code;
  return true;
};
if (file) {
  if (!(await answeredHelp(pathToFileURL(helpBundle).href))) await import(pathToFileURL(file).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  if (!(await answeredHelp('../src/cli-common.ts'))) await import('../src/cli.ts');
}
