// Routes of the organization portal: an organization's contacts, the administrators' decisions on
// login requests, and the contacts API; the home, invitations, the request form and membership
// staff's queue have their own route files, registered from here. Every organization id comes
// from `?org=` and is checked against the person's own (another's: 404); changes need an
// administrator of that organization (a plain contact: 403).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTACT_DUTIES } from '../../db/types.js';
import { access, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { nextDuesAddressee } from '../billing/index.js';
import { addOrganizationContact, getContact, listContacts, removeOrganizationContact, sendNextInvoiceTo, updateOrganizationContact } from './contacts.js';
import { homeRoutes, sendOrgHome } from './home-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import { listPendingSeats } from './invitations.js';
import { approveLoginRequest, declineLoginRequest } from './login-requests.js';
import { organizationName, organizationsByName } from './queries.js';
import { requestAccessRoutes } from './request-access-routes.js';
import { contactChangeInput, contactResponse, idParams, newContactInput, orgQuery, pendingResponse, userParams } from './schemas.js';
import { staffLoginRequestRoutes } from './staff-routes.js';
import { ContactFormPage, type ContactFormValues, nextInvoiceWithout, RemoveContactPage } from './views.js';

/** Form values as typed, with every ticked duty (a checkbox group sends several). */
function contactValues(body: unknown): { raw: Record<string, unknown>; values: ContactFormValues } {
  const v = formValues(body);
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const duties = [b.duties].flat().filter((d): d is (typeof CONTACT_DUTIES)[number] => typeof d === 'string' && (CONTACT_DUTIES as readonly string[]).includes(d));
  return {
    raw: { ...v, duties: b.duties },
    values: { name: v.name, email: v.email, title: v.title, phone: v.phone, duties, admin: v.admin === 'yes' },
  };
}

function errorsOf(issues: Array<{ path: PropertyKey[]; message: string }>) {
  const errors: Record<string, string> = {};
  for (const i of issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
  return errors;
}

const actor = (req: FastifyRequest, organizationId: string) => ({
  organizationId,
  actorUserId: req.principal?.userId ?? '',
  actorName: req.principal?.name ?? 'A colleague',
  requestId: req.id,
});

export async function portalRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  const orgName = (id: string) => organizationName(deps.db, id);
  const backToContacts = (reply: FastifyReply, organizationId: string) => reply.redirect(`/org?org=${organizationId}#contacts`, 303);
  /** Whether removing the contact touches the next membership invoice: they are marked Billing, or
   * it goes to their address (the latest invoice's). */
  const billsTo = async (organizationId: string, c: { email: string; duties: readonly string[] }) =>
    c.duties.includes('billing') || (await nextDuesAddressee(deps.db, organizationId))?.email.toLowerCase() === c.email.toLowerCase();
  const contactOf = async (organizationId: string, userId: string) => {
    if (!isUuid(userId)) throw new AppError('not_found', { message: 'That person is not a contact of your organization.' });
    return getContact(deps.db, organizationId, userId);
  };

  app.get('/org/contacts/new', { config: { access: access.orgAdmin() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const organization = { id: org.id, name: await orgName(org.id) };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, values: { duties: [], admin: false } }));
  });

  app.post('/org/contacts', { config: { access: access.orgAdmin() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const { raw, values } = contactValues(req.body);
    const parsed = newContactInput.safeParse(raw);
    let errors: Record<string, string>;
    if (parsed.success) {
      try {
        const { replaced } = await addOrganizationContact(deps, { ...actor(req, org.id), contact: parsed.data });
        // The same answer whether or not the address has an account: the name is the one typed.
        const renewed = replaced
          ? ` It replaces the invitation sent to that address on ${formatZonedDay(replaced.sentAt, (await deps.association.get()).time_zone)} (for ${replaced.name}), whose link no longer works.`
          : '';
        setFlash(reply, `We emailed an invitation to ${parsed.data.email}.${renewed} ${parsed.data.name} becomes a contact on accepting it, and is listed as invited until then.`);
        return backToContacts(reply, org.id);
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        errors = fields;
      }
    } else errors = errorsOf(parsed.error.issues);
    const organization = { id: org.id, name: await orgName(org.id) };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, values, errors }), 400);
  });

  app.get('/org/contacts/:userId/edit', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const c = await contactOf(org.id, req.params.userId);
    const organization = { id: org.id, name: await orgName(org.id) };
    const values = { title: c.title, phone: c.phone, duties: c.duties, admin: c.role === 'admin' };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, person: c, values }));
  });

  app.post('/org/contacts/:userId', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const c = await contactOf(org.id, req.params.userId);
    const { raw, values } = contactValues(req.body);
    const parsed = contactChangeInput.safeParse(raw);
    let errors: Record<string, string>;
    if (parsed.success) {
      try {
        await updateOrganizationContact(deps, { ...actor(req, org.id), userId: c.userId, change: parsed.data });
        setFlash(reply, `Saved the changes to ${c.name}.`);
        return backToContacts(reply, org.id);
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        errors = fields;
      }
    } else errors = errorsOf(parsed.error.issues);
    const organization = { id: org.id, name: await orgName(org.id) };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, person: c, values, errors }), 400);
  });

  // The confirmation step: removing is a POST from this page, never from a stray click.
  app.get('/org/contacts/:userId/remove', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const c = await contactOf(org.id, req.params.userId);
    const organization = { id: org.id, name: await orgName(org.id) };
    // The only administrator cannot go: said here, before the confirmation, not after it.
    const onlyAdmin = c.role === 'admin' && !(await listContacts(deps.db, org.id)).some((x) => x.role === 'admin' && x.userId !== c.userId);
    const nextInvoice = (await billsTo(org.id, c)) ? nextInvoiceWithout(c, await nextDuesAddressee(deps.db, org.id, { without: c.userId }), 'will') : undefined;
    return sendPage(reply, RemoveContactPage({ ctx: await pageContext(req, reply), organization, person: c, self: c.userId === req.principal?.userId, onlyAdmin, nextInvoice }));
  });

  app.post('/org/contacts/:userId/remove', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const c = await contactOf(org.id, req.params.userId);
    const billed = await billsTo(org.id, c);
    try {
      await removeOrganizationContact(deps, { ...actor(req, org.id), userId: c.userId });
    } catch (err) {
      // Said on the organization's page, beside the contact, rather than on an error page.
      if (err instanceof AppError && err.code === 'portal.last_admin') return sendOrgHome(req, reply, { userId: c.userId, message: err.message });
      throw err;
    }
    const next = billed ? ` ${nextInvoiceWithout(c, await nextDuesAddressee(deps.db, org.id), 'now')}` : '';
    setFlash(reply, `Removed ${c.name} from your organization’s contacts.${next}`);
    if (c.userId === req.principal?.userId) return reply.redirect('/', 303);
    return backToContacts(reply, org.id);
  });

  // The contact marked Billing, passed over by an invoice addressed elsewhere since, chosen again
  // (the home's "Send the next invoice to …" button).
  app.post('/org/contacts/:userId/billing', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const c = await contactOf(org.id, req.params.userId);
    try {
      await sendNextInvoiceTo(deps, { ...actor(req, org.id), userId: c.userId });
    } catch (err) {
      if (err instanceof AppError && err.code === 'portal.not_billing_contact') return sendOrgHome(req, reply, { userId: c.userId, message: err.message });
      throw err;
    }
    setFlash(reply, `Your next membership invoice goes to ${c.name} (${c.email}).`);
    return reply.redirect(`/org?org=${org.id}#invoices`, 303);
  });

  for (const decision of ['approve', 'decline'] as const) {
    app.post(`/org/login-requests/:id/${decision}`, { config: { access: access.orgAdmin() }, schema: { params: idParams, querystring: orgQuery } }, async (req, reply) => {
      const org = orgScope(req, 'admin');
      if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such login request waiting for a decision.' });
      const d = { id: req.params.id, scope: { kind: 'organization' as const, organizationId: org.id }, actorUserId: req.principal?.userId ?? '', requestId: req.id };
      if (decision === 'approve') {
        await approveLoginRequest(deps, { ...d, actorName: req.principal?.name ?? 'An administrator' });
        setFlash(reply, 'Approved. We emailed the person an invitation: they become a contact of your organization when they accept it, and are listed as invited until then.');
      } else {
        await declineLoginRequest(deps, d);
        setFlash(reply, 'Declined. We let the person know by email.');
      }
      return reply.redirect(`/org?org=${org.id}#login-requests`, 303);
    });
  }

  app.get(
    '/api/v1/org/contacts',
    {
      config: { access: access.orgContact() },
      schema: {
        tags: ['portal'],
        summary: 'Contacts of one of your organizations (`org`, default your first), their roles, and the invitations not yet accepted',
        querystring: orgQuery,
        response: { 200: z.object({ organizationId: z.string(), contacts: z.array(contactResponse), pendingInvitations: z.array(pendingResponse) }) },
      },
    },
    async (req) => {
      const orgs = await organizationsByName(deps.db, [...(req.principal?.orgs.keys() ?? [])]);
      const org = orgScope(req, 'contact', { ordered: orgs.map((o) => o.id) });
      const pending = await listPendingSeats(deps, org.id);
      return {
        organizationId: org.id,
        contacts: await listContacts(deps.db, org.id),
        pendingInvitations: pending.map((i) => ({
          id: i.id,
          name: i.name,
          email: i.email,
          role: i.role,
          sentAt: i.sentAt.toISOString(),
          expiresAt: i.expiresAt.toISOString(),
          expired: i.state === 'expired',
        })),
      };
    },
  );

  await homeRoutes(root);
  await invitationRoutes(root);
  await requestAccessRoutes(root);
  await staffLoginRequestRoutes(root);
}
