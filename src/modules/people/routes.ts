// Routes of People: the list, its CSV and JSON API, a person's record and the actions on it.
// Membership staff and staff admins only; a staff account is changed only by a staff admin, and
// two-factor is reset only by one (accounts' person-admin.ts decides, this file asks).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { type CsvCell, sendAuditedCsvStream } from '../../lib/csv.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import {
  deactivateAccount,
  editPerson,
  endAllSessions,
  listOpenStaffInvitations,
  mergeAccounts,
  type PersonActor,
  reactivateAccount,
  resendStaffInvitation,
  resetTwoFactor,
} from '../accounts/index.js';
import { isCreditedInFull } from '../billing/index.js';
import { levelOptions } from '../individuals/index.js';
import { openSeatInvitationsTo, resendSeatInvitation } from '../portal/index.js';
import { eachPerson, listPeople, organizationName, type PersonRow, personAccount, personByEmail } from './queries.js';
import { personRecord } from './record.js';
import { confirmForms, editForm, idParams, mergeForm, mergeQuery, peopleFilters, peopleList, personRecord as recordSchema, resendForm } from './schemas.js';
import { EditPersonPage, MEMBERSHIP_LABELS, MergePage, PeoplePage, PersonRecordPage, rolesText } from './views.js';

const tags = ['people'];

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
const personActor = (req: FastifyRequest): PersonActor => ({ ...actorOf(req), admin: req.principal?.roles.has('admin') ?? false });

const CSV_HEADER = ['Name', 'Email', 'Email confirmed', 'Account', 'Roles', 'Organizations', 'Individual membership', 'Level'];
const csvRow = (r: PersonRow): CsvCell[] => [
  r.name,
  r.email,
  r.verified ? 'yes' : 'no',
  r.deactivated ? 'Deactivated' : 'Active',
  rolesText(r.roles),
  r.organizations,
  r.membershipStatus ? MEMBERSHIP_LABELS[r.membershipStatus] : '',
  r.levelName,
];

