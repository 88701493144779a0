// Routes of the staff workspace: the organizations list, its CSV and JSON API, and an
// organization's record with its staff notes. Membership staff (and admins) work here; finance
// staff and advisors read. Notes are added by membership staff only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { type CsvCell, centsToDecimal, sendAuditedCsvStream } from '../../lib/csv.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { errorShape } from '../../lib/http-errors.js';
import { formatCents } from '../../lib/money.js';
import { today } from '../../lib/today.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listOrganizationRequests } from '../assistance/index.js';
import { mergedInto } from '../organizations/index.js';
import { listPendingRequests, listSeatInvitations } from '../portal/index.js';
import { recordActionRoutes } from './actions-routes.js';
import { duesBandChoices, withBand } from './bands.js';
import { assignedAdvisors, eachOrganization, listOrganizations, type OrganizationRow } from './queries.js';
import { organizationRecord, organizationTimeline } from './record.js';
import { OrganizationRecordPage } from './record-views.js';
import { idParams, noteForm, organizationFilters, organizationList, profileForm, organizationRecord as recordSchema } from './schemas.js';
import { addStaffNote, editOrganizationProfile } from './service.js';
import { OrganizationsPage, ProfileFormPage, STATUS_LABELS, TYPE_LABELS } from './views.js';

const tags = ['records'];

const fieldsOf = (error: z.ZodError): FieldErrors => {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? 'query')] ??= issue.message;
  return out;
};
const idOf = (params: unknown): string => {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data.id;
};

const CSV_HEADER = ['Name', 'Type', 'State', 'Status', 'Population', 'Term ends', 'Advisor', 'Balance due'];
const csvRow = (r: OrganizationRow): CsvCell[] => [
  r.name,
  TYPE_LABELS[r.entityType],
  r.state,
  STATUS_LABELS[r.status],
  r.population,
  r.termEnd,
  r.advisorName,
  centsToDecimal(r.balanceCents),
];

