// Organization side of advising: the `advisor` section of /org, the /org/meetings page, the
// picker, and booking, moving and cancelling the first meeting. Every organization or meeting id
// from the client is checked against the organizations the person is a contact of: anyone
// else's is a 404. A slot taken in the meantime is a 409 with fresh slots.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps, OrgSection } from '../../deps.js';
import { access, orgScope } from '../../lib/access.js';
import { ALREADY_DONE, AppError } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { advisorArrangement, howItHappens, memberPhoneError, memberPhoneField, NOT_SET } from './meeting-format.js';
import { alreadyCancelledNote, bookedMeeting, bookMeeting, cancelMeeting, meetingOf, type OrgMeeting, rescheduleMeeting } from './meetings.js';
import { AdvisorPage, AdvisorPanel, type PanelData } from './org-views.js';
import { PickerPage } from './picker-views.js';
import { associationContactEmail, firstPaymentAwaited, organizationForAdvising } from './queries.js';
import { chooseAdvisor, currentAdvisor, type Executor } from './service.js';
import { formatRange, openSlots } from './slots.js';

const orgQuery = z.object({ org: z.string().max(100).optional(), from: z.string().max(20).optional() });
const pickerQuery = z.object({ from: z.string().max(20).optional() });
const idParams = z.object({ id: z.string().max(100) });
const slotField = z.iso.datetime({ error: 'Choose one of the times listed.' }).transform((s) => new Date(s));
// `phone`: the number for the advisor to call, asked only when the advisor calls (required then,
// checked again in the booking's transaction against the advisor's format).
const bookInput = z.object({ org: z.string().max(100), slot: slotField, phone: memberPhoneField.optional() });
const moveInput = z.object({ org: z.string().max(100).optional(), slot: slotField, phone: memberPhoneField.optional() });
/** A day chooser's `from`: a calendar day, else the first page. */
const dayOf = (from: string | undefined) => (from && /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : undefined);

const orgNotFound = () => new AppError('not_found', { message: 'We could not find that organization among yours.' });

