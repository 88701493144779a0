// The job center's API: GET /api/v1/jobs (the search of live postings, as the page) and
// POST /api/v1/jobs (post a job as the signed-in person, with an Idempotency-Key; the same rules
// as the form: a fee invoiced to non-members, moderation before publication).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EMPLOYMENT_TYPES, JOB_STATUSES, WORKPLACES } from '../../db/types.js';
import { access, actorOf } from '../../lib/access.js';
import { keptJson } from '../../lib/encoding.js';
import { AppError } from '../../lib/errors.js';
import { errorShape, ONCE_PER_PARAMETER, refuseRepeatedQuery } from '../../lib/http-errors.js';
import { requireIdempotencyKey } from '../../lib/idempotency-key.js';
import { today as todayIn } from '../../lib/today.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { readCriteria, WITHIN_DAYS } from './criteria.js';
import { hasSearchWords, keptSearchJobs, NO_SEARCH_WORDS, PAGE_SIZE } from './queries.js';
import { readPosting } from './rules.js';
import { postJob } from './service.js';

const tags = ['jobs'];

const apiQuery = z.object({
  q: z.string().max(200).optional().describe('keywords, searched in the title, employer and description (stemmed)'),
  state: z.enum(STATE_CODES, { error: 'Give a two-letter state code, like CA.' }).optional().describe('two-letter state code'),
  salaryMin: z.string().max(10).optional().describe('whole dollars a year: postings whose range reaches at least this'),
  type: z.enum(EMPLOYMENT_TYPES, { error: `Choose one of: ${EMPLOYMENT_TYPES.join(', ')}.` }).optional(),
  within: z
    .enum(WITHIN_DAYS.map(String) as [string, ...string[]], { error: 'Choose 1, 7, 14 or 30 days.' })
    .optional()
    .describe('posted within this many days'),
  page: z.string().max(5).optional().describe('page number, from 1; 20 postings a page'),
});

const apiJob = z.object({
  id: z.string(),
  title: z.string(),
  employer: z.string(),
  city: z.string(),
  state: z.string().nullable(),
  workplace: z.enum(WORKPLACES),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  salary: z.object({ min: z.number().int(), max: z.number().int(), currency: z.literal('USD'), period: z.literal('year') }),
  postedAt: z.string(),
  validThrough: z.string(),
  closesOn: z.string().nullable(),
  url: z.string(),
});

const postBody = z.strictObject({
  title: z.string().max(150),
  employer: z.string().max(200),
  organizationId: z.uuid().optional().describe('an organization you are a contact of'),
  city: z.string().max(100).optional(),
  state: z.string().max(2).optional(),
  workplace: z.enum(WORKPLACES),
  salaryMin: z.number().int().describe('whole dollars a year'),
  salaryMax: z.number().int().describe('whole dollars a year, at least salaryMin'),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  description: z.string().max(100_000).describe('Markdown; raw HTML is shown as text'),
  apply: z.string().max(500).describe('an https:// address or an email address'),
  closesOn: z.iso.date().optional(),
});

const postResult = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  feeCents: z.number().int(),
  invoice: z.object({ url: z.string(), totalCents: z.number().int() }).nullable(),
  url: z.string(),
});

const keyHeader = z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique value per posting, such as a UUID') });

export async function apiJobRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const base = deps.config.publicUrl;
  const searchAnswer = z.object({ total: z.number().int(), page: z.number().int(), pages: z.number().int(), jobs: z.array(apiJob) });

  app.get(
    '/api/v1/jobs',
    {
      config: { access: access.public() },
      preValidation: refuseRepeatedQuery,
      schema: {
        tags,
        summary: 'Search open job postings (published and not expired), newest first, 20 a page',
        description:
          'The same search as the job center page. Keywords made only of words the search skips ("a", "the", "of") are refused with 400 and the message under `error.fields.q`, rather than answering no jobs. ' +
          ONCE_PER_PARAMETER,
        querystring: apiQuery,
        response: { 200: searchAnswer, 400: errorShape },
      },
    },
    async (req, reply) => {
      const { criteria, page, errors } = readCriteria(req.query);
      if (Object.keys(errors).length) throw new AppError('validation_failed', { fields: errors });
      // kept whole with the search (serialized and compressed once), as the resources API
      const key = `jobs:api:${JSON.stringify([criteria.q?.trim() ?? '', criteria.state ?? '', criteria.salaryMin ?? 0, criteria.type ?? '', criteria.within ?? 0, page])}`;
      const kept = await keptJson(deps.searches, key, req.headers['accept-encoding'], async () => {
        const { jobs, total } = await keptSearchJobs(deps, criteria, page);
        // keywords of only skipped words would silently find nothing: refused, as the page does
        if (total === 0 && criteria.q && !(await hasSearchWords(deps.db, criteria.q))) {
          throw new AppError('validation_failed', { message: NO_SEARCH_WORDS, fields: { q: NO_SEARCH_WORDS } });
        }
        const out: z.input<typeof searchAnswer> = {
          total,
          page,
          pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
          jobs: jobs.map((j) => ({
            id: j.id,
            title: j.title,
            employer: j.employer_name,
            city: j.city,
            state: j.state,
            workplace: j.workplace,
            employmentType: j.employment_type,
            salary: { min: j.salary_min, max: j.salary_max, currency: 'USD' as const, period: 'year' as const },
            postedAt: (j.published_at ?? new Date(0)).toISOString(),
            validThrough: (j.expires_at ?? new Date(0)).toISOString(),
            closesOn: j.closes_on,
            url: `${base}/jobs/${j.id}`,
          })),
        };
        return JSON.stringify(searchAnswer.parse(out));
      });
      reply.type('application/json; charset=utf-8');
      if (kept.encoding) reply.header('content-encoding', kept.encoding).header('vary', 'accept-encoding');
      // already serialized (checked against the schema above): Fastify sends a Buffer as it is
      return reply.send(kept.body as unknown as z.output<typeof searchAnswer>);
    },
  );

  app.post(
    '/api/v1/jobs',
    {
      config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } },
      preValidation: requireIdempotencyKey('Send an Idempotency-Key header (a unique value per posting, such as a UUID), so that a retried request posts once.'),
      schema: {
        tags,
        summary: 'Post a job',
        description:
          'Posts a job as the signed-in person. Contacts of a member organization post for free (`in_review`); others get an invoice for the posting fee (`awaiting_payment`) and the posting goes to review once it is paid. Staff approve it before it is published. ' +
          'Requires an `Idempotency-Key` header: the same key answers as the first time and posts nothing more. A salary minimum above the maximum, an apply link that is not https:// or an email address, or unsafe Markdown is refused with 400 and the field named.',
        headers: keyHeader,
        body: postBody,
        response: { 201: postResult, 400: errorShape, 409: errorShape },
      },
    },
    async (req, reply) => {
      const read = readPosting(req.body, await todayIn(deps));
      if (!read.ok) throw new AppError('validation_failed', { fields: read.errors, message: Object.values(read.errors)[0] });
      const r = await postJob(deps, actorOf(req), read.data, `api:${String(req.headers['idempotency-key'])}`);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ id: r.id, status: r.status, feeCents: r.feeCents, invoice: r.invoice, url: `${base}/jobs/${r.id}` });
    },
  );
}
