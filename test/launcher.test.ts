// bin/civnet.js: the sources compiled into one file (src/.civnet.mjs) on first use and again when a
// source file changes, and CIVNET_TSX=1 loading them through tsx instead, with the same result;
// `seed --scale` run again in a process with a larger young generation; help answered without
// loading the app.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const civnet = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/civnet.js', '--help'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
const key = () => readFileSync('src/.civnet.key', 'utf8');

describe('the civnet launcher', () => {
  it('runs from the compiled file, compiles again when a source changes, and says the same through tsx', () => {
    const first = civnet();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Commands:');
    const before = key();
    expect(statSync('src/.civnet.mjs').size).toBeGreaterThan(100_000);

    // the same sources: the same file, not compiled again
    const built = statSync('src/.civnet.mjs').mtimeMs;
    expect(civnet().status).toBe(0);
    expect(statSync('src/.civnet.mjs').mtimeMs).toBe(built);

    // a source file touched: compiled again under a new key
    const cli = statSync('src/cli.ts');
    utimesSync('src/cli.ts', cli.atime, new Date(cli.mtimeMs + 1000));
    try {
      const again = civnet();
      expect(again.status, again.stderr).toBe(0);
      expect(key()).not.toBe(before);
    } finally {
      utimesSync('src/cli.ts', cli.atime, cli.mtime);
    }

    const viaTsx = civnet({ CIVNET_TSX: '1' });
    expect(viaTsx.status, viaTsx.stderr).toBe(0);
    expect(viaTsx.stdout).toBe(first.stdout);
  }, 300_000);

  it('runs seed --scale again in a process started with 64 MB semi-spaces, with the same answer and exit code; other commands in one process', () => {
    // A module NODE_OPTIONS preloads into every process the launcher starts writes down its flags
    // (no spaces or double quotes: NODE_OPTIONS would split or unquote them).
    const probe = "data:text/javascript,process.stderr.write('flags['+process.execArgv.join()+']'+String.fromCharCode(10))";
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['bin/civnet.js', ...args], {
        env: { ...process.env, LOG_LEVEL: 'silent', NODE_OPTIONS: `--import=${probe}` },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const flags = (stderr: string) => [...stderr.matchAll(/^flags\[(.*)\]$/gm)].map((m) => m[1]);

    const seed = run(['seed', '--scale', 'lots']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toContain('--scale must be a number of organizations');
    expect(flags(seed.stderr)).toEqual(['', '--max-semi-space-size=64']);

    const help = run(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(flags(help.stderr)).toEqual(['']);
  }, 300_000);

  it('answers help from the help alone, without loading the app (no HTTP server module), and the rest as before', () => {
    // Whether Node's HTTP server module was loaded by the time the process exits (fastify loads it).
    const probe =
      "data:text/javascript,process.on('exit',()=>process.stderr.write('http['+process.moduleLoadList.some((m)=>m.endsWith('_http_server'))+']'+String.fromCharCode(10)))";
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['bin/civnet.js', ...args], { env: { ...process.env, NODE_OPTIONS: `--import=${probe}` }, encoding: 'utf8', timeout: 120_000 });
    const loadedHttp = (stderr: string) => /^http\[(true|false)\]$/m.exec(stderr)?.[1];
    for (const args of [[], ['--help'], ['help', 'seed'], ['seed', '--help'], ['import', 'organizations', 'x.csv', '-h']]) {
      const r = run(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('Usage: civnet');
      expect(loadedHttp(r.stderr), args.join(' ')).toBe('false');
    }
    const unknown = run(['frobnicate', '--help']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(loadedHttp(unknown.stderr)).toBe('false');
    // anything else loads the whole command line, which answers as it did
    const other = run(['frobnicate']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('Unknown command "frobnicate"');
    expect(loadedHttp(other.stderr)).toBe('true');
  }, 300_000);
});
