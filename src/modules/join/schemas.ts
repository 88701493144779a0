// Shapes of join-section edits (form and service) and of the public API.
import { z } from 'zod';

export const TITLE_MAX = 120;
export const BODY_MAX = 10_000;

export const joinSectionInput = z
  .object({
    title: z.string({ error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(TITLE_MAX, `Use at most ${TITLE_MAX} characters.`),
    body: z
      .string()
      .default('')
      .transform((s) => s.replace(/\r\n?/g, '\n').trim())
      .pipe(z.string().max(BODY_MAX, `Use at most ${BODY_MAX.toLocaleString('en-US')} characters.`)),
  })
  .strict();
export type JoinSectionInput = z.output<typeof joinSectionInput>;

export const joinSectionOut = z.object({
  key: z.string(),
  title: z.string(),
  body: z.string().meta({
    description: 'Plain text: paragraphs separated by a blank line; lines starting with "- " are a bulleted list, lines starting with "1. " a numbered list. Never HTML.',
  }),
  action: z.object({ label: z.string(), href: z.string() }).nullable().meta({ description: 'The link shown after the text, if any' }),
  updatedAt: z.string().nullable(),
});

export const joinSectionsResponse = z.object({ sections: z.array(joinSectionOut) });
