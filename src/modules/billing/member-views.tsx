// The member side's page: an organization's contacts see its invoices, with what is due.
import type { ComponentChildren } from 'preact';
import { formatCents } from '../../lib/money.js';
import { SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { formatDay, isCreditedInFull, payerStatus } from './format.js';
import type { MemberInvoice } from './queries.js';

/** `organization`: the one organization the page was narrowed to (`?org=`), named in its heading. */
export function MemberInvoicesPage(p: {
  ctx: PageContext;
  invoices: MemberInvoice[];
  manyOrgs: boolean;
  organization?: { id: string; name: string } | null;
  w9?: boolean;
  card?: boolean;
  /** the association's today: an invoice owing past its due day reads "…, overdue" */
  today: string;
}) {
  const whose = p.organization ? `${p.organization.name}’s` : 'Your organization’s';
  const open = p.invoices.filter((i) => i.balanceCents > 0);
  const columns: Array<{ label: string; cell: (i: MemberInvoice) => ComponentChildren } | null> = [
    { label: 'Invoice', cell: (i) => <a href={`/invoices/${i.publicToken}`}>{i.number}</a> },
    p.manyOrgs ? { label: 'Organization', cell: (i) => i.organizationName } : null,
    { label: 'Issued', cell: (i) => formatDay(i.issuedOn) },
    { label: 'Due', cell: (i) => formatDay(i.dueOn) },
    { label: 'Total', cell: (i) => formatCents(i.totalCents) },
    { label: 'Balance due', cell: (i) => formatCents(i.balanceCents) },
    { label: 'Status', cell: (i) => payerStatus(i, p.today) },
    {
      label: 'PDF',
      cell: (i) => (
        <a href={`/org/invoices/${i.id}/pdf`} aria-label={`Download PDF of invoice ${i.number}`}>
          Download PDF
        </a>
      ),
    },
  ];
  return (
    <Layout ctx={p.ctx} title="Invoices">
      <h1>{p.organization ? `Invoices of ${p.organization.name}` : 'Invoices'}</h1>
      <p class="lead">
        {p.invoices.length === 0
          ? `${p.organization ? p.organization.name : 'Your organization'} has no invoices yet. When one is issued, it appears here and is emailed to your billing contact.`
          : open.length === 0
            ? `Nothing is due: every invoice is paid${p.invoices.some(isCreditedInFull) ? ', credited in full' : ''} or void.`
            : `${open.length === 1 ? 'One invoice has' : `${open.length} invoices have`} a balance due of ${formatCents(open.reduce((s, i) => s + i.balanceCents, 0))} in all.`}
      </p>
      {p.invoices.length > 0 ? (
        <>
          {open.length > 0 ? (
            <p>Open an invoice to see its details, its payments and how to pay: by check, ACH or wire transfer{p.card ? ', or by card' : ''}.</p>
          ) : (
            <p>Open an invoice to see its details and its payments.</p>
          )}
          <SimpleTable
            rowHeader={false}
            caption={`${whose} invoices, newest first`}
            columns={columns.filter((c): c is NonNullable<typeof c> => c !== null)}
            rows={p.invoices}
            rowKey={(i) => i.id}
            empty="Your organization has no invoices yet."
          />
        </>
      ) : null}
      {p.w9 && p.invoices[0] ? (
        <p>
          <a href={`/org/invoices/${p.invoices[0].id}/w9`}>Download our W-9 form (PDF)</a> for your records or your vendor file.
        </p>
      ) : null}
      <p>
        <a href={p.organization ? `/org?org=${p.organization.id}` : '/org'}>Back to {p.organization ? p.organization.name : 'your organization'}</a>
      </p>
    </Layout>
  );
}