export async function peopleRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const staff = { access: access.staff('membership') };
  const admins = { access: access.staff('admin') };

  app.get('/staff/people', { config: staff }, async (req, reply) => {
    const raw = formValues(req.query);
    const ctx = await pageContext(req, reply);
    const levels = await levelOptions(deps.db);
    const parsed = peopleFilters.safeParse(raw);
    const page = (filters: z.infer<typeof peopleFilters>, rows: PersonRow[], nextCursor: string | null, orgName: string | null, errors?: FieldErrors) =>
      PeoplePage({ ctx, raw, filters, levels, organizationName: orgName, rows, nextCursor, errors });
    if (!parsed.success) return sendPage(reply, page({}, [], null, null, fieldsOf(parsed.error)), 400);
    const orgName = parsed.data.organization ? await organizationName(deps.db, parsed.data.organization) : null;
    try {
      const result = await listPeople(deps.db, parsed.data);
      return sendPage(reply, page(parsed.data, result.rows, result.nextCursor, orgName));
    } catch (err) {
      if (!(err instanceof AppError && err.fields)) throw err;
      return sendPage(reply, page(parsed.data, [], null, orgName, err.fields), 400);
    }
  });

  app.get('/staff/people.csv', { config: staff }, async (req, reply) => {
    const parsed = peopleFilters.safeParse(formValues(req.query));
    if (!parsed.success) throw new AppError('validation_failed', { fields: fieldsOf(parsed.error), message: 'The filter is not valid.' });
    const { cursor: _, ...filters } = parsed.data;
    const actor = actorOf(req);
    return sendAuditedCsvStream(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: actor.userId, requestId: actor.requestId, name: 'people', filters },
      CSV_HEADER,
      eachPerson(deps.db, filters),
      csvRow,
    );
  });

  const showRecord = async (req: FastifyRequest, reply: FastifyReply, id: string, failed?: { errors?: FieldErrors; problem?: string; status: number }) => {
    const record = await personRecord(deps, id);
    if (!record) throw new AppError('not_found', { message: 'There is no such person.' });
    const ctx = await pageContext(req, reply);
    return sendPage(reply, PersonRecordPage({ ctx, record, errors: failed?.errors, problem: failed?.problem }), failed?.status ?? 200);
  };

  app.get('/staff/people/:id', { config: staff }, async (req, reply) => showRecord(req, reply, idOf(req.params)));

  /** An action from the record's page: its confirmation checked, its refusal shown on the page. */
  const action = <S extends z.ZodType>(path: string, policy: typeof staff, form: S | null, run: (id: string, actor: PersonActor) => Promise<string>) =>
    app.post(path, { config: policy }, async (req, reply) => {
      const id = idOf(req.params);
      if (form) {
        const parsed = parseForm(form, req.body);
        if (!parsed.ok) return showRecord(req, reply, id, { errors: parsed.errors, status: 400 });
      }
      try {
        setFlash(reply, await run(id, personActor(req)));
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'not_found' || err.code === 'forbidden' || err.code === 'people.staff_account') throw err;
        return showRecord(req, reply, id, { problem: err.message, errors: err.fields, status: err.status });
      }
      return reply.redirect(`/staff/people/${id}`, 303);
    });

  action('/staff/people/:id/sessions/end', staff, confirmForms.endSessions, async (userId, actor) => {
    const r = await endAllSessions(deps, { userId, actor });
    return `${r.name} is signed out everywhere (${r.ended === 1 ? 'one session' : `${r.ended} sessions`} ended).`;
  });
  action('/staff/people/:id/two-factor/reset', admins, confirmForms.resetTwoFactor, async (userId, actor) => {
    const r = await resetTwoFactor(deps, { userId, actor });
    return `Two-factor sign-in of ${r.name} is reset. They set it up again at their next sign-in.`;
  });
  action('/staff/people/:id/deactivate', staff, confirmForms.deactivate, async (userId, actor) => `${(await deactivateAccount(deps, { userId, actor })).name} is deactivated.`);
  action('/staff/people/:id/reactivate', staff, null, async (userId, actor) => `${(await reactivateAccount(deps, { userId, actor })).name} can sign in again.`);

  app.post('/staff/people/:id/invitations/resend', { config: staff }, async (req, reply) => {
    const id = idOf(req.params);
    const account = await personAccount(deps.db, id);
    if (!account) throw new AppError('not_found');
    const parsed = parseForm(resendForm, req.body);
    if (!parsed.ok) return showRecord(req, reply, id, { problem: 'Choose an invitation from the list.', status: 400 });
    const actor = personActor(req);
    const f = parsed.data;
    // Only an invitation to this person's address, still open (the object-level check).
    if (f.kind === 'staff') {
      if (!actor.admin) throw new AppError('forbidden', { message: 'Only a staff admin sends a staff invitation again.' });
      if (!(await listOpenStaffInvitations(deps, account.email)).some((i) => i.id === f.invitationId)) throw new AppError('not_found', { message: 'There is no such invitation.' });
      const r = await resendStaffInvitation(deps, { invitationId: f.invitationId, actor });
      setFlash(reply, `The staff invitation is sent again to ${r.email}.`);
    } else {
      const seat = (await openSeatInvitationsTo(deps, account.email)).find((i) => i.id === f.invitationId);
      if (!seat) throw new AppError('not_found', { message: 'There is no such invitation.' });
      const r = await resendSeatInvitation(deps, {
        organizationId: seat.organizationId,
        invitationId: seat.id,
        actorUserId: actor.userId,
        actorName: actor.name,
        requestId: actor.requestId,
      });
      setFlash(reply, `The invitation is sent again to ${r.email}.`);
    }
    return reply.redirect(`/staff/people/${id}`, 303);
  });

  const accountOf = async (id: string) => {
    const a = await personAccount(deps.db, id);
    if (!a) throw new AppError('not_found', { message: 'There is no such person.' });
    return a;
  };

  app.get('/staff/people/:id/edit', { config: staff }, async (req, reply) => {
    const a = await accountOf(idOf(req.params));
    return sendPage(reply, EditPersonPage({ ctx: await pageContext(req, reply), id: a.id, name: a.name, values: { name: a.name, email: a.email } }));
  });
  app.post('/staff/people/:id/edit', { config: staff }, async (req, reply) => {
    const a = await accountOf(idOf(req.params));
    const parsed = parseForm(editForm, req.body);
    const again = async (values: Record<string, string>, errors: FieldErrors, status = 400) =>
      sendPage(reply, EditPersonPage({ ctx: await pageContext(req, reply), id: a.id, name: a.name, values, errors }), status);
    if (!parsed.ok) return again(parsed.values, parsed.errors);
    try {
      const r = await editPerson(deps, { userId: a.id, ...parsed.data, actor: personActor(req) });
      const parts = [r.renamed ? 'Name saved.' : '', r.emailPending ? `We sent a link to ${r.emailPending}: the address changes when its owner follows it.` : ''].filter(Boolean);
      setFlash(reply, parts.join(' ') || 'Nothing changed.');
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'forbidden' || err.code === 'people.staff_account' || err.code === 'not_found') throw err;
      return again({ name: parsed.data.name, email: parsed.data.email }, err.fields ?? { email: err.message });
    }
    return reply.redirect(`/staff/people/${a.id}`, 303);
  });

  app.get('/staff/people/:id/merge', { config: staff }, async (req, reply) => {
    const into = await accountOf(idOf(req.params));
    const ctx = await pageContext(req, reply);
    const q = mergeQuery.safeParse(formValues(req.query));
    const otherQuery = q.success ? (q.data.other ?? '') : '';
    if (!q.success) return sendPage(reply, MergePage({ ctx, into, other: null, otherQuery, errors: fieldsOf(q.error) }), 400);
    if (!otherQuery) return sendPage(reply, MergePage({ ctx, into, other: null, otherQuery }));
    const otherId = await personByEmail(deps.db, otherQuery);
    const other = otherId && otherId !== into.id ? await personAccount(deps.db, otherId) : null;
    if (!other) {
      const why = otherId === into.id ? 'That is this account. Give the address of the other one.' : 'No account has this address.';
      return sendPage(reply, MergePage({ ctx, into, other: null, otherQuery, errors: { other: why } }), 400);
    }
    return sendPage(reply, MergePage({ ctx, into, other, otherQuery }));
  });
  app.post('/staff/people/:id/merge', { config: staff }, async (req, reply) => {
    const into = await accountOf(idOf(req.params));
    const parsed = parseForm(mergeForm, req.body);
    const otherId = parsed.ok ? parsed.data.other : (parsed.values.other ?? '');
    const other = idParams.safeParse({ id: otherId }).success ? await personAccount(deps.db, otherId) : null;
    const again = async (errors?: FieldErrors, problem?: string, status = 400) =>
      sendPage(reply, MergePage({ ctx: await pageContext(req, reply), into, other, otherQuery: other?.email ?? '', errors, problem }), status);
    if (!parsed.ok) return again(parsed.errors);
    if (!other) return again({ other: 'No account has this address.' });
    try {
      const r = await mergeAccounts(deps, { fromUserId: other.id, intoUserId: into.id, actor: personActor(req) });
      setFlash(reply, `${r.from}’s account (${other.email}) is merged into this one and deactivated.`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'not_found') throw err;
      return again(err.fields, err.fields ? undefined : err.message, err.status);
    }
    return reply.redirect(`/staff/people/${into.id}`, 303);
  });

  app.get(
    '/api/v1/people',
    {
      config: staff,
      schema: {
        tags,
        summary: 'People (every account), searched, filtered and paged by cursor (membership staff)',
        description: 'Pass `nextCursor` of one page as `cursor` for the next; null on the last page. Never includes a password, two-factor secret or token.',
        querystring: peopleFilters,
        response: { 200: peopleList, 400: errorShape },
      },
    },
    async (req) => {
      const page = await listPeople(deps.db, req.query);
      return { people: page.rows, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/people/:id',
    {
      config: staff,
      schema: {
        tags,
        summary: 'One person: account, roles, seats, individual memberships, invoices and sign-in activity (membership staff)',
        params: idParams,
        response: { 200: recordSchema, 404: errorShape },
      },
    },
    async (req) => {
      const r = await personRecord(deps, req.params.id);
      if (!r) throw new AppError('not_found', { message: 'There is no such person.' });
      const a = r.account;
      const current = r.memberships.find((m) => m.status !== 'ended') ?? r.memberships[0];
      return {
        id: a.id,
        name: a.name,
        email: a.email,
        verified: a.verified,
        deactivated: a.deactivatedAt !== null,
        roles: a.roles,
        organizations: r.seats.length,
        membershipStatus: current?.status ?? null,
        levelName: current?.levelName ?? null,
        createdAt: a.createdAt.toISOString(),
        twoFactor: a.twoFactor,
        pendingEmail: r.pendingEmail,
        organizationSeats: r.seats.map((s) => ({ organizationId: s.organizationId, name: s.name, role: s.role, title: s.title })),
        memberships: r.memberships.map((m) => ({ id: m.id, levelName: m.levelName, status: m.status, termStart: m.termStart, termEnd: m.termEnd, verification: m.verification })),
        invoices: r.invoices.map((i) => ({
          id: i.id,
          number: i.number,
          status: i.status,
          totalCents: i.totalCents,
          balanceCents: i.balanceCents,
          dueOn: i.dueOn,
          creditedInFull: isCreditedInFull(i),
        })),
        signIn: {
          lastSignInAt: r.signIn.lastSignInAt?.toISOString() ?? null,
          lastSeenAt: r.signIn.lastSeenAt?.toISOString() ?? null,
          activeSessions: r.signIn.activeSessions,
          failedAttempts: r.signIn.failedAttempts,
        },
      };
    },
  );
}
