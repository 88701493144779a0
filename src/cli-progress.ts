// Progress of the long `civnet` commands (renewals run, backup, restore; issue 21, P9): on
// stderr, never on stdout (where --json output goes), when stderr is a terminal or --progress is
// given. On a terminal each message replaces the one before on one line; otherwise (--progress
// into a file or a pipe) each is a line of its own.

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
