// Configuration is parsed once; a bad value stops start-up with one line naming the variable.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, databaseOptions, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.production).toBe(false);
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['NODE_ENV', 'staging'],
    ['SMTP_URL', 'http://mail'],
    ['SESSION_IDLE_MINUTES', '1'],
    ['SIGNUP_EXPIRY_DAYS', '0'],
    ['SIGNUP_EXPIRY_DAYS', 'a week'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,example.org'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('TRUST_PROXY: unset trusts no proxy; a hop count or a list of addresses and ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  });

  it('PG_POOL_SIZE and PG_CONNECTION_WAIT_MS: 10 connections and 30 s unless set, and go to the database opened', () => {
    const c = loadConfig({});
    expect([c.PG_POOL_SIZE, c.PG_CONNECTION_WAIT_MS]).toEqual([10, 30_000]);
    const set = loadConfig({ DATABASE_URL: 'postgres://db/civnet', DATA_DIR: '/srv/civnet', PG_POOL_SIZE: '25', PG_CONNECTION_WAIT_MS: '5000' });
    expect(databaseOptions(set)).toEqual({ databaseUrl: 'postgres://db/civnet', dataDir: '/srv/civnet', poolSize: 25, connectionWaitMs: 5000 });
  });

  it.each([
    ['PG_POOL_SIZE', 'ten', 'must be a whole number of connections, 1 to 1000'],
    ['PG_POOL_SIZE', '2.5', 'must be a whole number of connections, 1 to 1000'],
    ['PG_POOL_SIZE', '0', 'must be at least 1 connection'],
    ['PG_POOL_SIZE', '-3', 'must be at least 1 connection'],
    ['PG_POOL_SIZE', '5000', 'must be at most 1000 connections (PostgreSQL has max_connections for all processes together)'],
    ['PG_CONNECTION_WAIT_MS', '30s', 'must be a whole number of milliseconds, 100 to 600000'],
    ['PG_CONNECTION_WAIT_MS', '1500.5', 'must be a whole number of milliseconds, 100 to 600000'],
    ['PG_CONNECTION_WAIT_MS', '50', 'must be at least 100 milliseconds'],
    ['PG_CONNECTION_WAIT_MS', '3600000', 'must be at most 600000 milliseconds (10 minutes)'],
  ])('refuses %s=%s saying what it must be', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`Invalid configuration: ${name} ${message}`);
  });

  it('the command stops with exit code 1 and one clear line', () => {
    const r = spawnSync(process.execPath, ['bin/civnet.js', 'serve'], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: PORT /)]);
  });
});
