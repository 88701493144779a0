// Organization side of advising: the `advisor` section of /org, the /org/meetings page, the
// picker, and booking, moving and cancelling the first meeting. Every organization or meeting id
// from the client is checked against the organizations the person is a contact of: anyone
// else's is a 404. A slot taken in the meantime is a 409 with fresh slots.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps, OrgSection } from '../../deps.js';
import { access, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { bookedMeeting, bookMeeting, cancelMeeting, meetingOf, rescheduleMeeting } from './meetings.js';
import { AdvisorPage, AdvisorPanel, type PanelData, PickerPage } from './org-views.js';
import { associationContactEmail, firstPaymentAwaited, organizationForAdvising } from './queries.js';
import { chooseAdvisor, currentAdvisor, type Executor } from './service.js';
import { formatRange, openSlots } from './slots.js';

const orgQuery = z.object({ org: z.string().max(100).optional() });
const idParams = z.object({ id: z.string().max(100) });
const slotField = z.iso.datetime({ error: 'Choose one of the times listed.' }).transform((s) => new Date(s));
const bookInput = z.object({ org: z.string().max(100), slot: slotField });
const moveInput = z.object({ org: z.string().max(100).optional(), slot: slotField });

const orgNotFound = () => new AppError('not_found', { message: 'We could not find that organization among yours.' });

/** The meeting by id, if it belongs to one of the person's organizations; otherwise a 404. */
async function ownMeeting(deps: Deps, req: FastifyRequest, id: string) {
  const meeting = isUuid(id) ? await meetingOf(deps.db, id, [...(req.principal?.orgs.keys() ?? [])]) : null;
  if (!meeting) throw new AppError('not_found', { message: 'There is no such meeting.' });
  return meeting;
}

export async function panelData(db: Executor, organizationId: string, now: Date): Promise<PanelData> {
  const org = await organizationForAdvising(db, organizationId);
  if (!org) throw orgNotFound();
  const [advisor, meeting] = await Promise.all([currentAdvisor(db, org.id), bookedMeeting(db, org.id)]);
  const slots = advisor && !meeting ? await openSlots(db, advisor.userId, now) : [];
  // Without an advisor: is the first invoice still unpaid (one is assigned when it is paid), does
  // anyone cover the state (then one is being chosen), or not (then membership staff were alerted
  // when the membership began), and whom to write to meanwhile.
  const waiting = advisor
    ? null
    : {
        state: stateName(org.state),
        covered: (await chooseAdvisor(db, org.state)) !== null,
        contactEmail: await associationContactEmail(db),
        payment: await firstPaymentAwaited(db, org.id),
      };
  return { organizationId: org.id, organizationName: org.name, timeZone: org.time_zone, advisor, meeting, slots, waiting };
}

/** Advising's section of the organization home: the advisor and the first meeting. */
export const advisorSection: OrgSection = {
  id: 'advisor',
  order: 30,
  title: 'Your advisor',
  render: async (ctx) => <AdvisorPanel data={await panelData(ctx.deps.db, ctx.organizationId, ctx.deps.clock.now())} csrf={ctx.page.csrf} heading="h3" />,
};

export async function advisingOrgRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  async function sendPicker(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { organizationId: string; moving?: { id: string; start: Date; end: Date; advisorUserId: string }; message?: string; errors?: Record<string, string>; status?: number },
  ) {
    const data = await panelData(deps.db, opts.organizationId, deps.clock.now());
    const advisorId = opts.moving?.advisorUserId ?? data.advisor?.userId;
    if (!advisorId || !data.advisor) return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data }), opts.status ?? 200);
    const slots = opts.moving ? await openSlots(deps.db, advisorId, deps.clock.now(), { ignoreMeetingId: opts.moving.id }) : data.slots;
    return sendPage(
      reply,
      PickerPage({
        ctx: await pageContext(req, reply),
        organizationId: data.organizationId,
        organizationName: data.organizationName,
        advisorName: data.advisor.name,
        zone: data.timeZone,
        slots: opts.moving ? slots.filter((s) => s.start.getTime() !== opts.moving?.start.getTime()) : slots,
        action: opts.moving ? `/org/meetings/${opts.moving.id}/reschedule` : '/org/meetings',
        moving: opts.moving,
        message: opts.message,
        errors: opts.errors,
      }),
      opts.status ?? 200,
    );
  }

  const TAKEN = 'That time was just taken by someone else. Here are the times still open.';

  app.get('/org/meetings', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const { id } = orgScope(req);
    const data = await panelData(deps.db, id, deps.clock.now());
    return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data }));
  });

  app.get('/org/meetings/new', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const { id } = orgScope(req);
    const existing = await bookedMeeting(deps.db, id);
    if (existing) return reply.redirect(`/org/meetings?org=${id}`, 303);
    return sendPicker(req, reply, { organizationId: id });
  });

  app.post('/org/meetings', { config: { access: access.orgContact() } }, async (req, reply) => {
    const parsed = parseForm(bookInput, req.body);
    const { id: organizationId } = orgScope(req, 'contact', { asked: (parsed.ok ? parsed.data.org : parsed.values.org) ?? '' });
    if (!parsed.ok) return sendPicker(req, reply, { organizationId, errors: { slot: parsed.errors.slot ?? 'Choose one of the times listed.' }, status: 400 });
    try {
      await bookMeeting(deps, { organizationId, start: parsed.data.slot, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.code === 'advising.slot_taken')
        return sendPicker(req, reply, { organizationId, message: TAKEN, errors: { slot: 'Choose another time.' }, status: 409 });
      if (err instanceof AppError && (err.code === 'advising.already_booked' || err.code === 'advising.no_advisor')) {
        const data = await panelData(deps.db, organizationId, deps.clock.now());
        return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data, status: err.message }), 409);
      }
      throw err;
    }
    setFlash(reply, 'Your first meeting is booked. You and your advisor will receive a calendar invitation by email.');
    return reply.redirect(`/org/meetings?org=${organizationId}`, 303);
  });

  app.get('/org/meetings/:id/reschedule', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    if (m.status !== 'booked') return reply.redirect(`/org/meetings?org=${m.organizationId}`, 303);
    return sendPicker(req, reply, { organizationId: m.organizationId, moving: { id: m.id, start: m.start, end: m.end, advisorUserId: m.advisorUserId } });
  });

  app.post('/org/meetings/:id/reschedule', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    const moving = { id: m.id, start: m.start, end: m.end, advisorUserId: m.advisorUserId };
    const parsed = parseForm(moveInput, req.body);
    if (!parsed.ok)
      return sendPicker(req, reply, { organizationId: m.organizationId, moving, errors: { slot: parsed.errors.slot ?? 'Choose one of the times listed.' }, status: 400 });
    try {
      await rescheduleMeeting(deps, { meetingId: m.id, start: parsed.data.slot, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.code === 'advising.slot_taken')
        return sendPicker(req, reply, { organizationId: m.organizationId, moving, message: TAKEN, errors: { slot: 'Choose another time.' }, status: 409 });
      if (err instanceof AppError && err.fields) return sendPicker(req, reply, { organizationId: m.organizationId, moving, errors: err.fields, status: 400 });
      if (err instanceof AppError && err.status === 409) {
        const data = await panelData(deps.db, m.organizationId, deps.clock.now());
        return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data, status: err.message }), 409);
      }
      throw err;
    }
    setFlash(reply, 'Your meeting has moved. Everyone will receive an updated calendar invitation by email.');
    return reply.redirect(`/org/meetings?org=${m.organizationId}`, 303);
  });

  // The confirmation step of cancelling the meeting (the danger link on the advisor panel leads here).
  app.get('/org/meetings/:id/cancel', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    if (m.status !== 'booked') throw new AppError('not_found', { message: 'This meeting is no longer booked.' });
    const data = await panelData(deps.db, m.organizationId, deps.clock.now());
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: 'Cancel the meeting with your advisor?',
        lead: `The meeting of ${formatRange(m.start, m.end, data.timeZone)} is cancelled for everyone, and each of you receives a calendar cancellation by email. You can book another time afterwards.`,
        action: `/org/meetings/${m.id}/cancel`,
        button: 'Cancel the meeting',
        back: { href: `/org/meetings?org=${m.organizationId}`, label: 'Keep the meeting' },
      }),
    );
  });

  app.post('/org/meetings/:id/cancel', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    try {
      await cancelMeeting(deps, { meetingId: m.id, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) {
        const data = await panelData(deps.db, m.organizationId, deps.clock.now());
        return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data, status: err.message }), 409);
      }
      throw err;
    }
    setFlash(reply, 'Your meeting is cancelled. Everyone will receive a calendar cancellation by email. You can book another time below.');
    return reply.redirect(`/org/meetings?org=${m.organizationId}`, 303);
  });
}
