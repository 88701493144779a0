// The advisor's meetings: /staff/advising (their organizations and upcoming meetings), cancelling
// one of their booked meetings (a confirmation page first), and moving one to another of their open
// times (the times, then a confirmation). Another advisor's meeting, or an unknown id, is a 404; a
// meeting cancelled already answers Advising (409) saying when and by whom.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { ALREADY_DONE, AppError, type FieldErrors, type Refusal, refusalOf } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { advisedOrganizations, awaitingFirstMeeting, upcomingMeetings } from './advisor.js';
import { AdvisingPage } from './advisor-views.js';
import { advisorMeetingOf, alreadyCancelledNote, cancelMeeting, type OrgMeeting, rescheduleMeeting } from './meetings.js';
import { AdvisorMoveConfirmPage, AdvisorMovePage } from './move-views.js';
import { advisorSettings, organizationForAdvising } from './queries.js';
import { organizationContacts } from './service.js';
import { formatRange, openSlots } from './slots.js';

const idParams = z.object({ id: z.string().max(100) });
const fromQuery = z.object({ from: z.string().max(20).optional() });
const CHOOSE = 'Choose one of the times listed.';
const moveInput = z.object({ slot: z.iso.datetime({ error: CHOOSE }).transform((s) => new Date(s)), confirm: z.literal('yes').optional() });
const TAKEN = 'That time is no longer open: another meeting was booked there, or your availability changed. Here are your times still open.';
/** A day chooser's `from`: a calendar day, else the first page. */
const dayOf = (from: string | undefined) => (from && /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : undefined);

