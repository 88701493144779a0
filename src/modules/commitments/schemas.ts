// The forms and API shapes of commitments, parsed with zod at the edge: each field's message is
// what the page shows beside it.
import { z } from 'zod';
import { STATE_CODES } from '../../lib/us-states.js';
import { markdownProblems } from '../publishing/index.js';
import { COMMITMENT_SIGNERS } from './shared.js';

const required = (max: number, empty: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, `Keep this under ${max.toLocaleString('en-US')} characters.`);

/** What staff write of a commitment (new, or changed). */
export const commitmentForm = z.object({
  title: required(200, 'Enter the commitment’s title.'),
  slug: z
    .string({ error: 'Enter a web address, like climate-emergency-declaration.' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter a web address, like climate-emergency-declaration.')
    .max(100, 'Keep the web address under 100 characters.')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like climate-emergency-declaration.'),
  body: z
    .string({ error: 'Write the commitment’s text.' })
    .transform((s) => s.replace(/\r\n/g, '\n'))
    .pipe(
      z
        .string()
        .refine((s) => s.trim().length > 0, 'Write the commitment’s text.')
        .superRefine((s, c) => {
          const [problem] = markdownProblems(s);
          if (problem) c.addIssue({ code: 'custom', message: problem });
        }),
    ),
  launchedOn: z.string({ error: 'Enter a real launch date, such as 2027-04-22.' }).trim().pipe(z.iso.date('Enter a real launch date, such as 2027-04-22.')),
  signers: z.enum(COMMITMENT_SIGNERS, { error: 'Choose who may sign.' }),
  open: z.literal('yes').optional(),
});
export type CommitmentInput = z.output<typeof commitmentForm>;

/** A signature: the organization signed for, and the signer's name and title as shown publicly. */
export const signForm = z.object({
  org: z.uuid({ error: 'Choose the government you sign for.' }),
  signerName: required(200, 'Enter your name as it should appear.'),
  signerTitle: required(200, 'Enter your title, like Mayor or City Manager.'),
});
export type SignInput = z.output<typeof signForm>;

/** Withdrawing a signature: why (kept with the signature's history). */
export const withdrawForm = z.object({
  reason: required(2000, 'Say why the signature is withdrawn.'),
});

/** A withdrawal by the government itself names its organization. */
export const withdrawOwnForm = withdrawForm.extend({ org: z.uuid({ error: 'Choose the government whose signature is withdrawn.' }) });

export const stateFilter = z.object({
  state: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => v === '' || (STATE_CODES as readonly string[]).includes(v), 'Choose a state, by its two-letter code like IL.')
    .optional()
    .transform((v) => v || undefined),
});

export const apiCommitment = z.object({
  slug: z.string(),
  title: z.string(),
  launchedOn: z.string().describe('YYYY-MM-DD'),
  signers: z.enum(COMMITMENT_SIGNERS).describe('who may sign: member organizations, any local government in the directory, or elected officials'),
  open: z.boolean().describe('whether it takes new signatures'),
  signatories: z.number().int().describe('governments whose signature stands (withdrawn ones are not counted)'),
  url: z.string(),
});
export const commitmentsResponse = z.object({ commitments: z.array(apiCommitment) });

export const apiSignatory = z.object({
  organization: z.string(),
  state: z.string(),
  signerName: z.string(),
  signerTitle: z.string(),
  signedOn: z.string().describe('YYYY-MM-DD'),
  networkUrl: z.string().nullable().describe('the organization’s page on the network when it is a listed, current member'),
});
export const signatoriesResponse = z.object({
  commitment: z.object({ slug: z.string(), title: z.string() }),
  count: z.number().int().describe('every standing signature (of the state asked for), unlisted organizations’ included'),
  unlisted: z.number().int().describe('of them, signatures of organizations not listed in the network’s directory: counted, never named'),
  signatories: z.array(apiSignatory).describe('the signatories that are named: organizations listed in the network’s directory'),
});
