// A posting's own page as routes send it: to everyone while live or closed (a view counted, not the
// employer's own), else to its employer and communications staff only (404 for anyone else); and
// to its employer again with a refusal (409) when an action they took from it (closing twice, a
// stale tab; editing a closed or withdrawn posting) changed nothing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { hasStaffRole } from '../../lib/access.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { jobPostingJsonLd } from './format.js';
import { countHit, postingById } from './queries.js';
import { isLivePosting, notFound } from './shared.js';
import { PostingPage } from './views.js';

export async function sendPostingPage(deps: Pick<Deps, 'db' | 'clock' | 'config'>, req: FastifyRequest, reply: FastifyReply, id: string, refusal?: string) {
  const job = await postingById(deps.db, id);
  if (!job) throw notFound();
  const now = deps.clock.now();
  const live = isLivePosting(job, now);
  const p = req.principal;
  const owner = !!p && p.userId === job.employer_user_id;
  const staff = hasStaffRole(p, 'communications');
  // a closed posting keeps its page for everyone (old links, alerts), saying it was closed
  if (!live && !owner && !staff && job.status !== 'closed') throw notFound();
  if (live && !owner && !refusal) await countHit(deps.db, job.id, 'views', now, p?.userId);
  const page = PostingPage({ ctx: await pageContext(req, reply), job, live, owner, staff, now, refusal, jsonLd: live ? jobPostingJsonLd(job, deps.config.publicUrl) : null });
  return sendPage(reply, page, refusal ? 409 : 200);
}
