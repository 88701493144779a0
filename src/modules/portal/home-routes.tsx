// The organization home (/org, O7): the route, and the portal's own sections of it — membership
// (10), invoices (20), contacts (50), profile (60) and login requests (70). Other modules add
// theirs (advisor 30, assistance 40) through `deps.slots.orgSections`; the page wraps each body in a
// section with its h2. A contact of several organizations switches with `?org=`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, isStaff, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { today } from '../../lib/today.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { listOrganizationInvoices, nextDuesAddressee } from '../billing/index.js';
import { pathwaysOfOrganizations } from '../pathways/index.js';
import { listContacts } from './contacts.js';
import { type ContactProblem, ContactsView, InvoicesView, LoginRequestsView, MembershipView, NotAContactPage, OrgHomePage, ProfileView, type SectionViewer } from './home-views.js';
import { listPendingSeats } from './invitations.js';
import { listPendingRequests } from './login-requests.js';
import { membershipSummary, organizationListing, organizationStatus, organizationsByName } from './queries.js';
import { orgQuery } from './schemas.js';
import { type OrgSection, type OrgSectionContext, orgSections } from './sections.js';

const RECENT_INVOICES = 5;

const viewerOf = (ctx: OrgSectionContext): SectionViewer => ({
  organizationId: ctx.organizationId,
  organizationName: ctx.organizationName,
  role: ctx.role,
  csrf: ctx.page.csrf,
  timeZone: ctx.page.timeZone,
});

async function MembershipSection(ctx: OrgSectionContext) {
  const [status, membership] = await Promise.all([organizationStatus(ctx.deps.db, ctx.organizationId), membershipSummary(ctx.deps.db, ctx.organizationId)]);
  return <MembershipView membership={membership} organizationStatus={status} role={ctx.role} />;
}

async function InvoicesSection(ctx: OrgSectionContext) {
  const [invoices, addressee, day] = await Promise.all([
    listOrganizationInvoices(ctx.deps.db, [ctx.organizationId]),
    nextDuesAddressee(ctx.deps.db, ctx.organizationId),
    today(ctx.deps),
  ]);
  return (
    <InvoicesView
      organizationId={ctx.organizationId}
      invoices={invoices}
      recent={RECENT_INVOICES}
      addressee={addressee}
      admin={ctx.role === 'admin'}
      csrf={ctx.page.csrf}
      today={day}
      viewerUserId={ctx.viewer.userId}
    />
  );
}

async function ContactsSection(ctx: OrgSectionContext, problem?: ContactProblem) {
  const [contacts, pending] = await Promise.all([listContacts(ctx.deps.db, ctx.organizationId), listPendingSeats(ctx.deps, ctx.organizationId)]);
  return <ContactsView viewer={viewerOf(ctx)} contacts={contacts} pending={pending} problem={problem} />;
}

async function ProfileSection(ctx: OrgSectionContext) {
  const [listing, pathways] = await Promise.all([organizationListing(ctx.deps.db, ctx.organizationId), pathwaysOfOrganizations(ctx.deps.db, [ctx.organizationId])]);
  return <ProfileView viewer={viewerOf(ctx)} listing={listing} pathwayNames={(pathways.get(ctx.organizationId) ?? []).map((p) => p.name)} />;
}

async function LoginRequestsSection(ctx: OrgSectionContext) {
  const requests = await listPendingRequests(ctx.deps.db, ctx.organizationId);
  return <LoginRequestsView viewer={viewerOf(ctx)} requests={requests} />;
}

/** The portal's sections of the organization home. */
export const portalSections: OrgSection[] = [
  { id: 'membership', order: 10, title: 'Membership', render: MembershipSection },
  { id: 'invoices', order: 20, title: 'Invoices and dues', render: InvoicesSection },
  { id: 'contacts', order: 50, title: 'Contacts', render: ContactsSection },
  { id: 'profile', order: 60, title: 'Network profile', render: ProfileSection },
  { id: 'login-requests', order: 70, title: 'Login requests', render: LoginRequestsSection },
];

/** The organization home, or (with `problem`) the same page answering a refused change to a
 * contact: the message beside that contact's row and in the error summary, with status 409. */
export async function sendOrgHome(req: FastifyRequest, reply: FastifyReply, problem?: ContactProblem) {
  const deps = req.server.deps;
  const orgs = await organizationsByName(deps.db, [...(req.principal?.orgs.keys() ?? [])]);
  const org = orgScope(req, 'contact', { ordered: orgs.map((o) => o.id) });
  const organization = orgs.find((o) => o.id === org.id);
  const viewer = req.principal;
  if (!viewer || !organization) throw new AppError('not_found');
  const page = await pageContext(req, reply);
  const sectionCtx = { deps, organizationId: org.id, organizationName: organization.name, viewer, role: org.role, page };
  const render = (s: OrgSection) => (s.id === 'contacts' && problem ? ContactsSection(sectionCtx, problem) : s.render(sectionCtx));
  const rendered = await Promise.all(orgSections(deps).map(async (s) => ({ id: s.id, title: s.title, body: await render(s) })));
  const sections = rendered.flatMap((s) => (s.body ? [{ id: s.id, title: s.title, body: s.body }] : []));
  return sendPage(reply, OrgHomePage({ ctx: page, organization, others: orgs, sections, problem }), problem ? 409 : 200);
}

export async function homeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // Signed in, so that a person with no seat (an individual member, staff) is told what the page is
  // for and what is theirs instead of a bare 403; still a 403, and nothing of any organization.
  app.get('/org', { config: { access: access.signedIn() }, schema: { querystring: orgQuery } }, async (req, reply) => {
    const who = req.principal;
    if (who && who.orgs.size === 0) {
      req.log.info({ route: '/org', userId: who.userId }, 'permission denied');
      return sendPage(reply, NotAContactPage({ ctx: await pageContext(req, reply), email: who.email, member: who.roles.has('member'), staff: isStaff(who) }), 403);
    }
    return sendOrgHome(req, reply);
  });
}
