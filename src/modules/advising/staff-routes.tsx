// Staff routes of advising. Membership staff: /staff/advisors (advisors, load, organizations
// without an advisor), an advisor's profile, an organization's assignment history and manual
// (re)assignment. Advisors: their own availability, days away and meeting format (their meetings:
// advisor-meeting-routes.tsx).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { advisedOrganizations } from './advisor.js';
import { AvailabilityPage } from './advisor-views.js';
import { addAvailabilityException, addAvailabilityWindow, exceptionInput, listAvailability, removeAvailability, windowInput } from './availability.js';
import type { FormatValues } from './format-views.js';
import { advisorArrangement, formatInput, saveMeetingFormat } from './meeting-format.js';
import { advisorSettings, organizationForAdvising } from './queries.js';
import { listAdvisors, saveAdvisorProfile, unassignedOrganizations } from './roster.js';
import { assignManually, assignmentHistory, currentAdvisor } from './service.js';
import { isTimeZone } from './slots.js';
import { AdvisorEditPage, AdvisorsPage, AssignmentPage, type ProfileValues } from './staff-views.js';

const idParams = z.object({ id: z.string().max(100) });
const orgParams = z.object({ organizationId: z.string().max(100) });
const VALID_STATES = new Set<string>(STATE_CODES);

const profileInput = z.object({
  states: z
    .string()
    .trim()
    .max(400, 'Use at most 400 characters.')
    .transform((s) =>
      [
        ...new Set(
          s
            .toUpperCase()
            .split(/[\s,;]+/)
            .filter(Boolean),
        ),
      ].sort(),
    )
    .refine((codes) => codes.length > 0, 'Enter at least one state, like IL.')
    .refine((codes) => codes.every((c) => VALID_STATES.has(c)), 'Use two-letter state codes, like IL or WA.'),
  timeZone: z.string().max(64).refine(isTimeZone, 'Choose a time zone from the list.'),
  phone: z.string().trim().max(40, 'Use at most 40 characters.').default(''),
  meetingMinutes: z.coerce.number({ error: 'Enter a number of minutes.' }).int('Enter whole minutes.').min(15, 'At least 15 minutes.').max(240, 'At most 240 minutes.'),
  active: z.literal('yes').optional(),
});

const assignInput = z.object({
  organizationId: z.uuid('Choose an organization.'),
  advisor: z.uuid('Choose an advisor from the list.'),
  reason: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
});

interface FormatForm {
  values: FormatValues;
  errors?: FieldErrors;
}
const formatValuesOf = (a: { format: string | null; link: string; phone: string; address: string }): FormatValues => ({
  format: a.format ?? 'unset',
  link: a.link,
  phone: a.phone,
  address: a.address,
});
/** What was typed, to show again beside the errors. */
const rawFormat = (body: unknown): FormatValues => {
  const v = formValues(body);
  return { format: v.format ?? '', link: v.link ?? '', phone: v.phone ?? '', address: v.address ?? '' };
};

const notFound = (what = 'advisor') => new AppError('not_found', { message: `There is no such ${what}.` });

