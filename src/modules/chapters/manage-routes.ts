// The officers' routes of a chapter, under /chapters/<slug>/manage: every one checks that the person
// is a current officer of THIS chapter (403 otherwise: an officer of another chapter gets nothing),
// and the use cases check it again in their transaction. A filed report is read back (and, when
// staff sent it back, filed again) at /chapters/<slug>/manage/reports/<id>.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { type ManageForm, ManagePage } from './manage-views.js';
import { addChapterEvent, REMOVE_SELF_MESSAGE, removeChapterEvent, removeMember } from './members.js';
import { inviteOfficer, requireOfficer } from './officers.js';
import { type ChapterDetail, chapterBySlug, eventOf, eventsOf, memberOf, membersOf, officersOf, reportsOf } from './queries.js';
import { askReactivation } from './reactivation.js';
import { formRefusal } from './refusal.js';
import { ReportPage } from './report-views.js';
import { fileableYears, submitReport } from './reports.js';
import { eventForm, officerForm, refileForm, reportForm, SLUG, slugIdParams, slugParams, slugReportParams } from './schemas.js';
import { chapterSettings, dueDate, notFound, todayOf } from './shared.js';

export async function chaptersManageRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const officer = { access: access.signedIn() };

  /** The chapter, when the person is one of its current officers. */
  async function managed(req: FastifyRequest, slug: string): Promise<ChapterDetail> {
    const c = SLUG.test(slug) ? await chapterBySlug(deps.db, slug) : undefined;
    if (!c) throw notFound();
    await requireOfficer(deps.db, c.id, actorOf(req).userId, await todayOf(deps));
    return c;
  }

  async function sendManage(
    req: FastifyRequest,
    reply: FastifyReply,
    c: ChapterDetail,
    form?: { kind: ManageForm; values: Record<string, string>; errors: FieldErrors; message?: string; status: number },
  ) {
    const today = await todayOf(deps);
    const s = await chapterSettings(deps.db);
    const [officers, events, members, reports, years] = await Promise.all([
      officersOf(deps.db, c.id, today, true),
      eventsOf(deps.db, c.id),
      membersOf(deps.db, c.id),
      reportsOf(deps.db, c.id),
      fileableYears(deps.db, { id: c.id, approvedOn: c.approvedOn ?? today }, today, s),
    ]);
    return sendPage(
      reply,
      ManagePage({ ctx: await pageContext(req, reply), chapter: c, officers, events, members, reports, years, dueOn: (y) => dueDate(y, s), today, form }),
      form?.status ?? 200,
    );
  }

  app.get('/chapters/:slug/manage', { config: officer, schema: { params: slugParams } }, async (req, reply) => sendManage(req, reply, await managed(req, req.params.slug)));

  function post<S extends z.ZodType>(
    path: string,
    kind: ManageForm,
    schema: S,
    anchor: string,
    run: (c: ChapterDetail, data: z.output<S>, req: FastifyRequest) => Promise<string>,
  ) {
    app.post(`/chapters/:slug/manage/${path}`, { config: officer, schema: { params: slugParams } }, async (req, reply) => {
      const c = await managed(req, req.params.slug);
      const parsed = parseForm(schema, req.body);
      if (!parsed.ok) return sendManage(req, reply, c, { kind, values: parsed.values, errors: parsed.errors, status: 400 });
      try {
        setFlash(reply, await run(c, parsed.data, req));
      } catch (err) {
        const refused = formRefusal(err);
        if (!refused) throw err;
        const values = Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
        return sendManage(req, reply, c, { kind, values, ...refused });
      }
      return reply.redirect(`/chapters/${c.slug}/manage#${anchor}`, 303);
    });
  }

  post('officers', 'officer', officerForm, 'officers', async (c, d, req) => {
    await inviteOfficer(deps, actorOf(req), { chapterId: c.id, role: d.role, email: d.email, termStart: d.termStart, termEnd: d.termEnd });
    return 'Invitation sent. The student holds the role once they accept.';
  });
  post('events', 'event', eventForm, 'events', async (c, d, req) => {
    await addChapterEvent(deps, actorOf(req), { chapterId: c.id, title: d.title, happensOn: d.happensOn, place: d.place, description: d.description });
    return 'Event added. It appears on the chapter’s page.';
  });
  post('report', 'report', reportForm, 'report', async (c, d, req) => {
    await submitReport(deps, actorOf(req), { chapterId: c.id, year: d.year, activities: d.activities, eventsHeld: d.eventsHeld, memberCount: d.memberCount });
    return 'Report filed. Membership staff have been told.';
  });

  // ---- a dormant chapter's officers ask membership staff to reactivate it
  app.post('/chapters/:slug/manage/reactivation', { config: officer, schema: { params: slugParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    try {
      await askReactivation(deps, actorOf(req), { chapterId: c.id });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendManage(req, reply, c, { kind: 'report', values: {}, errors: {}, message: refused.message, status: refused.status });
    }
    setFlash(reply, 'Membership staff have been emailed your request to reactivate the chapter. They decide; once they do, the chapter is listed among the active ones again.');
    return reply.redirect(`/chapters/${c.slug}/manage`, 303);
  });

  // ---- a filed report, read back; filed again when staff sent it back
  async function sendReport(
    req: FastifyRequest,
    reply: FastifyReply,
    c: ChapterDetail,
    reportId: string,
    form?: { values: Record<string, string>; errors: FieldErrors; message?: string; status: number },
  ) {
    const [report] = isUuid(reportId) ? await reportsOf(deps.db, c.id, reportId) : [];
    if (!report) throw notFound('report of this chapter');
    const today = await todayOf(deps);
    const years = await fileableYears(deps.db, { id: c.id, approvedOn: c.approvedOn ?? today }, today, await chapterSettings(deps.db));
    const page = ReportPage({ ctx: await pageContext(req, reply), chapter: c, report, canFileAgain: years.includes(report.year), form });
    return sendPage(reply, page, form?.status ?? 200);
  }

  app.get('/chapters/:slug/manage/reports/:reportId', { config: officer, schema: { params: slugReportParams } }, async (req, reply) =>
    sendReport(req, reply, await managed(req, req.params.slug), req.params.reportId),
  );

  app.post('/chapters/:slug/manage/reports/:reportId', { config: officer, schema: { params: slugReportParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    const [report] = isUuid(req.params.reportId) ? await reportsOf(deps.db, c.id, req.params.reportId) : [];
    if (!report) throw notFound('report of this chapter');
    const parsed = parseForm(refileForm, req.body);
    if (!parsed.ok) return sendReport(req, reply, c, report.id, { values: parsed.values, errors: parsed.errors, status: 400 });
    try {
      await submitReport(deps, actorOf(req), { chapterId: c.id, year: report.year, ...parsed.data });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      // the year is the report's own: a refusal about it is the page's, not a field's
      const message = refused.message ?? Object.values(refused.errors).join(' ');
      const values = { activities: parsed.data.activities, eventsHeld: parsed.data.eventsHeld, memberCount: String(parsed.data.memberCount) };
      return sendReport(req, reply, c, report.id, { values, errors: {}, message, status: refused.status });
    }
    setFlash(reply, 'Report filed again. Membership staff have been told.');
    return reply.redirect(`/chapters/${c.slug}/manage/reports/${report.id}`, 303);
  });

  // removing an event asks first, on a page of its own naming the event and its day (no JavaScript needed)
  app.get('/chapters/:slug/manage/events/:id/remove', { config: officer, schema: { params: slugIdParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    const e = isUuid(req.params.id) ? await eventOf(deps.db, c.id, req.params.id) : undefined;
    if (!e) throw notFound('event of this chapter');
    const page = ConfirmPage({
      ctx: await pageContext(req, reply),
      title: `Remove “${e.title}” on ${formatDay(e.happensOn)}?`,
      lead: 'It leaves the chapter’s page at once, and the yearly report no longer fills it in among the events held. This cannot be undone: to list it again, add it again.',
      action: `/chapters/${c.slug}/manage/events/${e.id}/remove`,
      button: 'Remove the event',
      back: { href: `/chapters/${c.slug}/manage#events`, label: `Manage ${c.name}` },
    });
    return sendPage(reply, page);
  });

  app.post('/chapters/:slug/manage/events/:id/remove', { config: officer, schema: { params: slugIdParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    if (!isUuid(req.params.id)) throw notFound('event of this chapter');
    const title = await removeChapterEvent(deps, actorOf(req), { chapterId: c.id, eventId: req.params.id });
    setFlash(reply, `Event removed: “${title}” no longer shows on the chapter’s page.`);
    return reply.redirect(`/chapters/${c.slug}/manage#events`, 303);
  });

  /** An officer's own row: refused with the way out, as a removal of themselves is. */
  const removeSelfRefusal = (req: FastifyRequest, reply: FastifyReply, c: ChapterDetail) =>
    sendManage(req, reply, c, {
      kind: 'member',
      values: {},
      errors: {},
      message: REMOVE_SELF_MESSAGE,
      status: 409,
    });

  // removing a member asks first, on a page of its own naming them and what it means for them
  app.get('/chapters/:slug/manage/members/:id/remove', { config: officer, schema: { params: slugIdParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    const m = isUuid(req.params.id) ? await memberOf(deps.db, c.id, req.params.id) : undefined;
    if (!m) throw notFound('member of this chapter');
    if (m.userId === actorOf(req).userId) return removeSelfRefusal(req, reply, c);
    const page = ConfirmPage({
      ctx: await pageContext(req, reply),
      title: `Remove ${m.name} from ${c.name}?`,
      lead: `They are no longer listed among the chapter’s members, and we email them (${m.email}) that an officer removed them. They can join again from the chapter’s page, or join another chapter.`,
      action: `/chapters/${c.slug}/manage/members/${m.userId}/remove`,
      button: 'Remove the member',
      back: { href: `/chapters/${c.slug}/manage#members`, label: `Manage ${c.name}` },
    });
    return sendPage(reply, page);
  });

  app.post('/chapters/:slug/manage/members/:id/remove', { config: officer, schema: { params: slugIdParams } }, async (req, reply) => {
    const c = await managed(req, req.params.slug);
    if (!isUuid(req.params.id)) throw notFound('member of this chapter');
    try {
      await removeMember(deps, actorOf(req), { chapterId: c.id, userId: req.params.id });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendManage(req, reply, c, { kind: 'member', values: {}, errors: {}, message: refused.message, status: refused.status });
    }
    setFlash(reply, 'Member removed from the chapter. They are emailed that an officer removed them.');
    return reply.redirect(`/chapters/${c.slug}/manage#members`, 303);
  });
}
