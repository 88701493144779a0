// Routes of the actions on an organization's record (membership staff and admins): advisor,
// contacts, an ad-hoc invoice, suspend/cancel/reinstate, merging a duplicate. Each page is a GET
// form and a POST that redirects to the record with a flash, or shows the form again with its
// errors (400) having changed nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { currentAdvisor, listAdvisors } from '../advising/index.js';
import { AdvisorFormPage, ContactFormPage, ContactPage, InvoiceFormPage, MergeConfirmPage, MergeSearchPage, StandingPage } from './action-views.js';
import {
  changeAdvisor,
  changeContactRole,
  changeMembershipStanding,
  contactOf,
  defaultBillTo,
  inviteContact,
  invoicesToVoid,
  issueAdHocInvoice,
  membershipOf,
  organizationToAct,
  removeOrganizationContact,
} from './actions.js';
import { mergeCandidates, mergeOrganization, mergePreview, mergeRefusal } from './merge.js';
import { advisorForm, confirmForm, contactForm, contactParams, idParams, invoiceForm, mergeParams, mergeSearch, roleForm, standingForm, standingParams } from './schemas.js';
import { STATUS_LABELS } from './views.js';

const parsedOr404 = <S extends z.ZodType>(schema: S, params: unknown): z.output<S> => {
  const p = schema.safeParse(params);
  if (!p.success) throw new AppError('not_found');
  return p.data;
};

