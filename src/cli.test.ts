// The command line (issue 21, P9): `civnet --help` and `civnet <command> --help` for every command
// answer 0 with the command's usage (they read no configuration); an unknown command or option
// answers 2.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = async (...args: string[]) => {
  try {
    const r = await run(process.execPath, ['bin/civnet.js', ...args], { env: { ...process.env, NODE_ENV: 'test' } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
};

describe('civnet --help', () => {
  it('lists every command and the exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'admin create', 'renewals run', 'newsletters send', 'backup FILE', 'restore FILE', 'Exit codes']) expect(r.out).toContain(c);
  }, 60_000);

  it('each command has its own help, exit 0', async () => {
    const cases: Array<[string[], string]> = [
      [['renewals', 'run', '--help'], 'Usage: civnet renewals run'],
      [['backup', '--help'], 'Usage: civnet backup FILE'],
      [['restore', 'x', '-h'], 'Usage: civnet restore FILE'],
      [['migrate', '--help'], 'Usage: civnet migrate'],
      [['help', 'newsletters'], 'Usage: civnet newsletters send'],
    ];
    for (const [args, usage] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toContain(usage);
    }
  }, 120_000);

  it('an unknown command answers 2', async () => {
    const r = await cli('frobnicate', '--help');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown command "frobnicate"');
  }, 60_000);
});
