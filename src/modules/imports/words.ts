// Counts as staff read them: '1 row', '3 rows', '1 problem' (never 'row(s)'), in the same
// sentences on the pages, in the background job's message and on the command line.

/** `n` and the word for it: counted(1, 'row') → '1 row'; counted(3, 'row') → '3 rows'. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** '1 problem in 1 row', '3 problems in 2 rows' (the rows of the file). */
export const problemsInRows = (r: { problems: number; rows: number }): string => `${counted(r.problems, 'problem')} in ${counted(r.rows, 'row')}`;

/** '1 row is' / 'all 3 rows are' (ready to import). */
export const rowsAre = (rows: number): string => (rows === 1 ? 'the 1 row is' : `all ${rows} rows are`);

/** '3 rows: 3 organizations created, 0 updated, 0 unchanged' (the kind's noun and plural). */
export const importedCounts = (r: { rows: number; created: number; updated: number; unchanged: number }, noun: string, plural: string): string =>
  `${counted(r.rows, 'row')}: ${counted(r.created, noun, plural)} created, ${r.updated} updated, ${r.unchanged} unchanged`;