export async function recordsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const readers = { access: access.staff('membership', 'finance', 'advisor') };
  const membership = { access: access.staff('membership') };

  app.get('/staff/organizations', { config: readers }, async (req, reply) => {
    const raw = formValues(req.query);
    const ctx = await pageContext(req, reply);
    const [advisors, bands] = await Promise.all([assignedAdvisors(deps.db), duesBandChoices(deps)]);
    const parsed = organizationFilters.safeParse(raw);
    if (!parsed.success) return sendPage(reply, OrganizationsPage({ ctx, raw, filters: {}, advisors, bands, rows: [], nextCursor: null, errors: fieldsOf(parsed.error) }), 400);
    try {
      const page = await listOrganizations(deps.db, await withBand(deps, parsed.data));
      return sendPage(
        reply,
        OrganizationsPage({ ctx, raw, filters: parsed.data, advisors, bands, rows: page.rows, nextCursor: page.nextCursor, total: page.total, totalCapped: page.totalCapped }),
      );
    } catch (err) {
      if (!(err instanceof AppError && err.fields)) throw err;
      return sendPage(reply, OrganizationsPage({ ctx, raw, filters: parsed.data, advisors, bands, rows: [], nextCursor: null, errors: err.fields }), 400);
    }
  });

  app.get('/staff/organizations.csv', { config: readers }, async (req, reply) => {
    const parsed = organizationFilters.safeParse(formValues(req.query));
    if (!parsed.success) throw new AppError('validation_failed', { fields: fieldsOf(parsed.error), message: 'The filter is not valid.' });
    const { cursor: _, ...filters } = await withBand(deps, parsed.data);
    const actor = actorOf(req);
    return sendAuditedCsvStream(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: actor.userId, requestId: actor.requestId, name: 'organizations', filters },
      CSV_HEADER,
      eachOrganization(deps.db, filters),
      csvRow,
    );
  });

  const showRecord = async (req: FastifyRequest, reply: FastifyReply, id: string, form?: { value: string; errors: FieldErrors }) => {
    const record = await organizationRecord(deps.db, id);
    if (!record) throw new AppError('not_found');
    const timeline = await organizationTimeline(deps.db, record, { hiddenTemplates: deps.mail.unreadableTemplates(req.principal?.roles ?? new Set()) });
    const ctx = await pageContext(req, reply);
    const [seats, requests, loginRequests] = await Promise.all([
      listSeatInvitations(deps, record.org.id),
      listOrganizationRequests(deps.db, [record.org.id], deps.clock.now()),
      listPendingRequests(deps.db, record.org.id),
    ]);
    const invitations = seats.filter((i) => i.state === 'pending' || i.state === 'expired');
    // a term that has ended but is still active is in its grace period: the page says until when
    const grace = { today: await today(deps), days: (await deps.association.get()).grace_days };
    return sendPage(
      reply,
      OrganizationRecordPage({ ctx, record, timeline, invitations, requests, loginRequests, grace, noteValue: form?.value, errors: form?.errors }),
      form ? 400 : 200,
    );
  };

  app.get('/staff/organizations/:id', { config: readers }, async (req, reply) => {
    const id = idOf(req.params);
    // A duplicate merged into another: its old links go to the survivor.
    const survivor = await mergedInto(deps.db, { id });
    if (survivor) return reply.redirect(`/staff/organizations/${survivor.id}`, 301);
    return showRecord(req, reply, id);
  });

  app.post('/staff/organizations/:id/notes', { config: membership }, async (req, reply) => {
    const id = idOf(req.params);
    const parsed = parseForm(noteForm, req.body);
    if (!parsed.ok) {
      if (!(await organizationRecord(deps.db, id))) throw new AppError('not_found');
      return showRecord(req, reply, id, { value: parsed.values.body ?? '', errors: parsed.errors });
    }
    const actor = actorOf(req);
    await addStaffNote(deps, { organizationId: id, body: parsed.data.body, actorUserId: actor.userId, requestId: actor.requestId });
    setFlash(reply, 'Note added.');
    return reply.redirect(`/staff/organizations/${id}#staff-notes`, 303);
  });

  const profileOf = async (id: string) => {
    const r = await organizationRecord(deps.db, id);
    if (!r) throw new AppError('not_found');
    return r.org;
  };
  app.get('/staff/organizations/:id/edit', { config: membership }, async (req, reply) => {
    const org = await profileOf(idOf(req.params));
    const values = {
      population: org.population === null ? '' : String(org.population),
      populationSource: org.population_source ?? '',
      populationYear: org.population_year === null ? '' : String(org.population_year),
      website: org.website,
      billingAddress: org.billing_address,
    };
    return sendPage(reply, ProfileFormPage({ ctx: await pageContext(req, reply), id: org.id, name: org.name, values }));
  });
  app.post('/staff/organizations/:id/edit', { config: membership }, async (req, reply) => {
    const org = await profileOf(idOf(req.params));
    const parsed = parseForm(profileForm, req.body);
    if (!parsed.ok) return sendPage(reply, ProfileFormPage({ ctx: await pageContext(req, reply), id: org.id, name: org.name, values: parsed.values, errors: parsed.errors }), 400);
    const actor = actorOf(req);
    const result = await editOrganizationProfile(deps, { organizationId: org.id, ...parsed.data, actorUserId: actor.userId, requestId: actor.requestId });
    const n = (x: number | null) => (x === null ? 'unknown' : x.toLocaleString('en-US'));
    const population = result.populationBefore === parsed.data.population ? '' : ` Population ${n(result.populationBefore)} → ${n(parsed.data.population)}.`;
    const dues = result.dues
      ? result.dues.beforeCents === result.dues.afterCents
        ? ` Dues for the term starting ${formatDay(result.dues.on)} stay ${formatCents(result.dues.afterCents)}.`
        : ` Dues for the term starting ${formatDay(result.dues.on)} change from ${formatCents(result.dues.beforeCents)} to ${formatCents(result.dues.afterCents)}.`
      : '';
    setFlash(reply, `Profile saved.${population}${dues}`);
    return reply.redirect(`/staff/organizations/${org.id}`, 303);
  });

  app.get(
    '/api/v1/organizations',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Organizations, searched, filtered and paged by cursor (staff)',
        description: 'Pass `nextCursor` of one page as `cursor` for the next; null on the last page.',
        querystring: organizationFilters,
        response: { 200: organizationList, 400: errorShape },
      },
    },
    async (req) => {
      const page = await listOrganizations(deps.db, await withBand(deps, req.query));
      return { organizations: page.rows, nextCursor: page.nextCursor, total: page.total, totalCapped: page.totalCapped };
    },
  );

  app.get(
    '/api/v1/organizations/:id',
    {
      config: readers,
      schema: { tags, summary: 'One organization: profile, membership terms, contacts and advisor (staff)', params: idParams, response: { 200: recordSchema, 404: errorShape } },
    },
    async (req) => {
      const r = await organizationRecord(deps.db, req.params.id);
      if (!r) throw new AppError('not_found', { message: 'There is no such organization.' });
      const { org } = r;
      const current = r.memberships.find((m) => m.status !== 'ended' && m.term_end);
      return {
        id: org.id,
        slug: org.slug,
        name: org.name,
        entityType: org.entity_type,
        state: org.state,
        status: org.status,
        population: org.population,
        populationSource: org.population_source,
        populationYear: org.population_year,
        website: org.website,
        billingAddress: org.billing_address,
        timeZone: org.time_zone,
        createdAt: org.created_at.toISOString(),
        termEnd: current?.term_end ?? null,
        advisorName: r.advisor?.name ?? null,
        balanceCents: r.balanceCents,
        memberships: r.memberships.map((m) => ({
          id: m.id,
          status: m.status,
          termStart: m.term_start,
          termEnd: m.term_end,
          duesCents: m.duesCents,
          createdAt: m.created_at.toISOString(),
        })),
        contacts: r.contacts.map((c) => ({ userId: c.userId, name: c.name, email: c.email, title: c.title, role: c.role })),
        advisor: r.advisor ? { userId: r.advisor.userId, name: r.advisor.name, email: r.advisor.email } : null,
      };
    },
  );

  await recordActionRoutes(app);
}
