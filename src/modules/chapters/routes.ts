// Public and members' routes of student chapters: the list and a chapter's page (public), the
// request form (signed in; the service checks the requester is a student or faculty member),
// a person's officer invitations and answers (another person's invitation is a 404), joining and
// leaving (student members), then the officers' routes (manage-routes.ts) and staff's (staff-routes.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf, hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { chaptersManageRoutes } from './manage-routes.js';
import { joinChapter, joinRefusal, leaveChapter } from './members.js';
import { answerOfficerInvitation, isCurrentOfficer } from './officers.js';
import { type ChapterDetail, chapterBySlug, countMembers, eventsOf, listChapters, membersOf, myChapterId, myInvitations, officersOf } from './queries.js';
import { formRefusal } from './refusal.js';
import { requestChapter, requestRefusal } from './requests.js';
import { idParams, OFFICER_FIELDS, requestForm, SLUG, searchQuery, slugParams } from './schemas.js';
import { notFound, todayOf } from './shared.js';
import { chaptersStaffRoutes } from './staff-routes.js';
import { VISITOR_NOTE } from './standing.js';
import { ChapterPage, ChaptersPage, InvitationsPage, type JoinState, RequestPage } from './views.js';

export async function chaptersRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const bySlug = async (slug: string): Promise<ChapterDetail> => {
    const c = SLUG.test(slug) ? await chapterBySlug(deps.db, slug) : undefined;
    if (!c) throw notFound();
    return c;
  };

  app.get('/chapters', { config: { access: access.public() }, schema: { querystring: searchQuery } }, async (req, reply) => {
    const q = (req.query.q ?? '').trim().slice(0, 100);
    const ctx = await pageContext(req, reply);
    const [active, dormant, invitations, joinNote] = await Promise.all([
      listChapters(deps.db, 'active', q),
      listChapters(deps.db, 'dormant'),
      ctx.principal ? myInvitations(deps.db, ctx.principal.userId) : Promise.resolve([]),
      ctx.principal ? joinRefusal(deps.db, ctx.principal.userId) : Promise.resolve(VISITOR_NOTE),
    ]);
    const contactEmail = dormant.length ? (await deps.association.get()).contact_email : '';
    return sendPage(reply, ChaptersPage({ ctx, active, dormant, q, invitations: invitations.length, joinNote, contactEmail }));
  });

  // ---- the request (before /chapters/:slug: "new" and "invitations" are no chapter's address)
  async function sendRequest(req: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, string>; errors: FieldErrors; message?: string; status: number }) {
    // Someone who may not request sees why (and no form); the POST is refused by the service.
    const refusal = await requestRefusal(deps.db, actorOf(req).userId);
    return sendPage(reply, RequestPage({ ctx: await pageContext(req, reply), refusal, ...form }), form?.status ?? 200);
  }

  app.get('/chapters/new', { config: { access: access.signedIn() } }, async (req, reply) => sendRequest(req, reply));

  // A request emails its officers: limited like other forms that write to strangers.
  app.post('/chapters/new', { config: { access: access.signedIn(), rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const parsed = parseForm(requestForm, req.body);
    if (!parsed.ok) return sendRequest(req, reply, { values: parsed.values, errors: parsed.errors, status: 400 });
    const d = parsed.data;
    try {
      await requestChapter(deps, actorOf(req), {
        name: d.name,
        university: d.university,
        city: d.city,
        state: d.state,
        advisorName: d.advisorName,
        advisorEmail: d.advisorEmail,
        advisorDepartment: d.advisorDepartment,
        purpose: d.purpose,
        officers: OFFICER_FIELDS.flatMap((role) => (d[`${role}_email`] ? [{ role, name: d[`${role}_name`], email: d[`${role}_email`] }] : [])),
      });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendRequest(req, reply, { values: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)])), ...refused });
    }
    setFlash(reply, 'Your request is sent. The founding officers have been emailed to accept their roles; membership staff will email you their decision.');
    return reply.redirect('/chapters', 303);
  });

  async function sendInvitations(req: FastifyRequest, reply: FastifyReply, refused?: { status: number; message?: string }) {
    const invitations = await myInvitations(deps.db, actorOf(req).userId);
    return sendPage(reply, InvitationsPage({ ctx: await pageContext(req, reply), invitations, message: refused?.message }), refused?.status ?? 200);
  }

  app.get('/chapters/invitations', { config: { access: access.signedIn() } }, async (req, reply) => sendInvitations(req, reply));

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/chapters/officers/:id/${answer}`, { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw notFound('invitation');
      try {
        await answerOfficerInvitation(deps, actorOf(req), { officerId: req.params.id, accept: answer === 'accept' });
      } catch (err) {
        const refused = formRefusal(err);
        if (!refused) throw err;
        return sendInvitations(req, reply, refused);
      }
      setFlash(reply, answer === 'accept' ? 'You accepted the role. Your name now appears among the chapter’s officers.' : 'You declined the role.');
      return reply.redirect('/chapters/invitations', 303);
    });
  }

  // ---- a chapter's page, joining and leaving
  async function sendChapter(req: FastifyRequest, reply: FastifyReply, c: ChapterDetail, refused?: { status: number; message?: string }) {
    const ctx = await pageContext(req, reply);
    const today = await todayOf(deps);
    const p = ctx.principal;
    const [officers, memberCount, events, isOfficer, mine] = await Promise.all([
      officersOf(deps.db, c.id, today),
      countMembers(deps.db, c.id),
      eventsOf(deps.db, c.id),
      p ? isCurrentOfficer(deps.db, c.id, p.userId, today) : Promise.resolve(false),
      p ? myChapterId(deps.db, p.userId) : Promise.resolve(null),
    ]);
    let join: JoinState;
    // a dormant chapter takes nobody: a visitor is not asked to sign in to join it
    if (!p) join = c.status === 'dormant' ? { kind: 'dormant' } : { kind: 'visitor' };
    else if (mine === c.id) join = { kind: 'member' };
    else if (mine) join = { kind: 'other_chapter' };
    else if (c.status === 'dormant') join = { kind: 'dormant' };
    else {
      const reason = await joinRefusal(deps.db, p.userId);
      join = reason ? { kind: 'cannot', reason } : { kind: 'can_join' };
    }
    const members = isOfficer || hasStaffRole(p, 'membership') ? await membersOf(deps.db, c.id) : null;
    const contactEmail = c.status === 'dormant' ? (await deps.association.get()).contact_email : '';
    const page = ChapterPage({ ctx, chapter: c, officers, memberCount, events, join, isOfficer, members, message: refused?.message, today, contactEmail });
    return sendPage(reply, page, refused?.status ?? 200);
  }

  app.get('/chapters/:slug', { config: { access: access.public() }, schema: { params: slugParams } }, async (req, reply) => sendChapter(req, reply, await bySlug(req.params.slug)));

  app.post('/chapters/:slug/join', { config: { access: access.signedIn() }, schema: { params: slugParams } }, async (req, reply) => {
    const c = await bySlug(req.params.slug);
    try {
      await joinChapter(deps, actorOf(req), { chapterId: c.id });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendChapter(req, reply, c, refused);
    }
    setFlash(reply, `You joined ${c.name}.`);
    return reply.redirect(`/chapters/${c.slug}`, 303);
  });

  app.post('/chapters/:slug/leave', { config: { access: access.signedIn() }, schema: { params: slugParams } }, async (req, reply) => {
    const c = await bySlug(req.params.slug);
    try {
      await leaveChapter(deps, actorOf(req), { chapterId: c.id });
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendChapter(req, reply, c, refused);
    }
    setFlash(reply, `You left ${c.name}.`);
    return reply.redirect(`/chapters/${c.slug}`, 303);
  });

  await app.register(chaptersManageRoutes);
  await app.register(chaptersStaffRoutes);
}
