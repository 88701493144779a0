// Counts as staff read them: '1 row', '3 rows', '1 problem' (never 'row(s)').

/** `n` and the word for it: counted(1, 'row') → '1 row'; counted(3, 'row') → '3 rows'. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