export async function advisingStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const membership = { access: access.staff('membership') };
  const advisor = { access: access.staff('advisor') };
  const me = (req: FastifyRequest) => req.principal?.userId ?? '';

  app.get('/staff/advisors', { config: membership }, async (req, reply) => {
    const [advisors, unassigned] = await Promise.all([listAdvisors(deps.db), unassignedOrganizations(deps.db)]);
    return sendPage(reply, AdvisorsPage({ ctx: await pageContext(req, reply), advisors, unassigned }));
  });

  async function sendEdit(req: FastifyRequest, reply: FastifyReply, id: string, values?: ProfileValues, errors?: FieldErrors, format?: FormatForm) {
    const a = isUuid(id) ? (await listAdvisors(deps.db)).find((x) => x.userId === id) : undefined;
    if (!a) throw notFound();
    const organizations = await advisedOrganizations(deps.db, a.userId);
    const v = values ?? { states: a.states.join(', '), timeZone: a.timeZone, phone: a.phone, meetingMinutes: String(a.meetingMinutes), active: a.hasProfile ? a.active : true };
    const formatForm = format ?? { values: formatValuesOf(await advisorArrangement(deps.db, a.userId)) };
    return sendPage(reply, AdvisorEditPage({ ctx: await pageContext(req, reply), advisor: a, values: v, organizations, errors, format: formatForm }), errors || format ? 400 : 200);
  }

  app.get('/staff/advisors/:id', { config: membership, schema: { params: idParams } }, async (req, reply) => sendEdit(req, reply, req.params.id));

  app.post('/staff/advisors/:id', { config: membership, schema: { params: idParams } }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id) || !(await listAdvisors(deps.db)).some((a) => a.userId === id)) throw notFound();
    const parsed = parseForm(profileInput, req.body);
    if (!parsed.ok) {
      const v = parsed.values;
      return sendEdit(
        req,
        reply,
        id,
        { states: v.states ?? '', timeZone: v.timeZone ?? '', phone: v.phone ?? '', meetingMinutes: v.meetingMinutes ?? '', active: v.active === 'yes' },
        parsed.errors,
      );
    }
    const d = parsed.data;
    await saveAdvisorProfile(deps, {
      userId: id,
      states: d.states,
      timeZone: d.timeZone,
      phone: d.phone,
      meetingMinutes: d.meetingMinutes,
      active: d.active === 'yes',
      actorUserId: me(req),
      requestId: req.id,
    });
    setFlash(reply, 'Advisor profile saved.');
    return reply.redirect(`/staff/advisors/${id}`, 303);
  });

  // How an advisor's meetings happen: membership staff set it here, the advisor on their own page.
  app.post('/staff/advisors/:id/meeting-format', { config: membership, schema: { params: idParams } }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id) || !(await listAdvisors(deps.db)).some((a) => a.userId === id)) throw notFound();
    const parsed = parseForm(formatInput, req.body);
    if (!parsed.ok) return sendEdit(req, reply, id, undefined, undefined, { values: rawFormat(req.body), errors: parsed.errors });
    await saveMeetingFormat(deps, { ...parsed.data, userId: id, actorUserId: me(req), requestId: req.id });
    setFlash(reply, 'How this advisor’s meetings happen is saved. Meetings booked from now on say so.');
    return reply.redirect(`/staff/advisors/${id}#meeting-format`, 303);
  });

  async function sendAssignment(req: FastifyRequest, reply: FastifyReply, organizationId: string, values?: { advisor: string; reason: string }, errors?: FieldErrors) {
    const org = isUuid(organizationId) ? await organizationForAdvising(deps.db, organizationId) : undefined;
    if (!org) throw notFound('organization');
    const [current, history, advisors] = await Promise.all([currentAdvisor(deps.db, org.id), assignmentHistory(deps.db, org.id), listAdvisors(deps.db)]);
    return sendPage(
      reply,
      AssignmentPage({
        ctx: await pageContext(req, reply),
        organization: { id: org.id, name: org.name, state: org.state, timeZone: org.time_zone },
        current,
        history,
        advisors,
        values,
        errors,
      }),
      errors ? 400 : 200,
    );
  }

  app.get('/staff/advisors/assignments/:organizationId', { config: membership, schema: { params: orgParams } }, async (req, reply) =>
    sendAssignment(req, reply, req.params.organizationId),
  );

  app.post('/staff/advisors/assignments', { config: membership }, async (req, reply) => {
    const parsed = parseForm(assignInput, req.body);
    const organizationId = parsed.ok ? parsed.data.organizationId : (parsed.values.organizationId ?? '');
    const values = { advisor: parsed.ok ? parsed.data.advisor : (parsed.values.advisor ?? ''), reason: parsed.ok ? parsed.data.reason : (parsed.values.reason ?? '') };
    if (!parsed.ok) return sendAssignment(req, reply, organizationId, values, parsed.errors);
    try {
      await deps.db.transaction().execute((trx) => assignManually(trx, deps, { ...parsed.data, advisorUserId: parsed.data.advisor, actorUserId: me(req), requestId: req.id }));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendAssignment(req, reply, organizationId, values, fields);
    }
    setFlash(reply, 'Advisor assigned. The organization’s contacts and the advisor have been emailed.');
    return reply.redirect(`/staff/advisors/assignments/${organizationId}`, 303);
  });

  // ---- the advisor's own pages

  const profileOf = (userId: string) => advisorSettings(deps.db, userId);

  async function sendAvailability(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: { kind: 'window' | 'exception' | 'format'; values: Record<string, string>; errors: FieldErrors },
  ) {
    const [profile, { windows, exceptions }, arrangement] = await Promise.all([profileOf(me(req)), listAvailability(deps.db, me(req)), advisorArrangement(deps.db, me(req))]);
    return sendPage(
      reply,
      AvailabilityPage({
        ctx: await pageContext(req, reply),
        profile: profile ?? null,
        windows,
        exceptions,
        windowValues: form?.kind === 'window' ? form.values : undefined,
        windowErrors: form?.kind === 'window' ? form.errors : undefined,
        exceptionValues: form?.kind === 'exception' ? form.values : undefined,
        exceptionErrors: form?.kind === 'exception' ? form.errors : undefined,
        format: form?.kind === 'format' ? { values: rawFormat(form.values), errors: form.errors } : { values: formatValuesOf(arrangement) },
      }),
      form ? 400 : 200,
    );
  }

  const requireProfile = async (req: FastifyRequest) => {
    if (!(await profileOf(me(req)))) throw new AppError('advising.no_profile', { status: 409, message: 'You have no advisor profile yet: membership staff set it up first.' });
  };

  app.get('/staff/advising/availability', { config: advisor }, async (req, reply) => sendAvailability(req, reply));

  app.post('/staff/advising/availability', { config: advisor }, async (req, reply) => {
    await requireProfile(req);
    const parsed = parseForm(windowInput, req.body);
    if (!parsed.ok) return sendAvailability(req, reply, { kind: 'window', values: parsed.values, errors: parsed.errors });
    try {
      await addAvailabilityWindow(deps, { ...parsed.data, advisorUserId: me(req), requestId: req.id });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendAvailability(req, reply, { kind: 'window', values: { weekday: String(parsed.data.weekday), start: parsed.data.start, end: parsed.data.end }, errors: fields });
    }
    setFlash(reply, 'Window added.');
    return reply.redirect('/staff/advising/availability', 303);
  });

  app.post('/staff/advising/exceptions', { config: advisor }, async (req, reply) => {
    await requireProfile(req);
    const parsed = parseForm(exceptionInput, req.body);
    if (!parsed.ok) return sendAvailability(req, reply, { kind: 'exception', values: parsed.values, errors: parsed.errors });
    try {
      await addAvailabilityException(deps, { ...parsed.data, advisorUserId: me(req), requestId: req.id });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendAvailability(req, reply, { kind: 'exception', values: { ...parsed.data }, errors: fields });
    }
    setFlash(reply, 'Day away added.');
    return reply.redirect('/staff/advising/availability', 303);
  });

  app.post('/staff/advising/meeting-format', { config: advisor }, async (req, reply) => {
    await requireProfile(req);
    const parsed = parseForm(formatInput, req.body);
    if (!parsed.ok) return sendAvailability(req, reply, { kind: 'format', values: parsed.values, errors: parsed.errors });
    await saveMeetingFormat(deps, { ...parsed.data, userId: me(req), actorUserId: me(req), requestId: req.id });
    setFlash(reply, 'How your meetings happen is saved. Meetings booked from now on say so.');
    return reply.redirect('/staff/advising/availability#meeting-format', 303);
  });

  for (const kind of ['window', 'exception'] as const) {
    const path = kind === 'window' ? '/staff/advising/availability/:id/delete' : '/staff/advising/exceptions/:id/delete';
    app.post(path, { config: advisor, schema: { params: idParams } }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw notFound('entry');
      await removeAvailability(deps, { kind, id: req.params.id, advisorUserId: me(req), requestId: req.id });
      setFlash(reply, kind === 'window' ? 'Window removed.' : 'Day away removed.');
      return reply.redirect('/staff/advising/availability', 303);
    });
  }
}