type MovingMeeting = Pick<OrgMeeting, 'id' | 'start' | 'end' | 'advisorUserId' | 'arrangement'>;
const movingOf = (m: OrgMeeting): MovingMeeting => ({ id: m.id, start: m.start, end: m.end, advisorUserId: m.advisorUserId, arrangement: m.arrangement });

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
  const arrangement = advisor ? await advisorArrangement(db, advisor.userId) : NOT_SET;
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
  return { organizationId: org.id, organizationName: org.name, timeZone: org.time_zone, advisor, arrangement, meeting, slots, waiting };
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
    opts: {
      organizationId: string;
      moving?: MovingMeeting;
      message?: string;
      errors?: Record<string, string>;
      status?: number;
      from?: string;
      values?: { slot?: string; phone?: string };
    },
  ) {
    const data = await panelData(deps.db, opts.organizationId, deps.clock.now());
    const advisorId = opts.moving?.advisorUserId ?? data.advisor?.userId;
    if (!advisorId || !data.advisor) return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data }), opts.status ?? 200);
    const slots = opts.moving ? await openSlots(deps.db, advisorId, deps.clock.now(), { ignoreMeetingId: opts.moving.id }) : data.slots;
    // A meeting being moved keeps how it happens; a new one happens as the advisor says now.
    const arrangement = opts.moving?.arrangement ?? data.arrangement;
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
        pagePath: opts.moving ? `/org/meetings/${opts.moving.id}/reschedule` : '/org/meetings/new',
        moving: opts.moving,
        how: howItHappens(arrangement, { reader: 'member', advisor: data.advisor.name, organization: data.organizationName, booked: Boolean(opts.moving) }),
        askPhone: arrangement.format === 'advisor_calls',
        from: dayOf(opts.from),
        values: opts.moving && opts.values?.phone === undefined ? { ...opts.values, phone: arrangement.memberPhone } : opts.values,
        message: opts.message,
        errors: opts.errors,
      }),
      opts.status ?? 200,
    );
  }

  /** A meeting's pages opened after it was cancelled answer as a second cancel does: "Already done". */
  const cancelledAlready = () => new AppError('advising.meeting_cancelled', { title: ALREADY_DONE });

  const TAKEN = 'That time was just taken by someone else. Here are the times still open.';

  /** The meetings page answering a refused move or cancellation (409): a meeting cancelled already
   * (a second press, or the advisor cancelled it) says when and by whom, under "Already done". */
  async function sendRefused(req: FastifyRequest, reply: FastifyReply, m: OrgMeeting, err: AppError) {
    const data = await panelData(deps.db, m.organizationId, deps.clock.now());
    const status =
      err.code === 'advising.meeting_cancelled' ? await alreadyCancelledNote(deps.db, m.id, { userId: req.principal?.userId ?? '', zone: data.timeZone }) : err.message;
    return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data, status, statusTitle: err.title }), 409);
  }

  app.get('/org/meetings', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const { id } = orgScope(req);
    const data = await panelData(deps.db, id, deps.clock.now());
    return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data }));
  });

  app.get('/org/meetings/new', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const { id } = orgScope(req);
    const existing = await bookedMeeting(deps.db, id);
    if (existing) return reply.redirect(`/org/meetings?org=${id}`, 303);
    return sendPicker(req, reply, { organizationId: id, from: req.query.from });
  });

  app.post('/org/meetings', { config: { access: access.orgContact() } }, async (req, reply) => {
    const parsed = parseForm(bookInput, req.body);
    const { id: organizationId } = orgScope(req, 'contact', { asked: (parsed.ok ? parsed.data.org : parsed.values.org) ?? '' });
    const raw = formValues(req.body);
    const values = { slot: raw.slot || undefined, phone: raw.phone ?? '' };
    // Every error at once: the time and the number the advisor should call.
    const advisorNow = await currentAdvisor(deps.db, organizationId);
    const format = advisorNow ? (await advisorArrangement(deps.db, advisorNow.userId)).format : null;
    const phoneError = parsed.ok ? memberPhoneError(format, parsed.data.phone ?? '') : (parsed.errors.phone ?? memberPhoneError(format, values.phone));
    if (!parsed.ok || phoneError) {
      const errors: Record<string, string> = {};
      if (!parsed.ok && parsed.errors.slot) errors.slot = parsed.errors.slot;
      if (!parsed.ok && !parsed.errors.slot && !values.slot) errors.slot = 'Choose one of the times listed.';
      if (phoneError) errors.phone = phoneError;
      return sendPicker(req, reply, { organizationId, errors, values, status: 400 });
    }
    try {
      await bookMeeting(deps, { organizationId, start: parsed.data.slot, memberPhone: parsed.data.phone, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.code === 'advising.slot_taken')
        return sendPicker(req, reply, { organizationId, message: TAKEN, errors: { slot: 'Choose another time.' }, values: { phone: values.phone }, status: 409 });
      if (err instanceof AppError && err.fields) return sendPicker(req, reply, { organizationId, errors: err.fields, values, status: 400 });
      if (err instanceof AppError && (err.code === 'advising.already_booked' || err.code === 'advising.no_advisor')) {
        const data = await panelData(deps.db, organizationId, deps.clock.now());
        return sendPage(reply, AdvisorPage({ ctx: await pageContext(req, reply), data, status: err.message }), 409);
      }
      throw err;
    }
    setFlash(reply, 'Your first meeting is booked. You and your advisor will receive a calendar invitation by email.');
    return reply.redirect(`/org/meetings?org=${organizationId}`, 303);
  });

  app.get('/org/meetings/:id/reschedule', { config: { access: access.orgContact() }, schema: { params: idParams, querystring: pickerQuery } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    if (m.status !== 'booked') return sendRefused(req, reply, m, cancelledAlready());
    return sendPicker(req, reply, { organizationId: m.organizationId, moving: movingOf(m), from: req.query.from });
  });

  app.post('/org/meetings/:id/reschedule', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    const moving = movingOf(m);
    const parsed = parseForm(moveInput, req.body);
    const raw = formValues(req.body);
    const values = { slot: raw.slot || undefined, phone: raw.phone };
    const phoneError =
      m.arrangement.format !== 'advisor_calls' || values.phone === undefined
        ? null
        : parsed.ok
          ? memberPhoneError('advisor_calls', parsed.data.phone ?? '')
          : (parsed.errors.phone ?? memberPhoneError('advisor_calls', values.phone));
    if (!parsed.ok || phoneError) {
      const errors: Record<string, string> = {};
      if (!parsed.ok && (parsed.errors.slot || !values.slot)) errors.slot = parsed.errors.slot ?? 'Choose one of the times listed.';
      if (phoneError) errors.phone = phoneError;
      return sendPicker(req, reply, { organizationId: m.organizationId, moving, errors, values, status: 400 });
    }
    try {
      await rescheduleMeeting(deps, {
        meetingId: m.id,
        start: parsed.data.slot,
        memberPhone: m.arrangement.format === 'advisor_calls' ? parsed.data.phone : undefined,
        actorUserId: req.principal?.userId ?? '',
        requestId: req.id,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'advising.slot_taken')
        return sendPicker(req, reply, {
          organizationId: m.organizationId,
          moving,
          message: TAKEN,
          errors: { slot: 'Choose another time.' },
          values: { phone: values.phone },
          status: 409,
        });
      if (err instanceof AppError && err.fields) return sendPicker(req, reply, { organizationId: m.organizationId, moving, errors: err.fields, values, status: 400 });
      if (err instanceof AppError && err.status === 409) return sendRefused(req, reply, m, err);
      throw err;
    }
    setFlash(reply, 'Your meeting has moved. Everyone will receive an updated calendar invitation by email.');
    return reply.redirect(`/org/meetings?org=${m.organizationId}`, 303);
  });

  // The confirmation step of cancelling the meeting (the danger link on the advisor panel leads here).
  app.get('/org/meetings/:id/cancel', { config: { access: access.orgContact() }, schema: { params: idParams } }, async (req, reply) => {
    const m = await ownMeeting(deps, req, req.params.id);
    // An old link to a meeting cancelled since: what became of it, as a second cancel answers.
    if (m.status !== 'booked') return sendRefused(req, reply, m, cancelledAlready());
    const data = await panelData(deps.db, m.organizationId, deps.clock.now());
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: 'Cancel the meeting with your advisor?',
        lead: `The meeting on ${formatRange(m.start, m.end, data.timeZone)} is cancelled for everyone, and each of you receives a calendar cancellation by email. You can book another time afterwards.`,
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
      if (err instanceof AppError && err.status === 409) return sendRefused(req, reply, m, err);
      throw err;
    }
    setFlash(reply, 'Your meeting is cancelled. Everyone will receive a calendar cancellation by email. You can book another time below.');
    return reply.redirect(`/org/meetings?org=${m.organizationId}`, 303);
  });
}
