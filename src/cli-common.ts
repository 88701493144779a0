// What the `civnet` command's files share: each command's help, the exit codes, and who ran it.
import { userInfo } from 'node:os';

/** Each command's own help (`civnet <command> --help`), and what its --json prints. */
export const COMMAND_HELP: Record<string, string> = {
  serve: `Usage: civnet serve [--workers N]

Start the web server: migrate the database, load demo data on a first start outside production,
listen on HOST:PORT. --workers N (or WEB_WORKERS) runs N web processes on one PostgreSQL
database (DATABASE_URL). Runs until stopped (SIGINT or SIGTERM).`,
  migrate: `Usage: civnet migrate [--json]

Bring the database to the current schema. --json prints {"applied": [names]}.`,
  seed: `Usage: civnet seed [--scale N|national] [--seed NUMBER] [--today YYYY-MM-DD]

Without --scale: load the demo data into an empty database (refused in production).
--scale N: also generate a national data set of N organizations; --scale national: every US
local government and 1,000,000 people. The same --seed (default 1) and --today give the same data.`,
  admin: `Usage: civnet admin create --email EMAIL --name NAME

Create a staff admin and print a one-time link (valid 24 hours) where they choose a password and
set up two-factor sign-in: the way to make the first admin of a production deployment.`,
  renewals: `Usage: civnet renewals run [--today YYYY-MM-DD] [--json] [--progress]

Issue renewal invoices, send reminders, lapse memberships past their grace period, and expire
individuals' sign-ups never paid nor confirmed, for today (UTC) or the day given. Safe to run
again. --json prints {"today", "issued", "reminded", "lapsed", "skipped"}. Progress (each stage
and the rows read) goes to stderr when it is a terminal, or with --progress; never to stdout.`,
  newsletters: `Usage: civnet newsletters send CAMPAIGN_ID [--json]

Send a campaign that is sending (or scheduled and due) to the end, in batches at the configured
rate; safe to run again after a crash. --json prints {"campaignId", "queued"}.`,
  backup: `Usage: civnet backup FILE [--json] [--progress]

Write a backup of the whole database to FILE (created with mode 600): on PostgreSQL
(DATABASE_URL) a pg_dump of it (pg_dump must be on the PATH, of the server's major version or
newer); on the embedded database (DATA_DIR) its data directory (stop the server first: PGlite has
one connection). The file records the schema version, every table's row count and the invoice
numbers; civnet restore checks them. --json prints that manifest. Progress goes to stderr when it
is a terminal, or with --progress; never to stdout.`,
  restore: `Usage: civnet restore FILE [--force] [--json] [--progress]

Restore a backup made by civnet backup into the database of DATABASE_URL (PostgreSQL, with
pg_restore) or DATA_DIR (the embedded database), which must be empty: --force first deletes what
it holds. Refuses a backup of a newer schema than this version of Civnet knows, or of the other
engine (exit 3). Then counts the restored rows and invoice numbers and compares them with the
backup's (exit 4 if they differ). --json prints {"manifest", "restored", "problems"}. Progress
goes to stderr when it is a terminal, or with --progress; never to stdout.`,
  import: `Usage: civnet import KIND FILE [--dry-run] [--source NAME] [--report FILE] [--progress] [--json]

KIND is organizations, contacts (people acting for an organization imported before from the same
source, named by its external id), terms (an imported organization's past and current
memberships), individuals (individual members: a person and a membership at a level) or balances
(opening balances: an imported organization's past invoices, each with the old system's number,
its total, issued and due days, and what was paid on it and when; no Civnet number is taken). Read a CSV file (UTF-8, a header row) as a stream and check every row:
required fields, formats (state codes, entity types, numbers, email addresses, dates, amounts),
each external id once, and what the database must know (the contact's organization, the level).
--dry-run only checks. Without it, imports every row in one transaction, or nothing if any row
has a problem (or the process stops). Rows are matched to earlier imports of the same KIND from
the same --source (default "cli") by their external id: an unchanged row changes nothing, an
edited one updates what it became. The columns are read by the mapping remembered for the kind
and source (staff set it at /staff/import), else by their header names (the fields' names, like
external_id, name, entity_type, state; organization_external_id, email, role, title, phone;
email, name, level, term_start, term_end, dues; organization_external_id, invoice_number,
issued_on, due_on, total, paid, paid_on, method). Progress (rows, rate, share of the file read)
goes to stderr when it is a terminal, or with --progress. On bad rows: exit 2, and the report
(row, column, value, problem) as CSV on stdout, or in --report FILE. --json prints
{"rows", "problems", "created", "updated", "unchanged", "imported"}.`,
  help: `Usage: civnet help [COMMAND]

Show the list of commands, or one command's help.`,
};

