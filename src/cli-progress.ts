// Progress of the long `civnet` commands (issue 21, P9), on stderr, never on stdout (where --json
// output goes), when stderr is a terminal or --progress is given.
// - renewals run, backup, restore (`progressReporter`): on a terminal each message replaces the
//   one before on one line; otherwise (--progress into a file or a pipe) each is a line of its own.
// - import (`importProgress`): on a terminal one line redrawn in place (a bar of the share of the
//   file read, the rows, the rate); elsewhere (with --progress) a line every 10,000 rows, for logs.

export interface Progress {
  /** says where the command is; nothing when progress is off */
  (message: string): void;
  /** whether messages are written */
  readonly on: boolean;
  /** ends the progress line (on a terminal), before the command's own output */
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export function progressReporter(opts: { forced: boolean; stream?: ProgressStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const on = opts.forced || tty;
  let open = false;
  const report = ((message: string) => {
    if (!on) return;
    if (tty) {
      stream.write(`\r\x1b[2K${message}`);
      open = true;
    } else stream.write(`${message}\n`);
  }) as Progress;
  Object.defineProperty(report, 'on', { value: on });
  report.done = () => {
    if (open) stream.write('\n');
    open = false;
  };
  return report;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  on: boolean;
  /** "Checked" or "Imported" */
  verb: string;
  bytesRead: () => number;
  size: number;
  now?: () => number;
}

const WIDTH = 24;

/** The progress line for a number of rows, the share of the file read and the rate. */
export function progressLine(o: { verb: string; rows: number; share: number; perSecond: number; bar: boolean }): string {
  const percent = Math.max(0, Math.min(100, Math.floor(o.share * 100)));
  const filled = Math.round((percent / 100) * WIDTH);
  const bar = o.bar ? `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ` : '';
  return `${bar}${o.verb} ${o.rows} rows (${Math.round(o.perSecond)}/s, ${percent}% of the file read)`;
}

export function importProgress(o: ProgressOptions) {
  const now = o.now ?? Date.now;
  let started = now();
  const tty = o.stream.isTTY === true;
  let drawn = false;
  return {
    /** Starts the clock (after the database is opened and migrated, so the rate is the file's). */
    start: () => {
      started = now();
    },
    update: (rows: number) => {
      if (!o.on) return;
      if (!tty && rows % 10_000 !== 0) return;
      const seconds = Math.max(0.001, (now() - started) / 1000);
      const line = progressLine({ verb: o.verb, rows, share: o.size > 0 ? o.bytesRead() / o.size : 0, perSecond: rows / seconds, bar: tty });
      o.stream.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      drawn = true;
    },
    /** Ends the redrawn line, so that what follows starts on its own. */
    end: () => {
      if (drawn && tty) o.stream.write('\n');
      drawn = false;
    },
  };
}
