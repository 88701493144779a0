// Communications staff's moderation of postings: the queue, one posting, the three decisions
// (each emailed to the employer by the service), and the posting fee.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { tryParseDollars } from '../../lib/money.js';
import { isUuid, keysetPaging } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { revisionsOf } from '../publishing/index.js';
import { employerOf, postingById, reviewQueue, withdrawnPostings } from './queries.js';
import { type Decision, decidePosting, jobSettings, updateJobSettings } from './service.js';
import { isLivePosting, notFound } from './shared.js';
import { StaffPostingPage, StaffQueuePage } from './staff-views.js';
import { takeDownPosting } from './takedown.js';

const idParams = z.object({ id: z.string().max(100) }).strict();
const comms = () => access.staff('communications');

export async function jobStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  async function sendQueue(req: FastifyRequest, reply: FastifyReply, form?: { errors: FieldErrors; fee: string }) {
    // ?status=withdrawn lists the postings their employers withdrew instead of the queue, a page at a
    // time (?cursor= the next page's place, ?limit= rows per page)
    const q = formValues(req.query);
    const status = (q.status ?? '').trim();
    const list = status === 'withdrawn' ? 'withdrawn' : 'queue';
    const paging = z.object(keysetPaging).safeParse({ limit: q.limit, cursor: q.cursor });
    const [rows, withdrawn, settings] = await Promise.all([
      list === 'queue' ? reviewQueue(deps.db) : Promise.resolve([]),
      list === 'withdrawn' && paging.success ? withdrawnPostings(deps.db, { after: paging.data.cursor, limit: paging.data.limit }) : Promise.resolve(null),
      jobSettings(deps.db),
    ]);
    const listError =
      status && status !== 'withdrawn'
        ? 'There is no such list of postings: choose “Waiting” or “Withdrawn” above.'
        : list === 'withdrawn' && !withdrawn
          ? 'This page of withdrawn postings does not exist: start again from the first page.'
          : undefined;
    const page = StaffQueuePage({
      ctx: await pageContext(req, reply),
      list,
      rows,
      withdrawn: withdrawn ?? { rows: [], nextCursor: null },
      paging: { cursor: paging.success ? paging.data.cursor : undefined, limit: paging.success ? paging.data.limit : undefined },
      listError,
      feeCents: settings.postingFeeCents,
      ...form,
    });
    return sendPage(reply, page, form || listError ? 400 : 200);
  }

  app.get('/staff/jobs', { config: { access: comms() } }, async (req, reply) => sendQueue(req, reply));

  app.post('/staff/jobs/settings', { config: { access: comms() } }, async (req, reply) => {
    const fee = (formValues(req.body).fee ?? '').trim();
    const cents = tryParseDollars(fee);
    if (cents === null || cents > 10_000_000) return sendQueue(req, reply, { fee, errors: { fee: 'Enter the fee in dollars, like 150 or 150.00, between $0 and $100,000.' } });
    await updateJobSettings(deps, actorOf(req), { postingFeeCents: cents });
    setFlash(reply, 'The posting fee is saved.');
    return reply.redirect('/staff/jobs', 303);
  });

  async function sendPosting(req: FastifyRequest, reply: FastifyReply, id: string, form?: { errors: FieldErrors; values: Record<string, string>; status: number }) {
    const job = isUuid(id) ? await postingById(deps.db, id) : undefined;
    if (!job) throw notFound();
    const [postedBy, revisions] = await Promise.all([employerOf(deps.db, job.employer_user_id), revisionsOf(deps.db, 'job', job.id)]);
    // live, or closed by its employer (its page stays public): staff may take it down
    const live = isLivePosting(job, deps.clock.now()) || job.status === 'closed';
    return sendPage(reply, StaffPostingPage({ ctx: await pageContext(req, reply), job, live, postedBy, revisions, ...form }), form?.status ?? 200);
  }

  app.get('/staff/jobs/:id', { config: { access: comms() }, schema: { params: idParams } }, async (req, reply) => sendPosting(req, reply, req.params.id));

  const decisions: Array<[string, (v: Record<string, string>) => Decision, string]> = [
    ['approve', () => ({ kind: 'approve' }), 'Approved and published; the employer is emailed.'],
    ['changes', (v) => ({ kind: 'changes', message: v.message ?? '' }), 'Changes asked for; the employer is emailed.'],
    ['reject', (v) => ({ kind: 'reject', reason: v.reason ?? '' }), 'Rejected; the employer is emailed the reason.'],
  ];
  // a live posting taken down (published by mistake, a scam, reported), with the reason emailed
  app.post('/staff/jobs/:id/take-down', { config: { access: comms() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const values = formValues(req.body);
    try {
      await takeDownPosting(deps, actorOf(req), req.params.id, values.reason ?? '');
    } catch (err) {
      const fields = err && typeof err === 'object' && 'fields' in err ? (err as { fields?: FieldErrors }).fields : undefined;
      if (fields) return sendPosting(req, reply, req.params.id, { errors: fields, values, status: 400 });
      throw err;
    }
    setFlash(reply, 'Taken down: the posting no longer shows in the job center, and the employer is emailed the reason.');
    return reply.redirect(`/staff/jobs/${req.params.id}`, 303);
  });

  for (const [path, decision, done] of decisions) {
    app.post(`/staff/jobs/:id/${path}`, { config: { access: comms() }, schema: { params: idParams } }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw notFound();
      const values = formValues(req.body);
      try {
        await decidePosting(deps, actorOf(req), req.params.id, decision(values));
      } catch (err) {
        const fields = err && typeof err === 'object' && 'fields' in err ? (err as { fields?: FieldErrors }).fields : undefined;
        if (fields) return sendPosting(req, reply, req.params.id, { errors: fields, values, status: 400 });
        throw err;
      }
      setFlash(reply, done);
      return reply.redirect('/staff/jobs', 303);
    });
  }
}