/** Exit codes (README, "The command line"). */
export const EXIT = { ok: 0, error: 1, usage: 2, refused: 3, mismatch: 4 } as const;

/** Who ran a command, for the record of what it did: the operating-system account. */
export function commandUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

/** `civnet help`: every command in a line or three, the exit codes. */
export const USAGE = `Usage: civnet <command>

Commands:
  serve [--workers N]
            start the web server (migrates; outside production, loads demo data on a first start);
            --workers N (or WEB_WORKERS) runs N web processes on one PostgreSQL (DATABASE_URL)
  migrate   bring the database to the current schema
  seed      load the demo data into an empty database
  seed --scale N [--seed NUMBER] [--today YYYY-MM-DD]
            also generate a national data set: N organizations named after real places,
            5 people each, ten years of memberships, invoices and payments; the same seed
            (default 1) and day give the same data
  seed --scale national [--seed NUMBER] [--today YYYY-MM-DD]
            every US local government (90,837, the Census of Governments 2022 mix by
            state; about 16% members with their histories) and 1,000,000 people named
            after the Census name frequencies, individual members, most in the directory
  admin create --email EMAIL --name NAME
            create a staff admin and print a one-time link (valid 24 hours) where they
            choose a password, then set up two-factor sign-in; the way to make the
            first admin of a production deployment
  renewals run [--today YYYY-MM-DD] [--json] [--progress]
            issue renewal invoices, send reminders and lapse memberships past their
            grace period, and expire individuals' sign-ups never paid nor confirmed
            after SIGNUP_EXPIRY_DAYS, for today (UTC) or the day given; safe to run again
  newsletters send CAMPAIGN_ID
            send a campaign that is sending (or scheduled and due) to the end, in
            batches at the configured rate; safe to run again after a crash: no
            address gets a campaign twice
  backup FILE [--json] [--progress]
            write a backup of the whole database (pg_dump on PostgreSQL, the data
            directory on the embedded database) with its schema version and counts
  restore FILE [--force] [--json] [--progress]
            restore a backup into an empty database and check its counts
  import organizations FILE [--dry-run] [--source NAME] [--report FILE] [--json]
            check every row of a CSV file of organizations, then import them all or
            none; re-running changes nothing, an edited row updates its organization
  help [COMMAND]
            show this message, or a command's help (also: civnet COMMAND --help)

Exit codes: 0 done; 1 failed (an unexpected error, or the configuration); 2 wrong
arguments; 3 refused (restore: the target is not empty, the backup is newer or of
the other engine, or pg_dump/pg_restore missing); 4 a restored database differs
from its backup. Long commands (renewals run, backup, restore) show their progress on
stderr when it is a terminal, or with --progress. Configuration is read from the
environment; see the README.`;

/** Whether `argv` asks for help: `civnet`, `civnet help [COMMAND]`, `--help`/`-h` first, or after a command. */
export const asksForHelp = (argv: string[]): boolean =>
  argv.length === 0 || ['help', '--help', '-h'].includes(argv[0] ?? '') || argv.slice(1).some((a) => a === '--help' || a === '-h');

/** Answers a request for help (printing it) with its exit code, or null when `argv` asks for
 * something else. Reads no configuration and loads nothing: bin/civnet.js calls it before loading
 * the rest of the command line (the app, the database drivers), which takes over a second. */
export function answerHelp(argv: string[]): number | null {
  if (!asksForHelp(argv)) return null;
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? argv[1] : undefined;
    if (topic && !COMMAND_HELP[topic]) {
      console.error(`Unknown command "${topic}".\n\n${USAGE}`);
      return EXIT.usage;
    }
    console.log(topic ? COMMAND_HELP[topic] : USAGE);
    return EXIT.ok;
  }
  // `civnet COMMAND --help` (anywhere after the command) shows the command's help
  const help = COMMAND_HELP[command];
  if (!help) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  console.log(help);
  return EXIT.ok;
}
