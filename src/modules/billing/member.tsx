// The member side of billing: an organization's contacts see its invoices (page and API) and
// download their PDFs. Every invoice id from the client is checked against the organizations
// the signed-in person is a contact of; anyone else's invoice is a 404.
//
// The organization home (/org) lives in the portal module, which lists recent invoices through
// `listOrganizationInvoices`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../db/types.js';
import { access, actsFor } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { isUuid } from '../../lib/validators.js';
import { type PageContext, pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { formatDay, loadInvoiceDocument, STATUS_LABELS } from './document.js';
import { sendInvoicePdf } from './public.js';
import { balanceOf } from './service.js';

const MAX_LISTED = 500;

const orgIdsOf = (req: FastifyRequest) => [...(req.principal?.orgs.keys() ?? [])];

export interface MemberInvoice {
  id: string;
  number: string;
  organizationId: string;
  organizationName: string;
  status: InvoiceStatus;
  issuedOn: string | null;
  dueOn: string | null;
  poNumber: string | null;
  totalCents: number;
  creditedCents: number;
  paidCents: number;
  balanceCents: number;
  publicToken: string;
}

/** Issued (not draft) invoices of these organizations, newest first. */
export async function listOrganizationInvoices(db: Db, organizationIds: string[]): Promise<MemberInvoice[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.organization_id',
      'organizations.name as organization_name',
      'invoices.status',
      'invoices.issued_on',
      'invoices.due_on',
      'invoices.po_number',
      'invoices.total_cents',
      'invoices.credited_cents',
      'invoices.paid_cents',
      'invoices.public_token',
    ])
    .where('invoices.organization_id', 'in', organizationIds)
    .where('invoices.status', '<>', 'draft')
    .orderBy('invoices.issued_on', 'desc')
    .orderBy('invoices.year', 'desc')
    .orderBy('invoices.seq', 'desc')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number ?? '',
    organizationId: r.organization_id ?? '',
    organizationName: r.organization_name,
    status: r.status,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    poNumber: r.po_number,
    totalCents: r.total_cents,
    creditedCents: r.credited_cents,
    paidCents: r.paid_cents,
    balanceCents: balanceOf(r),
    publicToken: r.public_token,
  }));
}

function InvoicesPage(p: { ctx: PageContext; invoices: MemberInvoice[]; manyOrgs: boolean }) {
  const open = p.invoices.filter((i) => i.balanceCents > 0);
  return (
    <Layout ctx={p.ctx} title="Invoices">
      <h1>Invoices</h1>
      <p class="lead">
        {p.invoices.length === 0
          ? 'Your organization has no invoices yet. When one is issued, it appears here and is emailed to your billing contact.'
          : open.length === 0
            ? 'Nothing is due: every invoice is paid or cancelled.'
            : `${open.length === 1 ? 'One invoice has' : `${open.length} invoices have`} a balance due of ${formatCents(open.reduce((s, i) => s + i.balanceCents, 0))} in all.`}
      </p>
      {p.invoices.length > 0 ? (
        <>
          <p>Open an invoice to see its details, its payments and how to pay: by check, ACH or wire transfer, or by card where offered.</p>
          <div class="table-wrap">
            <table>
              <caption>Your organization’s invoices, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  {p.manyOrgs ? <th scope="col">Organization</th> : null}
                  <th scope="col">Issued</th>
                  <th scope="col">Due</th>
                  <th scope="col">Total</th>
                  <th scope="col">Balance due</th>
                  <th scope="col">Status</th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {p.invoices.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <a href={`/invoices/${i.publicToken}`}>{i.number}</a>
                    </td>
                    {p.manyOrgs ? <td>{i.organizationName}</td> : null}
                    <td>{formatDay(i.issuedOn)}</td>
                    <td>{formatDay(i.dueOn)}</td>
                    <td>{formatCents(i.totalCents)}</td>
                    <td>{formatCents(i.balanceCents)}</td>
                    <td>{STATUS_LABELS[i.status]}</td>
                    <td>
                      <a href={`/org/invoices/${i.id}/pdf`} aria-label={`Download PDF of invoice ${i.number}`}>
                        Download PDF
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p>
        <a href="/org">Back to your organization</a>
      </p>
    </Layout>
  );
}

const memberInvoice = z.object({
  id: z.string(),
  number: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  status: z.enum(INVOICE_STATUSES),
  issuedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  poNumber: z.string().nullable(),
  totalCents: z.number().int(),
  creditedCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
  url: z.string().describe('the invoice’s public page (view and pay, no account needed)'),
  pdfUrl: z.string(),
});

export async function billingMemberRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/org/invoices', { config: { access: access.orgContact() } }, async (req, reply) => {
    const ids = orgIdsOf(req);
    const invoices = await listOrganizationInvoices(deps.db, ids);
    return sendPage(reply, InvoicesPage({ ctx: await pageContext(req, reply), invoices, manyOrgs: ids.length > 1 }));
  });

  app.get('/org/invoices/:id/pdf', { config: { access: access.orgContact() }, schema: { params: z.object({ id: z.string().max(100) }) } }, async (req, reply) => {
    const notFound = new AppError('not_found', { message: 'There is no such invoice.' });
    if (!isUuid(req.params.id)) throw notFound;
    const d = await loadInvoiceDocument(deps.db, { id: req.params.id });
    // Object-level check: only an invoice of one of your organizations; any other is a 404.
    if (!d?.invoice.organization_id || !actsFor(req, d.invoice.organization_id) || d.invoice.status === 'draft') throw notFound;
    return sendInvoicePdf(reply, d, deps.config.publicUrl);
  });

  app.get(
    '/api/v1/org/invoices',
    {
      config: { access: access.orgContact() },
      schema: {
        tags: ['billing'],
        summary: 'Invoices of the organizations you are a contact of, newest first',
        response: { 200: z.object({ invoices: z.array(memberInvoice) }) },
      },
    },
    async (req) => {
      const invoices = await listOrganizationInvoices(deps.db, orgIdsOf(req));
      const base = deps.config.publicUrl;
      return {
        invoices: invoices.map(({ publicToken, ...i }) => ({ ...i, url: `${base}/invoices/${publicToken}`, pdfUrl: `${base}/org/invoices/${i.id}/pdf` })),
      };
    },
  );
}
