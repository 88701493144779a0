// The member side of billing: an organization's contacts see its invoices (page and API) and
// download their PDFs. Every invoice id from the client is checked against the organizations
// the signed-in person is a contact of; anyone else's invoice is a 404.
//
// The organization home (/org) lives in the portal module, which lists recent invoices through
// `listOrganizationInvoices`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actsFor, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { today } from '../../lib/today.js';
import { sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { organizationNames } from '../organizations/index.js';
import { currentAssociationFile, hasW9 } from '../settings/index.js';
import { loadInvoiceDocument } from './document.js';
import { isCreditedInFull } from './format.js';
import { MemberInvoicesPage } from './member-views.js';
import { sendInvoicePdf } from './public-routes.js';
import { invoiceOwner, listOrganizationInvoices } from './queries.js';
import { memberInvoice, memberInvoiceParams, orgInvoicesQuery } from './schemas.js';

const orgIdsOf = (req: FastifyRequest) => [...(req.principal?.orgs.keys() ?? [])];
/** The one organization `?org=` asks for, checked against the person's own (else a 404), or null
 * when it asks for none: then the page and the API cover all of theirs. */
// An empty `?org=` is no organization of theirs either (a 404), not their first one.
const askedOrg = (req: FastifyRequest<{ Querystring: { org?: string } }>) => (req.query.org !== undefined ? orgScope(req, 'contact', { asked: req.query.org || '-' }).id : null);

export async function billingMemberRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  // `?org=` narrows the page to one of the person's organizations (the organization home links so);
  // a malformed id or one not among theirs is a 404, never another scope. Without it, all of theirs.
  app.get('/org/invoices', { config: { access: access.orgContact() }, schema: { querystring: orgInvoicesQuery } }, async (req, reply) => {
    const one = askedOrg(req);
    const ids = one ? [one] : orgIdsOf(req);
    const [invoices, w9, names] = await Promise.all([listOrganizationInvoices(deps.db, ids), hasW9(deps.db), one ? organizationNames(deps.db, [one]) : null]);
    const organization = one ? { id: one, name: names?.get(one) ?? 'your organization' } : null;
    return sendPage(
      reply,
      MemberInvoicesPage({
        ctx: await pageContext(req, reply),
        invoices,
        manyOrgs: ids.length > 1,
        organization,
        w9,
        card: cardPaymentsEnabled(deps.config),
        today: await today(deps),
      }),
    );
  });

  app.get('/org/invoices/:id/pdf', { config: { access: access.orgContact() }, schema: { params: memberInvoiceParams } }, async (req, reply) => {
    const notFound = new AppError('not_found', { message: 'There is no such invoice.' });
    if (!isUuid(req.params.id)) throw notFound;
    const d = await loadInvoiceDocument(deps.db, { id: req.params.id });
    // Object-level check: only an invoice of one of your organizations; any other is a 404.
    if (!d?.invoice.organization_id || !actsFor(req, d.invoice.organization_id) || d.invoice.status === 'draft') throw notFound;
    return sendInvoicePdf(reply, d, deps.config.publicUrl);
  });

  // The association's W-9, offered with an invoice: only to signed-in contacts of the invoice's
  // organization (anyone else's invoice is a 404, like its PDF).
  app.get('/org/invoices/:id/w9', { config: { access: access.orgContact() }, schema: { params: memberInvoiceParams } }, async (req, reply) => {
    const notFound = new AppError('not_found', { message: 'There is no such invoice.' });
    if (!isUuid(req.params.id)) throw notFound;
    const invoice = await invoiceOwner(deps.db, req.params.id);
    if (!invoice?.organizationId || !actsFor(req, invoice.organizationId) || invoice.status === 'draft') throw notFound;
    const f = await currentAssociationFile(deps.db, 'w9');
    if (!f) throw new AppError('not_found', { message: 'The association has no W-9 to download yet. Ask its finance team for one.' });
    return sendDownload(reply, f);
  });

  app.get(
    '/api/v1/org/invoices',
    {
      config: { access: access.orgContact() },
      schema: {
        tags: ['billing'],
        summary: 'Invoices of the organizations you are a contact of (or of the one `org` names), newest first',
        querystring: orgInvoicesQuery,
        response: { 200: z.object({ invoices: z.array(memberInvoice) }) },
      },
    },
    async (req) => {
      const one = askedOrg(req);
      const invoices = await listOrganizationInvoices(deps.db, one ? [one] : orgIdsOf(req));
      const base = deps.config.publicUrl;
      return {
        invoices: invoices.map(({ publicToken, ...i }) => ({
          ...i,
          creditedInFull: isCreditedInFull(i),
          url: `${base}/invoices/${publicToken}`,
          pdfUrl: `${base}/org/invoices/${i.id}/pdf`,
        })),
      };
    },
  );
}