export async function recordActionRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const membership = { access: access.staff('membership') };

  const orgOf = async (id: string) => {
    const org = await organizationToAct(deps.db, id);
    if (!org) throw new AppError('not_found', { message: 'There is no such organization.' });
    return org;
  };
  const who = (req: FastifyRequest) => {
    const a = actorOf(req);
    return { actorUserId: a.userId, actorName: req.principal?.name ?? 'Membership staff', requestId: a.requestId };
  };
  const back = (reply: FastifyReply, id: string, message: string, anchor = '') => {
    setFlash(reply, message);
    return reply.redirect(`/staff/organizations/${id}${anchor}`, 303);
  };
  /** Runs the action; a field error shows the form again (400), nothing changed. */
  const attempt = async <T,>(run: () => Promise<T>, onFields: (errors: FieldErrors) => Promise<unknown>): Promise<{ ok: true; value: T } | { ok: false; sent: unknown }> => {
    try {
      return { ok: true, value: await run() };
    } catch (err) {
      if (err instanceof AppError && (err.fields || err.status === 409)) return { ok: false, sent: await onFields(err.fields ?? { form: err.message }) };
      throw err;
    }
  };

  // ---- advisor ----
  const advisorPage = async (req: FastifyRequest, reply: FastifyReply, org: { id: string; name: string }, values?: Record<string, string>, errors?: FieldErrors) => {
    const [current, advisors] = await Promise.all([currentAdvisor(deps.db, org.id), listAdvisors(deps.db)]);
    return sendPage(
      reply,
      AdvisorFormPage({ ctx: await pageContext(req, reply), org, current: current?.name ?? null, advisors: advisors.filter((a) => a.active), values, errors }),
      errors ? 400 : 200,
    );
  };
  app.get('/staff/organizations/:id/advisor', { config: membership }, async (req, reply) => advisorPage(req, reply, await orgOf(parsedOr404(idParams, req.params).id)));
  app.post('/staff/organizations/:id/advisor', { config: membership }, async (req, reply) => {
    const org = await orgOf(parsedOr404(idParams, req.params).id);
    const parsed = parseForm(advisorForm, req.body);
    if (!parsed.ok) return advisorPage(req, reply, org, parsed.values, parsed.errors);
    const r = await attempt(
      () => changeAdvisor(deps, { organizationId: org.id, advisorUserId: parsed.data.advisor, reason: parsed.data.reason, ...who(req) }),
      (errors) => advisorPage(req, reply, org, formValues(req.body), errors),
    );
    return r.ok ? back(reply, org.id, 'Advisor assigned. They and the contacts have been emailed.') : r.sent;
  });

  // ---- contacts ----
  const contactFormPage = async (req: FastifyRequest, reply: FastifyReply, org: { id: string; name: string }, values?: Record<string, string>, errors?: FieldErrors) =>
    sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), org, values, errors }), errors ? 400 : 200);
  app.get('/staff/organizations/:id/contacts/new', { config: membership }, async (req, reply) => contactFormPage(req, reply, await orgOf(parsedOr404(idParams, req.params).id)));
  app.post('/staff/organizations/:id/contacts', { config: membership }, async (req, reply) => {
    const org = await orgOf(parsedOr404(idParams, req.params).id);
    const parsed = parseForm(contactForm, req.body);
    if (!parsed.ok) return contactFormPage(req, reply, org, parsed.values, parsed.errors);
    const r = await attempt(
      () => inviteContact(deps, { organizationId: org.id, ...parsed.data, ...who(req) }),
      (errors) => contactFormPage(req, reply, org, formValues(req.body), errors),
    );
    return r.ok ? back(reply, org.id, `Invitation sent to ${parsed.data.name}. They become a contact when they accept it.`, '#contacts') : r.sent;
  });

  const contactPage = async (req: FastifyRequest, reply: FastifyReply, orgId: string, userId: string, values?: Record<string, string>, errors?: FieldErrors) => {
    const org = await orgOf(orgId);
    const contact = await contactOf(deps.db, org.id, userId);
    if (!contact) throw new AppError('not_found', { message: 'That person is not a contact of this organization.' });
    return sendPage(reply, ContactPage({ ctx: await pageContext(req, reply), org, contact, values, errors }), errors ? 400 : 200);
  };
  app.get('/staff/organizations/:id/contacts/:userId', { config: membership }, async (req, reply) => {
    const p = parsedOr404(contactParams, req.params);
    return contactPage(req, reply, p.id, p.userId);
  });
  app.post('/staff/organizations/:id/contacts/:userId/role', { config: membership }, async (req, reply) => {
    const p = parsedOr404(contactParams, req.params);
    const parsed = parseForm(roleForm, req.body);
    if (!parsed.ok) return contactPage(req, reply, p.id, p.userId, parsed.values, parsed.errors);
    const r = await attempt(
      () => changeContactRole(deps, { organizationId: p.id, userId: p.userId, role: parsed.data.role, ...who(req) }),
      (errors) => contactPage(req, reply, p.id, p.userId, formValues(req.body), errors),
    );
    if (!r.ok) return r.sent;
    return back(reply, p.id, r.value === 'invited' ? 'Invitation to be an administrator sent; the role is theirs when they accept it.' : 'Role changed to contact.', '#contacts');
  });
  app.post('/staff/organizations/:id/contacts/:userId/remove', { config: membership }, async (req, reply) => {
    const p = parsedOr404(contactParams, req.params);
    const parsed = parseForm(confirmForm, req.body);
    if (!parsed.ok) return contactPage(req, reply, p.id, p.userId, parsed.values, parsed.errors);
    const r = await attempt(
      () => removeOrganizationContact(deps, { organizationId: p.id, userId: p.userId, ...who(req) }),
      (errors) => contactPage(req, reply, p.id, p.userId, {}, errors.form ? { confirm: errors.form } : errors),
    );
    return r.ok ? back(reply, p.id, `${r.value.name} is no longer a contact.`, '#contacts') : r.sent;
  });

  // ---- ad-hoc invoice ----
  const invoicePage = async (req: FastifyRequest, reply: FastifyReply, org: { id: string; name: string }, values?: Record<string, string>, errors?: FieldErrors) => {
    const v = values ?? (await defaultBillTo(deps.db, org.id).then((b) => ({ billToName: b.name, billToEmail: b.email })));
    return sendPage(reply, InvoiceFormPage({ ctx: await pageContext(req, reply), org, values: v, errors }), errors ? 400 : 200);
  };
  app.get('/staff/organizations/:id/invoices/new', { config: membership }, async (req, reply) => invoicePage(req, reply, await orgOf(parsedOr404(idParams, req.params).id)));
  app.post('/staff/organizations/:id/invoices', { config: membership }, async (req, reply) => {
    const org = await orgOf(parsedOr404(idParams, req.params).id);
    const parsed = parseForm(invoiceForm, req.body);
    const confirmed = formValues(req.body).confirm === 'yes';
    if (!parsed.ok || !confirmed) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(confirmed ? {} : { confirm: 'Tick the box to confirm.' }) };
      return invoicePage(req, reply, org, formValues(req.body), errors);
    }
    const r = await attempt(
      () => issueAdHocInvoice(deps, { organizationId: org.id, ...parsed.data, ...who(req) }),
      (errors) => invoicePage(req, reply, org, formValues(req.body), errors),
    );
    return r.ok ? back(reply, org.id, `Invoice ${r.value.number} issued and emailed to ${parsed.data.billToEmail}.`) : r.sent;
  });

  // ---- suspend, cancel, reinstate ----
  const standingPage = async (req: FastifyRequest, reply: FastifyReply, values?: Record<string, string>, errors?: FieldErrors) => {
    const p = parsedOr404(standingParams, req.params);
    const org = await orgOf(p.id);
    const m = await membershipOf(deps.db, org.id, p.membershipId);
    if (!m) throw new AppError('not_found', { message: 'There is no such membership.' });
    const term = m.term_start ? `${formatDay(m.term_start)} to ${formatDay(m.term_end)} (${STATUS_LABELS[m.status].toLowerCase()})` : `(${STATUS_LABELS[m.status].toLowerCase()})`;
    const toVoid = p.action === 'cancel' ? await invoicesToVoid(deps.db, m.id) : [];
    return sendPage(reply, StandingPage({ ctx: await pageContext(req, reply), org, action: p.action, membershipId: m.id, term, toVoid, values, errors }), errors ? 400 : 200);
  };
  app.get('/staff/organizations/:id/memberships/:membershipId/:action', { config: membership }, async (req, reply) => standingPage(req, reply));
  app.post('/staff/organizations/:id/memberships/:membershipId/:action', { config: membership }, async (req, reply) => {
    const p = parsedOr404(standingParams, req.params);
    const parsed = parseForm(standingForm, req.body);
    if (!parsed.ok) return standingPage(req, reply, parsed.values, parsed.errors);
    if (p.action === 'cancel' && parsed.data.confirm !== 'yes') return standingPage(req, reply, formValues(req.body), { confirm: 'Tick the box to confirm.' });
    const r = await attempt(
      () => changeMembershipStanding(deps, { organizationId: p.id, membershipId: p.membershipId, action: p.action, reason: parsed.data.reason, ...who(req) }),
      (errors) => standingPage(req, reply, formValues(req.body), errors.form ? { reason: errors.form } : errors),
    );
    if (!r.ok) return r.sent;
    const done = { suspend: 'Membership suspended.', cancel: 'Membership cancelled.', reinstate: 'Membership reinstated.' }[p.action];
    return back(reply, p.id, r.value.voided.length ? `${done} Invoices voided: ${r.value.voided.join(', ')}.` : done);
  });

  // ---- merge a duplicate ----
  app.get('/staff/organizations/:id/merge', { config: membership }, async (req, reply) => {
    const org = await orgOf(parsedOr404(idParams, req.params).id);
    const q = mergeSearch.safeParse(formValues(req.query));
    const ctx = await pageContext(req, reply);
    if (!q.success) return sendPage(reply, MergeSearchPage({ ctx, org, q: '', results: [], errors: { q: q.error.issues[0]?.message ?? 'Check the name.' } }), 400);
    const results = q.data.q ? (await mergeCandidates(deps.db, org.id, q.data.q)).map((r) => ({ ...r, status: STATUS_LABELS[r.status] })) : [];
    return sendPage(reply, MergeSearchPage({ ctx, org, q: q.data.q, results }));
  });
  const mergeConfirm = async (req: FastifyRequest, reply: FastifyReply, errors?: FieldErrors) => {
    const p = parsedOr404(mergeParams, req.params);
    const org = await orgOf(p.id);
    const from = await orgOf(p.fromId);
    if (from.id === org.id) throw new AppError('not_found');
    const [counts, refusal] = await Promise.all([mergePreview(deps, from.id), mergeRefusal(deps.db, from, org)]);
    return sendPage(reply, MergeConfirmPage({ ctx: await pageContext(req, reply), org, from, counts, refusal, errors }), errors || refusal ? (errors ? 400 : 200) : 200);
  };
  app.get('/staff/organizations/:id/merge/:fromId', { config: membership }, async (req, reply) => mergeConfirm(req, reply));
  app.post('/staff/organizations/:id/merge/:fromId', { config: membership }, async (req, reply) => {
    const p = parsedOr404(mergeParams, req.params);
    const parsed = parseForm(confirmForm, req.body);
    if (!parsed.ok) return mergeConfirm(req, reply, parsed.errors);
    const a = who(req);
    const r = await attempt(
      () => mergeOrganization(deps, { from: p.fromId, to: p.id, actorUserId: a.actorUserId, requestId: a.requestId }),
      async (errors) => {
        reply.code(409);
        return mergeConfirm(req, reply, { confirm: errors.confirm ?? errors.from ?? errors.form ?? 'The merge was refused.' });
      },
    );
    return r.ok ? back(reply, p.id, `${r.value.fromName} was merged into this organization.`) : r.sent;
  });
}
