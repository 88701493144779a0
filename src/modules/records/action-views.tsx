// Pages of the actions on an organization's record: a form each, a confirmation where the action
// cannot be undone (a required box to tick: works without JavaScript), errors beside the fields.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { stateName } from '../../lib/us-states.js';
import { BackLink, Checkbox, ErrorSummary, Field, FilterInput, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { INVOICE_LINES } from './schemas.js';
import { STATUS_LABELS } from './views.js';

interface Base {
  ctx: PageContext;
  org: { id: string; name: string };
  values?: Record<string, string>;
  errors?: FieldErrors;
}

function ActionPage(p: Base & { title: string; intro: ComponentChildren; labels: Record<string, string>; children: ComponentChildren }) {
  return (
    <Layout ctx={p.ctx} title={`${p.title} — ${p.org.name}`}>
      <BackLink href={`/staff/organizations/${p.org.id}`}>Back to {p.org.name}</BackLink>
      <h1>{p.title}</h1>
      {p.intro}
      <ErrorSummary errors={p.errors} labels={p.labels} />
      {p.children}
    </Layout>
  );
}

export function AdvisorFormPage(p: Base & { current: string | null; advisors: Array<{ userId: string; name: string; states: string[] }> }) {
  const v = p.values ?? {};
  return (
    <ActionPage
      {...p}
      title={`Advisor for ${p.org.name}`}
      labels={{ advisor: 'Advisor', reason: 'Reason' }}
      intro={
        <p>
          {p.current ? `The advisor now is ${p.current}. ` : 'No advisor is assigned. '}The advisor and the organization’s contacts are emailed; the change is recorded in the
          activity.
        </p>
      }
    >
      <PostForm action={`/staff/organizations/${p.org.id}/advisor`} csrf={p.ctx.csrf} label="Choose the advisor">
        <Select
          name="advisor"
          label="Advisor"
          required
          includeBlank="Choose an advisor"
          value={v.advisor}
          error={p.errors?.advisor}
          options={p.advisors.map((a) => ({ value: a.userId, label: a.states.length ? `${a.name} (${a.states.join(', ')})` : a.name }))}
        />
        <TextArea name="reason" label="Reason" value={v.reason} error={p.errors?.reason} rows={2} hint="For the record, for example: the organization asked for someone nearer." />
        <button type="submit">Assign the advisor</button>
      </PostForm>
    </ActionPage>
  );
}

const ROLE_OPTIONS = [
  { value: 'contact', label: 'Contact' },
  { value: 'admin', label: 'Administrator (manages contacts and approves requests)' },
];

export function ContactFormPage(p: Base) {
  const v = p.values ?? {};
  return (
    <ActionPage
      {...p}
      title="Add a contact"
      labels={{ name: 'Name', email: 'Email', title: 'Title', role: 'Role' }}
      intro={<p>The person is emailed an invitation. They become a contact only when they accept it; until then they are listed as invited.</p>}
    >
      <PostForm action={`/staff/organizations/${p.org.id}/contacts`} csrf={p.ctx.csrf} label="New contact">
        <Field name="name" label="Name" value={v.name} error={p.errors?.name} required maxLength={200} />
        <Field name="email" label="Email" type="email" value={v.email} error={p.errors?.email} required autocomplete="off" />
        <Field name="title" label="Title" value={v.title} error={p.errors?.title} maxLength={200} hint="For example: City Clerk." />
        <Select name="role" label="Role" required value={v.role ?? 'contact'} error={p.errors?.role} options={ROLE_OPTIONS} />
        <button type="submit">Send the invitation</button>
      </PostForm>
    </ActionPage>
  );
}

export function ContactPage(p: Base & { contact: { userId: string; name: string; email: string; role: 'contact' | 'admin' } }) {
  const c = p.contact;
  return (
    <ActionPage
      {...p}
      title={`${c.name}, contact of ${p.org.name}`}
      labels={{ role: 'Role', confirm: 'Confirm' }}
      intro={
        <p>
          {c.email}, {c.role === 'admin' ? 'an administrator' : 'a contact'}. Making someone an administrator emails them an invitation: the role is theirs when they accept it. The
          organization always keeps one administrator.
        </p>
      }
    >
      <h2>Change the role</h2>
      <PostForm action={`/staff/organizations/${p.org.id}/contacts/${c.userId}/role`} csrf={p.ctx.csrf} label="Role">
        <Select name="role" label="Role" required value={p.values?.role ?? c.role} error={p.errors?.role} options={ROLE_OPTIONS} />
        <button type="submit">Change the role</button>
      </PostForm>
      <h2>Remove from the organization</h2>
      <p>They lose access to the organization’s pages at once. This cannot be undone: to give the seat back, invite them again.</p>
      <PostForm action={`/staff/organizations/${p.org.id}/contacts/${c.userId}/remove`} csrf={p.ctx.csrf} label="Remove">
        <Checkbox name="confirm" label={`Yes, remove ${c.name} from ${p.org.name}`} error={p.errors?.confirm} />
        <button type="submit" class="danger">
          Remove the contact
        </button>
      </PostForm>
    </ActionPage>
  );
}

export function InvoiceFormPage(p: Base) {
  const v = p.values ?? {};
  const labels: Record<string, string> = { billToName: 'Addressed to', billToEmail: 'Email the invoice to' };
  for (let i = 1; i <= INVOICE_LINES; i++) {
    labels[`description${i}`] = `Line ${i}: description`;
    labels[`amount${i}`] = `Line ${i}: amount`;
  }
  return (
    <ActionPage
      {...p}
      title="Issue an invoice"
      labels={labels}
      intro={
        <p>
          An invoice for something other than dues (an event, a publication…). It is numbered, emailed with its PDF at once and cannot be taken back: only voided by finance staff.
        </p>
      }
    >
      <PostForm action={`/staff/organizations/${p.org.id}/invoices`} csrf={p.ctx.csrf} label="Invoice">
        <Field name="billToName" label={labels.billToName ?? ''} value={v.billToName} error={p.errors?.billToName} required />
        <Field name="billToEmail" label={labels.billToEmail ?? ''} type="email" value={v.billToEmail} error={p.errors?.billToEmail} required />
        {Array.from({ length: INVOICE_LINES }, (_, k) => k + 1).map((i) => (
          <fieldset key={i}>
            <legend>Line {i}</legend>
            <Field name={`description${i}`} label="Description" value={v[`description${i}`]} error={p.errors?.[`description${i}`]} required={i === 1} maxLength={200} />
            <Field
              name={`amount${i}`}
              label="Amount in dollars"
              value={v[`amount${i}`]}
              error={p.errors?.[`amount${i}`]}
              required={i === 1}
              inputMode="text"
              hint="For example: 250.00"
            />
          </fieldset>
        ))}
        <Checkbox name="confirm" label="Yes, issue and email this invoice now" error={p.errors?.confirm} />
        <button type="submit">Issue the invoice</button>
      </PostForm>
    </ActionPage>
  );
}

const STANDING_WORDS = {
  suspend: { title: 'Suspend the membership', button: 'Suspend the membership' },
  cancel: { title: 'Cancel the membership', button: 'Cancel the membership' },
  reinstate: { title: 'Reinstate the membership', button: 'Reinstate the membership' },
} as const;

export function StandingPage(
  p: Base & { action: 'suspend' | 'cancel' | 'reinstate'; membershipId: string; term: string; toVoid: Array<{ number: string | null; total_cents: number }> },
) {
  const w = STANDING_WORDS[p.action];
  const intro =
    p.action === 'suspend' ? (
      <p>The membership of {p.term} is suspended until staff reinstate it. Its invoices stay open; a payment is recorded but does not lift the suspension.</p>
    ) : p.action === 'cancel' ? (
      <p>
        The membership of {p.term} ends now. Its unpaid invoices are voided; an invoice partly paid is left for finance staff. This cannot be undone: reinstating later does not
        bring voided invoices back.
      </p>
    ) : (
      <p>The membership of {p.term} becomes active again. A lapsed membership runs to the end of the term its open renewal invoice is for (still to be paid).</p>
    );
  return (
    <ActionPage {...p} title={w.title} labels={{ reason: 'Reason', confirm: 'Confirm' }} intro={intro}>
      {p.action === 'cancel' ? (
        <SimpleTable
          caption="Invoices that will be voided"
          rows={p.toVoid}
          rowKey={(i) => i.number ?? ''}
          empty="None: no unpaid invoice."
          columns={[
            { label: 'Number', cell: (i) => i.number ?? '' },
            { label: 'Total', cell: (i) => formatCents(i.total_cents) },
          ]}
        />
      ) : null}
      <PostForm action={`/staff/organizations/${p.org.id}/memberships/${p.membershipId}/${p.action}`} csrf={p.ctx.csrf} label={w.title}>
        <TextArea
          name="reason"
          label="Reason"
          value={p.values?.reason}
          error={p.errors?.reason}
          rows={3}
          required={p.action !== 'reinstate'}
          hint="Kept in the activity; members never see it."
        />
        {p.action === 'cancel' ? <Checkbox name="confirm" label="Yes, cancel this membership and void its unpaid invoices" error={p.errors?.confirm} /> : null}
        <button type="submit">{w.button}</button>
      </PostForm>
    </ActionPage>
  );
}

export function MergeSearchPage(p: Base & { q: string; results: Array<{ id: string; name: string; state: string; status: string }> }) {
  return (
    <ActionPage
      {...p}
      title={`Merge a duplicate into ${p.org.name}`}
      labels={{ q: 'Name' }}
      intro={<p>Find the duplicate by name. You will see what moves before anything changes.</p>}
    >
      <form method="get" action={`/staff/organizations/${p.org.id}/merge`} class="filters" aria-label="Find the duplicate">
        <FilterInput name="q" label="Name of the duplicate" type="search" value={p.q} error={p.errors?.q} />
        <button type="submit">Find</button>
      </form>
      {p.q ? (
        <SimpleTable
          caption="Organizations found"
          rows={p.results}
          rowKey={(r) => r.id}
          empty="No other organization has that name. Try fewer letters."
          columns={[
            { label: 'Name', cell: (r) => <a href={`/staff/organizations/${p.org.id}/merge/${r.id}`}>{r.name}</a> },
            { label: 'State', cell: (r) => stateName(r.state) },
            { label: 'Status', cell: (r) => STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status },
          ]}
        />
      ) : null}
    </ActionPage>
  );
}

const WHAT_MOVES: Record<string, string> = {
  organization_contacts: 'Contacts',
  organization_contacts_deduplicated: 'Contacts of both (kept once)',
  memberships: 'Membership terms',
  invoices: 'Invoices',
  payments: 'Payments (with their invoices)',
  advisor_assignments: 'Advisor assignments',
  meetings: 'Meetings',
  seat_invitations: 'Invitations to a seat',
  login_requests: 'Requests for access',
  applications: 'Applications',
  assistance_requests: 'Assistance requests',
  member_profiles: 'Directory profiles naming it as employer',
  member_positions: 'Directory positions naming it as employer',
  organization_pathways: 'Pathways',
  staff_notes: 'Staff notes',
};
export const whatMoves = (table: string) => WHAT_MOVES[table] ?? table.replace(/_/g, ' ');

export function MergeConfirmPage(p: Base & { from: { id: string; name: string; state: string }; counts: Record<string, number>; refusal: string | null }) {
  const rows = Object.entries(p.counts).map(([table, n]) => ({ table, n }));
  return (
    <ActionPage
      {...p}
      title={`Merge ${p.from.name} into ${p.org.name}`}
      labels={{ confirm: 'Confirm' }}
      intro={
        <p>
          Everything below moves from {p.from.name} ({stateName(p.from.state)}) to {p.org.name}. {p.from.name} is then marked merged: its record and its network page send people to{' '}
          {p.org.name}. A person who is a contact of both keeps one seat. Its history stays readable in {p.org.name}’s activity. This cannot be undone.
        </p>
      }
    >
      <SimpleTable
        caption="What moves"
        rows={rows}
        rowKey={(r) => r.table}
        empty="Nothing but the name."
        columns={[
          { label: 'What', cell: (r) => whatMoves(r.table) },
          { label: 'How many', cell: (r) => String(r.n) },
        ]}
      />
      {p.refusal ? (
        /* error: the merge is refused as a whole, before the form: no field to tie it to */
        <p class="error-message" role="alert">
          {p.refusal}
        </p>
      ) : (
        <PostForm action={`/staff/organizations/${p.org.id}/merge/${p.from.id}`} csrf={p.ctx.csrf} label="Merge">
          <Checkbox name="confirm" label={`Yes, merge ${p.from.name} into ${p.org.name}`} error={p.errors?.confirm} />
          <button type="submit" class="danger">
            Merge the organizations
          </button>
        </PostForm>
      )}
    </ActionPage>
  );
}