export async function advisorMeetingRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const advisor = { access: access.staff('advisor') };
  const me = (req: FastifyRequest) => req.principal?.userId ?? '';
  const zoneOf = async (req: FastifyRequest) => (await advisorSettings(deps.db, me(req)))?.timeZone ?? 'UTC';

  /** Advising, or (with `refused`) the same page answering a refused change of a meeting (409). */
  async function sendAdvising(req: FastifyRequest, reply: FastifyReply, refused?: Refusal) {
    const now = deps.clock.now();
    const [profile, meetings, organizations] = await Promise.all([
      advisorSettings(deps.db, me(req)),
      upcomingMeetings(deps.db, me(req), now),
      advisedOrganizations(deps.db, me(req)),
    ]);
    // The page asks the advisor to reach out to these: it names their contacts to write to.
    const awaiting = await Promise.all(awaitingFirstMeeting(organizations, now).map(async (o) => ({ ...o, contacts: await organizationContacts(deps.db, o.id) })));
    return sendPage(reply, AdvisingPage({ ctx: await pageContext(req, reply), profile: profile ?? null, meetings, organizations, awaiting, refused }), refused ? 409 : 200);
  }

  app.get('/staff/advising', { config: advisor }, async (req, reply) => sendAdvising(req, reply));

  /** A refused change of one of the advisor's meetings: a meeting cancelled already says when and by whom. */
  const refusalFor = async (req: FastifyRequest, m: OrgMeeting, err: AppError): Promise<Refusal> => {
    if (err.code !== 'advising.meeting_cancelled') return refusalOf(err, 'The meeting was not changed');
    return { title: err.title ?? ALREADY_DONE, message: await alreadyCancelledNote(deps.db, m.id, { userId: me(req), zone: await zoneOf(req) }) };
  };

  const advisorMeeting = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const m = isUuid(req.params.id) ? await advisorMeetingOf(deps.db, req.params.id, me(req)) : null;
    if (!m) throw new AppError('not_found', { message: 'There is no such meeting.' });
    return m;
  };

  /** Why a meeting cannot change any more (cancelled, or begun), said on Advising; null if it can. */
  const notChangeable = async (req: FastifyRequest, m: OrgMeeting): Promise<Refusal | null> => {
    if (m.status !== 'booked') return refusalFor(req, m, new AppError('advising.meeting_cancelled', { title: ALREADY_DONE }));
    if (m.start <= deps.clock.now()) return { title: 'The meeting was not changed', message: 'This meeting has already started or taken place.' };
    return null;
  };

  app.get('/staff/advising/meetings/:id/cancel', { config: advisor, schema: { params: idParams } }, async (req, reply) => {
    const m = await advisorMeeting(req);
    // Cancelled since (by either side) or begun: Advising says so, as a second cancel does.
    const refused = await notChangeable(req, m);
    if (refused) return sendAdvising(req, reply, refused);
    const [zone, org] = await Promise.all([zoneOf(req), organizationForAdvising(deps.db, m.organizationId)]);
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Cancel the meeting with ${org?.name ?? 'the organization'}?`,
        lead: `The meeting on ${formatRange(m.start, m.end, zone)} is cancelled for everyone: the organization’s contacts and you receive a calendar cancellation by email, which says you cancelled it. They can then book another time.`,
        action: `/staff/advising/meetings/${m.id}/cancel`,
        button: 'Cancel the meeting',
        back: { href: '/staff/advising', label: 'Keep the meeting' },
      }),
    );
  });

  app.post('/staff/advising/meetings/:id/cancel', { config: advisor, schema: { params: idParams } }, async (req, reply) => {
    const m = await advisorMeeting(req);
    try {
      await cancelMeeting(deps, { meetingId: m.id, actorUserId: me(req), requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendAdvising(req, reply, await refusalFor(req, m, err));
      throw err;
    }
    setFlash(reply, 'The meeting is cancelled. The organization’s contacts and you will receive a calendar cancellation by email.');
    return reply.redirect('/staff/advising', 303);
  });

  // ---- moving a meeting to another of the advisor's open times

  /** The advisor's open times for this meeting: the meeting's own time left out. */
  const openTimes = async (req: FastifyRequest, m: OrgMeeting) =>
    (await openSlots(deps.db, me(req), deps.clock.now(), { ignoreMeetingId: m.id })).filter((s) => s.start.getTime() !== m.start.getTime());

  async function sendMove(
    req: FastifyRequest,
    reply: FastifyReply,
    m: OrgMeeting,
    opts: { from?: string; chosen?: string; message?: string; errors?: FieldErrors; status?: number } = {},
  ) {
    const [zone, org, slots] = await Promise.all([zoneOf(req), organizationForAdvising(deps.db, m.organizationId), openTimes(req, m)]);
    const meeting = { id: m.id, start: m.start, end: m.end, organizationName: org?.name ?? 'the organization' };
    const page = AdvisorMovePage({
      ctx: await pageContext(req, reply),
      meeting,
      zone,
      slots,
      from: dayOf(opts.from),
      chosen: opts.chosen,
      message: opts.message,
      errors: opts.errors,
    });
    return sendPage(reply, page, opts.status ?? 200);
  }

  app.get('/staff/advising/meetings/:id/move', { config: advisor, schema: { params: idParams, querystring: fromQuery } }, async (req, reply) => {
    const m = await advisorMeeting(req);
    const refused = await notChangeable(req, m);
    if (refused) return sendAdvising(req, reply, refused);
    return sendMove(req, reply, m, { from: req.query.from });
  });

  app.post('/staff/advising/meetings/:id/move', { config: advisor, schema: { params: idParams } }, async (req, reply) => {
    const m = await advisorMeeting(req);
    const refused = await notChangeable(req, m);
    if (refused) return sendAdvising(req, reply, refused);
    const parsed = parseForm(moveInput, req.body);
    if (!parsed.ok) return sendMove(req, reply, m, { errors: { slot: parsed.errors.slot ?? CHOOSE }, status: 400 });
    const chosen = parsed.data.slot;
    if (chosen.getTime() === m.start.getTime()) {
      // The confirmation pressed twice: the meeting is at that time already.
      if (formValues(req.body).confirm === 'yes')
        return sendAdvising(req, reply, {
          title: ALREADY_DONE,
          message: `The meeting with ${(await organizationForAdvising(deps.db, m.organizationId))?.name ?? 'the organization'} is on ${formatRange(m.start, m.end, await zoneOf(req))} already: nothing changed.`,
        });
      return sendMove(req, reply, m, { errors: { slot: 'That is the time already booked; choose another.' }, status: 400 });
    }
    const to = (await openTimes(req, m)).find((s) => s.start.getTime() === chosen.getTime());
    // A time not among the open ones: taken meanwhile, or never offered (a forged value).
    if (!to) return sendMove(req, reply, m, { message: TAKEN, errors: { slot: 'Choose another time.' }, status: 409 });
    if (formValues(req.body).confirm !== 'yes') {
      const [zone, org, contacts] = await Promise.all([zoneOf(req), organizationForAdvising(deps.db, m.organizationId), organizationContacts(deps.db, m.organizationId)]);
      const meeting = { id: m.id, start: m.start, end: m.end, organizationName: org?.name ?? 'the organization' };
      return sendPage(reply, AdvisorMoveConfirmPage({ ctx: await pageContext(req, reply), meeting, zone, to, contacts: contacts.length }));
    }
    try {
      await rescheduleMeeting(deps, { meetingId: m.id, start: to.start, actorUserId: me(req), requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.code === 'advising.slot_taken') return sendMove(req, reply, m, { message: TAKEN, errors: { slot: 'Choose another time.' }, status: 409 });
      if (err instanceof AppError && err.fields) return sendMove(req, reply, m, { errors: { slot: err.fields.slot ?? CHOOSE }, status: 400 });
      if (err instanceof AppError && err.status === 409) return sendAdvising(req, reply, await refusalFor(req, m, err));
      throw err;
    }
    setFlash(reply, 'The meeting has moved. The organization’s contacts and you will receive an updated calendar invitation by email.');
    return reply.redirect('/staff/advising', 303);
  });
}
