// Membership staff routes of student chapters (chapters are about student members, whom membership
// staff look after; admins too): the queues, a chapter's record, approving, declining with
// reasons, reactivating a dormant chapter, inviting an officer to a chapter left with none,
// accepting reports, and the yearly report's settings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { inviteOfficerAsStaff } from './officers.js';
import { type ChapterDetail, chapterById, membersOf, officersOf, reportsOf, staffChapters } from './queries.js';
import { reactivateChapter } from './reactivation.js';
import { formRefusal } from './refusal.js';
import { acceptReport, returnReport, updateChapterSettings } from './reports.js';
import { approveChapter, declineChapter } from './requests.js';
import { declineForm, idParams, officerForm, reportParams, returnForm, settingsForm } from './schemas.js';
import { chapterSettings, foundingTermEnd, notFound, todayOf } from './shared.js';
import { StaffChapterPage, StaffChaptersPage } from './staff-views.js';

export async function chaptersStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const staff = { access: access.staff('membership') };

  async function sendList(req: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, string>; errors: FieldErrors; status: number }) {
    const [chapters, settings] = await Promise.all([staffChapters(deps.db, await todayOf(deps)), chapterSettings(deps.db)]);
    return sendPage(reply, StaffChaptersPage({ ctx: await pageContext(req, reply), chapters, settings, form }), form?.status ?? 200);
  }

  app.get('/staff/chapters', { config: staff }, async (req, reply) => sendList(req, reply));

  app.post('/staff/chapters/settings', { config: staff }, async (req, reply) => {
    const parsed = parseForm(settingsForm, req.body);
    if (!parsed.ok) return sendList(req, reply, { values: parsed.values, errors: parsed.errors, status: 400 });
    await updateChapterSettings(deps, actorOf(req), parsed.data);
    setFlash(reply, 'Settings saved.');
    return reply.redirect('/staff/chapters#settings', 303);
  });

  const chapterOf = async (id: string): Promise<ChapterDetail> => {
    const c = isUuid(id) ? await chapterById(deps.db, id) : undefined;
    if (!c) throw notFound();
    return c;
  };

  async function sendChapter(
    req: FastifyRequest,
    reply: FastifyReply,
    c: ChapterDetail,
    form?: { values: Record<string, string>; errors: FieldErrors; message?: string; status: number; reportId?: string },
  ) {
    const today = await todayOf(deps);
    const [officers, members, reports, settings] = await Promise.all([
      officersOf(deps.db, c.id, today, true),
      membersOf(deps.db, c.id),
      reportsOf(deps.db, c.id),
      chapterSettings(deps.db),
    ]);
    // a new officer's term, unless staff change it: today to the end of this academic year (or the next)
    const term = { start: today, end: foundingTermEnd(today, settings) };
    return sendPage(reply, StaffChapterPage({ ctx: await pageContext(req, reply), chapter: c, officers, members, reports, today, term, form }), form?.status ?? 200);
  }

  app.get('/staff/chapters/:id', { config: staff, schema: { params: idParams } }, async (req, reply) => sendChapter(req, reply, await chapterOf(req.params.id)));

  /** A decision: run, or the page again with the refusal. */
  async function decide(req: FastifyRequest, reply: FastifyReply, c: ChapterDetail, run: () => Promise<string>, values: Record<string, string> = {}, reportId?: string) {
    try {
      setFlash(reply, await run());
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendChapter(req, reply, c, { values, ...refused, reportId });
    }
    return reply.redirect(`/staff/chapters/${c.id}`, 303);
  }

  app.post('/staff/chapters/:id/approve', { config: staff, schema: { params: idParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    return decide(req, reply, c, async () => {
      const { slug } = await approveChapter(deps, actorOf(req), { chapterId: c.id });
      return `Chapter approved: its page is /chapters/${slug}. The requester has been emailed.`;
    });
  });

  app.post('/staff/chapters/:id/decline', { config: staff, schema: { params: idParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    const parsed = parseForm(declineForm, req.body);
    if (!parsed.ok) return sendChapter(req, reply, c, { values: parsed.values, errors: parsed.errors, status: 400 });
    return decide(
      req,
      reply,
      c,
      async () => {
        await declineChapter(deps, actorOf(req), { chapterId: c.id, reason: parsed.data.reason });
        return 'Request declined. The requester has been emailed the reason.';
      },
      { reason: parsed.data.reason },
    );
  });

  app.post('/staff/chapters/:id/reactivate', { config: staff, schema: { params: idParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    return decide(req, reply, c, async () => {
      const told = await reactivateChapter(deps, actorOf(req), { chapterId: c.id });
      return told
        ? `Chapter reactivated. ${told === 1 ? 'One person has' : `${told} people have`} been emailed what to do next; replies reach you.`
        : 'Chapter reactivated. Nobody was emailed: it has no officers, past or present, with an account. Invite an officer below.';
    });
  });

  // a chapter left with no current officers: membership staff invite one (the person accepts)
  app.post('/staff/chapters/:id/officers', { config: staff, schema: { params: idParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    const parsed = parseForm(officerForm, req.body);
    if (!parsed.ok) return sendChapter(req, reply, c, { values: parsed.values, errors: parsed.errors, status: 400 });
    const d = parsed.data;
    return decide(
      req,
      reply,
      c,
      async () => {
        await inviteOfficerAsStaff(deps, actorOf(req), { chapterId: c.id, role: d.role, email: d.email, termStart: d.termStart, termEnd: d.termEnd });
        return `Invitation sent to ${d.email}. They hold the role once they accept; until then it shows as waiting under Officers and invitations.`;
      },
      { role: d.role, email: d.email, termStart: d.termStart, termEnd: d.termEnd },
    );
  });

  app.post('/staff/chapters/:id/reports/:reportId/accept', { config: staff, schema: { params: reportParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    if (!isUuid(req.params.reportId)) throw notFound('report');
    return decide(req, reply, c, async () => {
      await acceptReport(deps, actorOf(req), { chapterId: c.id, reportId: req.params.reportId });
      return 'Report accepted. The chapter’s officers have been emailed.';
    });
  });

  app.post('/staff/chapters/:id/reports/:reportId/return', { config: staff, schema: { params: reportParams } }, async (req, reply) => {
    const c = await chapterOf(req.params.id);
    const reportId = req.params.reportId;
    if (!isUuid(reportId)) throw notFound('report');
    const parsed = parseForm(returnForm, req.body);
    if (!parsed.ok) return sendChapter(req, reply, c, { values: parsed.values, errors: parsed.errors, status: 400, reportId });
    return decide(
      req,
      reply,
      c,
      async () => {
        await returnReport(deps, actorOf(req), { chapterId: c.id, reportId, note: parsed.data.note });
        return 'Report sent back. The chapter’s officers have been emailed what to change.';
      },
      { note: parsed.data.note },
      reportId,
    );
  });
}
