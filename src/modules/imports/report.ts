// The dry run's report as CSV: row, column, value, problem (the app's CSV writer, which
// neutralises cells a spreadsheet would read as formulas).
import { toCsv } from '../../lib/csv.js';
import type { RowProblem } from './kinds/index.js';

export const reportCsv = (report: RowProblem[]): string =>
  toCsv(
    ['row', 'column', 'value', 'problem'],
    report.map((p) => [p.row, p.column, p.value, p.problem]),
  );
