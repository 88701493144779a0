// zod at the edge of the Code of Ethics' editor: the draft's details and a tenet. Lengths match
// the table's checks (0049_ethics_code), so a form never reaches a database error.
import { z } from 'zod';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`);

export const CODE_LABELS = { title: 'Title', preamble: 'Preamble', rulesOfProcedure: 'Rules of procedure' };
export const TENET_LABELS = { number: 'Number', name: 'Tenet', body: 'Text of the tenet', guidelines: 'Guidelines' };

export const codeDetailsForm = z
  .object({
    title: text(200).min(1, 'Enter the title, like Code of Ethics.'),
    preamble: text(20_000).default(''),
    rulesOfProcedure: text(100_000).default(''),
  })
  .strip();

/** The most tenets a version may have (the table allows numbers 1 to 99). */
export const MAX_TENETS = 99;

const position = z
  .string()
  .trim()
  .default('')
  .transform((s, c) => {
    if (s === '') return null;
    const n = /^\d{1,3}$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_TENETS) {
      c.addIssue({ code: 'custom', message: `Enter a whole number from 1 to ${MAX_TENETS}, or leave it empty.` });
      return z.NEVER;
    }
    return n;
  });

export const tenetForm = z
  .object({
    number: position,
    // `name`, not `title`: the draft's page has the code's title field too, and ids must not clash
    name: text(300).min(1, 'Enter the tenet’s short name, like Integrity.'),
    body: text(5000).min(1, 'Enter the text of the tenet.'),
    guidelines: text(20_000).default(''),
  })
  .strip();

/** A version's id in the path is checked in the handler: a malformed one is a 404 like an unknown one. */
export const versionParams = z.object({ id: z.string().max(100) }).strict();
export const tenetParams = z.object({ id: z.string().max(100), number: z.string().max(100) }).strict();
export const publicVersionParams = z.object({ version: z.string().max(100) }).strict();
