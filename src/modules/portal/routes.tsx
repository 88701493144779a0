// Routes of the organization portal: the organization home (/org), its contacts, the
// administrators' decisions on login requests, and the contacts API. Every organization id comes
// from `?org=` and is checked against the person's own (another's: 404); changes need an
// administrator of that organization (a plain contact: 403).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTACT_DUTIES } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { addOrganizationContact, contactChangeInput, getContact, listContacts, newContactInput, removeOrganizationContact, updateOrganizationContact } from './contacts.js';
import { invitationRoutes } from './invitation-routes.js';
import { listPendingSeats } from './invitations.js';
import { approveLoginRequest, declineLoginRequest } from './login-requests.js';
import { administeredOrganization, chosenOrganization, UUID } from './org.js';
import { requestAccessRoutes } from './request-access.js';
import { orgSections } from './sections.js';
import { staffLoginRequestRoutes } from './staff.js';
import { ContactFormPage, type ContactFormValues, OrgHomePage } from './views.js';

const orgQuery = z.object({ org: z.string().max(200).optional() });
const userParams = z.object({ userId: z.string().max(100) });
const idParams = z.object({ id: z.string().max(100) });

async function myOrganizations(req: FastifyRequest) {
  const ids = [...(req.principal?.orgs.keys() ?? [])];
  if (ids.length === 0) return [];
  return req.server.deps.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').orderBy('id').execute();
}

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

const contactResponse = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string(),
  phone: z.string(),
  duties: z.array(z.enum(CONTACT_DUTIES)),
  role: z.enum(['contact', 'admin']),
});

/** A seat not taken yet: the name typed by whoever invited, never an account's. */
const pendingResponse = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['contact', 'admin']),
  sentAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});

export async function portalRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/org', { config: { access: access.orgContact() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const orgs = await myOrganizations(req);
    const org = chosenOrganization(
      req,
      orgs.map((o) => o.id),
    );
    const organization = orgs.find((o) => o.id === org.id);
    const viewer = req.principal;
    if (!viewer || !organization) throw new AppError('not_found');
    const page = await pageContext(req, reply);
    const sectionCtx = { deps, organizationId: org.id, organizationName: organization.name, viewer, role: org.role, page };
    const rendered = await Promise.all(orgSections(deps).map(async (s) => ({ id: s.id, title: s.title, body: await s.render(sectionCtx) })));
    const sections = rendered.flatMap((s) => (s.body ? [{ id: s.id, title: s.title, body: s.body }] : []));
    return sendPage(reply, OrgHomePage({ ctx: page, organization, others: orgs, sections }));
  });

  const orgName = async (id: string) => (await deps.db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow()).name;
  const backToContacts = (reply: FastifyReply, organizationId: string) => reply.redirect(`/org?org=${organizationId}#contacts`, 303);
  const contactOf = async (organizationId: string, userId: string) => {
    if (!UUID.test(userId)) throw new AppError('not_found', { message: 'That person is not a contact of your organization.' });
    return getContact(deps.db, organizationId, userId);
  };

  app.get('/org/contacts/new', { config: { access: access.orgAdmin() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const org = administeredOrganization(req);
    const organization = { id: org.id, name: await orgName(org.id) };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, values: { duties: [], admin: false } }));
  });

  app.post('/org/contacts', { config: { access: access.orgAdmin() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const org = administeredOrganization(req);
    const { raw, values } = contactValues(req.body);
    const parsed = newContactInput.safeParse(raw);
    let errors: Record<string, string>;
    if (parsed.success) {
      try {
        await addOrganizationContact(deps, { ...actor(req, org.id), contact: parsed.data });
        // The same answer whether or not the address has an account: the name is the one typed.
        setFlash(reply, `We emailed an invitation to ${parsed.data.email}. ${parsed.data.name} becomes a contact on accepting it, and is listed as invited until then.`);
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
    const org = administeredOrganization(req);
    const c = await contactOf(org.id, req.params.userId);
    const organization = { id: org.id, name: await orgName(org.id) };
    const values = { title: c.title, phone: c.phone, duties: c.duties, admin: c.role === 'admin' };
    return sendPage(reply, ContactFormPage({ ctx: await pageContext(req, reply), organization, person: c, values }));
  });

  app.post('/org/contacts/:userId', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = administeredOrganization(req);
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

  app.post('/org/contacts/:userId/remove', { config: { access: access.orgAdmin() }, schema: { params: userParams, querystring: orgQuery } }, async (req, reply) => {
    const org = administeredOrganization(req);
    const c = await contactOf(org.id, req.params.userId);
    await removeOrganizationContact(deps, { ...actor(req, org.id), userId: c.userId });
    setFlash(reply, `Removed ${c.name} from your organization’s contacts.`);
    if (c.userId === req.principal?.userId) return reply.redirect('/', 303);
    return backToContacts(reply, org.id);
  });

  for (const decision of ['approve', 'decline'] as const) {
    app.post(`/org/login-requests/:id/${decision}`, { config: { access: access.orgAdmin() }, schema: { params: idParams, querystring: orgQuery } }, async (req, reply) => {
      const org = administeredOrganization(req);
      if (!UUID.test(req.params.id)) throw new AppError('not_found', { message: 'There is no such login request waiting for a decision.' });
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
      const orgs = await myOrganizations(req);
      const org = chosenOrganization(
        req,
        orgs.map((o) => o.id),
      );
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

  await invitationRoutes(root);
  await requestAccessRoutes(root);
  await staffLoginRequestRoutes(root);
}
