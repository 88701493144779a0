// Environment parsed once with zod; a bad value stops start-up with one line naming the variable.
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Civnet <no-reply@civnet.local>'),
  /** load demo data on a first start; defaults to true in development, and is refused in production */
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(10080).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
  /** Who's Who searches per person (page and API together) in 10 minutes */
  RATE_LIMIT_DIRECTORY_PER_10_MINUTES: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** JSON API calls per API token in a minute (issue 21, P7) */
  RATE_LIMIT_API_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  JOBS: bool.default(true),
  /** days after which an individual's unpaid sign-up whose address was never confirmed expires */
  SIGNUP_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** which proxies' X-Forwarded-For to believe: unset trusts none; a hop count; or addresses/CIDRs */
  TRUST_PROXY: z
    .string()
    .transform((v, ctx) => {
      const value = v.trim();
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops >= 1 && hops <= 10) return hops;
      } else {
        const list = value.split(',').map((x) => x.trim());
        if (list.length > 0 && list.every(isProxyAddress)) return list;
      }
      ctx.addIssue({
        code: 'custom',
        message:
          'must be the number of proxies in front of Civnet (1 to 10), or a comma-separated list of their addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1); "true" (trust anyone) is not accepted',
      });
      return z.NEVER;
    })
    .optional(),
  /** answer 503 at once when the event loop lags more than this; 0 turns the check off */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** answer 503 at once when more queries than this wait for a database connection; 0 turns the guard off */
  MAX_DB_WAITING: z.coerce.number().int().min(0).max(100_000).default(50),
  /** connections each process's PostgreSQL pool may open (each web worker has its own pool) */
  PG_POOL_SIZE: z.coerce
    .number({ error: 'must be a whole number of connections, 1 to 1000' })
    .int('must be a whole number of connections, 1 to 1000')
    .min(1, 'must be at least 1 connection')
    .max(1000, 'must be at most 1000 connections (PostgreSQL has max_connections for all processes together)')
    .default(10),
  /** how long a query waits for a connection of the PostgreSQL pool before it is refused as a busy server (503) */
  PG_CONNECTION_WAIT_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds, 100 to 600000' })
    .int('must be a whole number of milliseconds, 100 to 600000')
    .min(100, 'must be at least 100 milliseconds')
    .max(600_000, 'must be at most 600000 milliseconds (10 minutes)')
    .default(30_000),
  /** web processes `civnet serve` runs (node:cluster; PostgreSQL only); `--workers N` overrides it */
  WEB_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** how long this process keeps computed summaries (the network's figures, counts by state and
   * map) before reading them again; 0 keeps nothing. Default 1000, and 0 under NODE_ENV=test */
  SUMMARY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** how long this process keeps a resource or job search's answer (saving a resource, topic or
   * posting forgets them at once in every process; a scheduled resource falling due or a posting
   * expiring shows within this time); 0 keeps nothing. Default 10000, and 0 under NODE_ENV=test */
  SEARCH_CACHE_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** card payments through Stripe Checkout; without it card payment is not offered */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…)')
    .optional(),
  /** the signing secret of the endpoint /webhooks/stripe; required with STRIPE_SECRET_KEY */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_…)')
    .optional(),
  /** another address for Stripe's API (a local fake in tests), e.g. http://127.0.0.1:12111 */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
});

/** An IP address, a CIDR range, or one of proxy-addr's names (loopback, linklocal, uniquelocal). */
function isProxyAddress(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address = '', bits, extra] = value.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

export type Config = Omit<z.infer<typeof schema>, 'SEED_DEMO' | 'SUMMARY_CACHE_MS' | 'SEARCH_CACHE_MS'> & {
  SEED_DEMO: boolean;
  SUMMARY_CACHE_MS: number;
  SEARCH_CACHE_MS: number;
  production: boolean;
  publicUrl: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const c = parsed.data;
  if (c.STRIPE_SECRET_KEY && !c.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid configuration: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (the signing secret of /webhooks/stripe)');
  }
  const production = c.NODE_ENV === 'production';
  if (production && c.SEED_DEMO) {
    throw new ConfigError(
      'Invalid configuration: SEED_DEMO cannot be true in production (the demo accounts share a public password); create the first staff admin with `civnet admin create`',
    );
  }
  if (production && !c.PUBLIC_URL) {
    throw new ConfigError('Invalid configuration: PUBLIC_URL is required in production (the https:// address people use, for the links in email)');
  }
  if (production && c.PUBLIC_URL && !/^https:\/\//.test(c.PUBLIC_URL) && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(c.PUBLIC_URL)) {
    throw new ConfigError('Invalid configuration: PUBLIC_URL must start with https:// in production (session cookies are Secure)');
  }
  return {
    ...c,
    SEED_DEMO: c.SEED_DEMO ?? !production,
    SUMMARY_CACHE_MS: c.SUMMARY_CACHE_MS ?? (c.NODE_ENV === 'test' ? 0 : 1000),
    SEARCH_CACHE_MS: c.SEARCH_CACHE_MS ?? (c.NODE_ENV === 'test' ? 0 : 10_000),
    production,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  };
}

/** What openDatabase needs from the configuration. */
export function databaseOptions(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'PG_POOL_SIZE' | 'PG_CONNECTION_WAIT_MS'>) {
  return { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.PG_POOL_SIZE, connectionWaitMs: config.PG_CONNECTION_WAIT_MS };
}

/** The development mailbox exists only where mail is not delivered: not in production, no SMTP. */
export function hasDevMailbox(config: Pick<Config, 'production' | 'SMTP_URL'>): boolean {
  return !config.production && !config.SMTP_URL;
}
