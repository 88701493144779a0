// The employer's list of their postings and saved searches, and what they do from it: renew a
// published posting, close it (the job is filled) and reopen it, or withdraw one not yet published
// (after a confirmation page). A refusal (closed already, a stale tab, a paid fee) answers the list
// again (409) with the reason beside that posting, changing nothing. Another person's posting is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { mySavedSearches } from './alerts.js';
import { closePosting, reopenPosting } from './close.js';
import { criteriaQuery, readCriteria } from './criteria.js';
import { MyJobsPage, type RowNotice, WithdrawPage } from './employer-views.js';
import { sendPostingPage } from './posting-page.js';
import { myPostings, ownPosting as ownPostingOf } from './queries.js';
import { renewPosting } from './service.js';
import { withdrawalContext, withdrawalFee, withdrawalRefusal, withdrawPosting } from './withdraw.js';

const idParams = z.object({ id: z.string().max(100) }).strict();

export async function employerRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  const ownPosting = (req: FastifyRequest, id: string) => ownPostingOf(deps.db, actorOf(req).userId, id);

  async function sendMine(req: FastifyRequest, reply: FastifyReply, notice?: RowNotice) {
    const userId = actorOf(req).userId;
    const [postings, searches] = await Promise.all([myPostings(deps.db, userId), mySavedSearches(deps.db, userId)]);
    const listed = searches.map((s) => ({ id: s.id, label: s.label, query: criteriaQuery(readCriteria(s.criteria).criteria) }));
    return sendPage(reply, MyJobsPage({ ctx: await pageContext(req, reply), postings, searches: listed, now: deps.clock.now(), notice }), notice ? 409 : 200);
  }

  /** Runs an action on the posting: its result, or (a refusal, 409) the list with the reason beside the posting. */
  async function act<T>(req: FastifyRequest, reply: FastifyReply, id: string, run: () => Promise<T>): Promise<{ done: T } | { refused: FastifyReply }> {
    try {
      return { done: await run() };
    } catch (err) {
      if (err instanceof AppError && err.status === 409) {
        // pressed on the posting's own page (back=posting): that page answers, else the list
        if (formValues(req.body).back === 'posting') return { refused: await sendPostingPage(deps, req, reply, id, err.message) };
        return { refused: await sendMine(req, reply, { id, message: err.message }) };
      }
      throw err;
    }
  }

  app.get('/jobs/mine', { config: { access: access.signedIn() } }, async (req, reply) => sendMine(req, reply));

  app.post('/jobs/:id/renew', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const r = await act(req, reply, job.id, () => renewPosting(deps, actorOf(req), job.id));
    if ('refused' in r) return r.refused;
    setFlash(reply, `“${job.title}” is renewed for another 60 days.`);
    return reply.redirect('/jobs/mine', 303);
  });

  // the employer closes the posting (the job is filled) and may reopen it while its listing lasts
  const backTo = (req: FastifyRequest, id: string) => (formValues(req.body).back === 'posting' ? `/jobs/${id}` : '/jobs/mine');
  app.post('/jobs/:id/close', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const r = await act(req, reply, job.id, () => closePosting(deps, actorOf(req), job.id));
    if ('refused' in r) return r.refused;
    const until = job.expires_at && job.expires_at > deps.clock.now() ? formatZonedDay(new Date(job.expires_at.getTime() - 1), await deps.association.timeZone()) : null;
    setFlash(
      reply,
      `“${job.title}” is closed: it no longer shows in the job center, and its page tells people following a link that it is closed.${until ? ` You can reopen it until ${until}.` : ''}`,
    );
    return reply.redirect(backTo(req, job.id), 303);
  });

  app.post('/jobs/:id/reopen', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const r = await act(req, reply, job.id, () => reopenPosting(deps, actorOf(req), job.id));
    if ('refused' in r) return r.refused;
    setFlash(reply, `“${job.title}” is open again and shows in the job center until ${formatZonedDay(new Date(r.done.getTime() - 1), await deps.association.timeZone())}.`);
    return reply.redirect(backTo(req, job.id), 303);
  });

  // withdrawing a posting not yet published: a confirmation page first, saying what happens to its fee
  app.get('/jobs/:id/withdraw', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const [fee, c] = await Promise.all([withdrawalFee(deps, job.invoice_id), withdrawalContext(deps)]);
    const refusal = withdrawalRefusal(job, fee, c);
    return sendPage(reply, WithdrawPage({ ctx: await pageContext(req, reply), job, fee, refusal }), refusal ? 409 : 200);
  });

  app.post('/jobs/:id/withdraw', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const job = await ownPosting(req, req.params.id);
    const r = await act(req, reply, job.id, () => withdrawPosting(deps, actorOf(req), job.id));
    if ('refused' in r) return r.refused;
    const fee = r.done;
    const money = fee.kind === 'void' ? ` Its invoice${fee.number ? ` ${fee.number}` : ''} for ${formatCents(fee.totalCents)} is cancelled: you owe nothing for it.` : '';
    setFlash(reply, `“${job.title}” is withdrawn: it will not be published, and our staff no longer review it.${money}`);
    return reply.redirect('/jobs/mine', 303);
  });
}
