// Partnerships staff's pages: the relationships (filtered by status and kind, sorted, paged), a new one, and one
// relationship with its lifecycle step, details, agreement, deliverables, contacts, notes and
// timeline.
import { type FieldErrors, type Refusal, titleOfAnswer } from '../../lib/errors.js';
import { formatDay, formatTime, formatZonedDay } from '../../lib/format.js';
import { Checkbox, DataTable, ErrorSummary, Field, PhoneNumber, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { AgreementSection, agreementValues, DeliverablesSection } from './agreement-views.js';
import type { ListFilter, RelationshipDetail, StaffRow } from './queries.js';
import { KIND_LABELS, KINDS, LIST_PAGE_SIZE, type PartnerStatus, PUBLIC_STATUSES, regionOf, STATUS_LABELS, STATUSES, TRANSITIONS } from './shared.js';
import { stateOptions } from './views.js';

/** Whether the public sees it now: only a running agreement is listed, so a listed inquiry is not yet. */
export const publicState = (r: Pick<StaffRow, 'listed' | 'status'>) =>
  !r.listed ? 'Not listed' : PUBLIC_STATUSES.includes(r.status) ? 'Listed' : r.status === 'ended' ? 'No longer (ended)' : 'Once active';

const kindOptions = KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));

const queryString = (q: Record<string, string | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
};
const count = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'relationship' : 'relationships'}`;

export function StaffListPage(p: {
  ctx: PageContext;
  /** the query string as given (kept in the filter form and the links) */
  raw: Record<string, string>;
  filter: ListFilter;
  page: number;
  list: { rows: StaffRow[]; hasNext: boolean; total: number };
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const { status, kind, sort, dir } = p.filter;
  const query = { status, kind, sort, dir };
  const first = (p.page - 1) * LIST_PAGE_SIZE + 1;
  const last = first + p.list.rows.length - 1;
  const linkProblem = e.sort ?? e.dir ?? e.page;
  return (
    <Layout ctx={p.ctx} title="Partners">
      <h1>Partners</h1>
      <p>
        <a href="/staff/partners/new">Record a relationship</a>. Inquiries from the public form arrive here at “Inquiry” once their sender confirms their email address.
      </p>
      {linkProblem ? (
        <ErrorSummary title="This list’s address is not valid" message={`${linkProblem} The list below starts again from its first page.`} />
      ) : (
        <ErrorSummary
          errors={p.errors}
          labels={{ status: 'Status', kind: 'Kind' }}
          title={p.errors ? 'This filter is not valid' : undefined}
          message={p.errors ? 'The list below shows every relationship.' : undefined}
        />
      )}
      <form method="get" action="/staff/partners" aria-label="Filter relationships" class="filters">
        <Select
          name="status"
          label="Status"
          options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          value={status ?? p.raw.status}
          error={e.status}
          includeBlank="Any status"
        />
        <Select name="kind" label="Kind" options={kindOptions} value={kind ?? p.raw.kind} error={e.kind} includeBlank="Any kind" />
        {sort ? <input type="hidden" name="sort" value={sort} /> : null}
        {dir ? <input type="hidden" name="dir" value={dir} /> : null}
        <button type="submit" class="button-secondary">
          Filter
        </button>
      </form>
      <p class="match-count">
        {p.list.total === 0
          ? 'No relationship matches.'
          : p.list.rows.length === 0
            ? `${count(p.list.total)} match; this page is past the last one.`
            : p.list.total > LIST_PAGE_SIZE
              ? `${count(p.list.total)} match; ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} shown.`
              : `${count(p.list.total)} match.`}
      </p>
      {p.list.total > 0 ? (
        <p>
          <a href={`/staff/partners.csv${queryString(query)}`}>Download {p.list.total === 1 ? 'this relationship' : `these ${count(p.list.total)}`} as CSV</a>
        </p>
      ) : null}
      <DataTable
        caption="Relationships"
        pagerLabel="Pages of relationships"
        basePath="/staff/partners"
        query={query}
        sort={sort ?? 'since'}
        dir={dir ?? (sort === undefined || sort === 'since' ? 'desc' : 'asc')}
        page={p.page}
        hasNext={p.list.hasNext}
        rows={p.list.rows}
        rowKey={(r) => r.id}
        rowHeader
        empty={p.list.total > 0 ? 'This page is past the last one: go back to the first page.' : 'No relationship matches.'}
        columns={[
          { key: 'name', label: 'Partner', sortable: true, cell: (r) => <a href={`/staff/partners/${r.id}`}>{r.partner_name}</a> },
          { key: 'kind', label: 'Kind', cell: (r) => KIND_LABELS[r.kind] },
          { key: 'status', label: 'Status', sortable: true, cell: (r) => STATUS_LABELS[r.status] },
          { key: 'since', label: 'Since', sortable: true, cell: (r) => formatZonedDay(r.status_changed_at, p.ctx.timeZone) },
          { key: 'region', label: 'Region', cell: (r) => regionOf(r) || '—' },
          { key: 'agreement_end', label: 'Agreement ends', sortable: true, cell: (r) => formatDay(r.agreement_end) },
          { key: 'public', label: 'Public', cell: publicState },
        ]}
      />
    </Layout>
  );
}

const DETAIL_LABELS = {
  kind: 'Kind',
  partnerName: 'Partner organization',
  organizationSlug: 'Civnet organization',
  purpose: 'Purpose',
  city: 'City or area',
  state: 'State',
  latitude: 'Latitude',
  longitude: 'Longitude',
};

function DetailsFields(p: { values: Record<string, string>; errors: FieldErrors }) {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <Select name="kind" label={DETAIL_LABELS.kind} options={kindOptions} value={v.kind} error={e.kind} required />
      <Field name="partnerName" label={DETAIL_LABELS.partnerName} value={v.partnerName} error={e.partnerName} required maxLength={200} />
      <Field
        name="organizationSlug"
        label={DETAIL_LABELS.organizationSlug}
        value={v.organizationSlug}
        error={e.organizationSlug}
        maxLength={200}
        hint="When the partner is an organization in Civnet: its web address on the network, like springfield-il. Leave empty for an outside organization."
      />
      <TextArea name="purpose" label={DETAIL_LABELS.purpose} value={v.purpose} error={e.purpose} maxLength={4000} />
      <Field name="city" label={DETAIL_LABELS.city} value={v.city} error={e.city} maxLength={100} dataPlaceLookup />
      <Select name="state" label={DETAIL_LABELS.state} options={stateOptions()} value={v.state} error={e.state} includeBlank="No state" />
      <Field
        name="latitude"
        label={DETAIL_LABELS.latitude}
        value={v.latitude}
        error={e.latitude}
        inputMode="decimal"
        hint="With the longitude, places a chapter or branch on the network map. Left empty, we look the city up in the state."
      />
      <Field name="longitude" label={DETAIL_LABELS.longitude} value={v.longitude} error={e.longitude} inputMode="decimal" />
      <Checkbox name="listed" label="List on the public partners page (and the network map) while the agreement runs" checked={v.listed === 'yes'} />
    </>
  );
}

export function NewRelationshipPage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Record a relationship" scripts={['/assets/js/place-lookup.js']}>
      <p>
        <a href="/staff/partners">All relationships</a>
      </p>
      <h1>Record a relationship</h1>
      <p>It starts at “Inquiry”; move it along its steps from its page.</p>
      <ErrorSummary errors={p.errors} labels={DETAIL_LABELS} />
      <PostForm action="/staff/partners/new" csrf={p.ctx.csrf} label="New relationship">
        <DetailsFields values={p.values ?? { listed: 'yes' }} errors={p.errors ?? {}} />
        <button type="submit">Record the relationship</button>
      </PostForm>
    </Layout>
  );
}

export type FormName = 'status' | 'details' | 'agreement' | 'deliverable' | 'contact' | 'note';

export function RelationshipPage(p: {
  ctx: PageContext;
  r: RelationshipDetail;
  /** today in the association's time zone (YYYY-MM-DD): a deliverable past its due day is overdue */
  today: string;
  form?: { name: FormName; values: Record<string, string>; errors: FieldErrors };
  refused?: Refusal;
}) {
  const r = p.r;
  const f = (name: FormName) => (p.form?.name === name ? p.form : { values: {} as Record<string, string>, errors: {} as FieldErrors });
  const next = TRANSITIONS[r.status];
  const details = p.form?.name === 'details' ? p.form.values : detailValues(r);
  const ag = p.form?.name === 'agreement' ? p.form.values : agreementValues(r);
  const partnership = r.kind === 'partnership';
  return (
    <Layout
      ctx={p.ctx}
      title={titleOfAnswer(`${r.partner_name}: ${KIND_LABELS[r.kind]}`, { failed: !!p.form && Object.keys(p.form.errors).length > 0, refused: p.refused })}
      scripts={['/assets/js/place-lookup.js']}
    >
      <p>
        <a href="/staff/partners">All relationships</a>
      </p>
      <h1>{r.partner_name}</h1>
      {p.refused ? <ErrorSummary title={p.refused.title} message={p.refused.message} /> : null}
      <SummaryList
        rows={[
          ['Kind', KIND_LABELS[r.kind]],
          ['Status', STATUS_LABELS[r.status]],
          ['Civnet organization', r.organization_name ?? 'No (an outside organization)'],
          ['Region', regionOf(r) || '—'],
          ['On the map', r.latitude !== null && r.longitude !== null ? `${r.latitude}, ${r.longitude}` : 'No location'],
          ['Public list', r.listed ? 'Listed while the agreement runs' : 'Not listed'],
          ['Purpose', r.purpose || '—'],
          ['Inquirer', r.inquirer_email ? `${r.inquirer_name ?? ''} (${r.inquirer_email})` : null],
        ]}
      />

      <section aria-labelledby="step">
        <h2 id="step">Next step</h2>
        {next.length === 0 ? (
          <p>The relationship has ended; it does not move again.</p>
        ) : (
          <>
            <ErrorSummary errors={f('status').errors} labels={{ to: 'Move to', reason: 'Reason' }} />
            <PostForm action={`/staff/partners/${r.id}/status`} csrf={p.ctx.csrf} label="Move the relationship">
              <Select
                name="to"
                label="Move to"
                options={next.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                value={f('status').values.to}
                error={f('status').errors.to}
                required
              />
              <TextArea
                name="reason"
                label="Reason"
                value={f('status').values.reason}
                error={f('status').errors.reason}
                maxLength={2000}
                hint={
                  r.status === 'inquiry'
                    ? 'Required to end it. Leaving “Inquiry” emails the inquirer the decision with this text, in your name: their reply comes to your address.'
                    : 'Required to end it; kept in the timeline.'
                }
              />
              <button type="submit">Move the relationship</button>
            </PostForm>
          </>
        )}
      </section>

      <AgreementSection ctx={p.ctx} r={r} form={f('agreement')} values={ag} />

      {partnership ? <DeliverablesSection ctx={p.ctx} r={r} form={f('deliverable')} today={p.today} /> : null}

      <section aria-labelledby="contacts">
        <h2 id="contacts">Contacts</h2>
        <SimpleTable
          caption="The people at the partner"
          rows={r.contacts}
          rowKey={(c) => c.id}
          empty="No contacts yet."
          columns={[
            { label: 'Name', cell: (c) => c.name },
            { label: 'Role', cell: (c) => c.role || '—' },
            { label: 'Email', cell: (c) => c.email || '—' },
            { label: 'Phone', cell: (c) => <PhoneNumber phone={c.phone} /> },
          ]}
        />
        <h3>Add a contact</h3>
        <PostForm action={`/staff/partners/${r.id}/contacts`} csrf={p.ctx.csrf} label="Add a contact">
          <ErrorSummary errors={f('contact').errors} labels={{ name: 'Name', email: 'Email', phone: 'Phone', role: 'Role' }} />
          <Field name="name" label="Name" value={f('contact').values.name} error={f('contact').errors.name} required maxLength={200} />
          <Field name="role" label="Role" value={f('contact').values.role} error={f('contact').errors.role} maxLength={200} />
          <Field name="email" type="email" label="Email" value={f('contact').values.email} error={f('contact').errors.email} maxLength={254} />
          <Field name="phone" type="tel" label="Phone" value={f('contact').values.phone} error={f('contact').errors.phone} maxLength={50} />
          <button type="submit" class="button-secondary">
            Add the contact
          </button>
        </PostForm>
      </section>

      <section aria-labelledby="details">
        <h2 id="details">Details</h2>
        <ErrorSummary errors={p.form?.name === 'details' ? p.form.errors : undefined} labels={DETAIL_LABELS} />
        <PostForm action={`/staff/partners/${r.id}/details`} csrf={p.ctx.csrf} label="Details">
          <DetailsFields values={details} errors={f('details').errors} />
          <button type="submit" class="button-secondary">
            Save the details
          </button>
        </PostForm>
      </section>

      <section aria-labelledby="timeline">
        <h2 id="timeline">Notes and timeline</h2>
        <PostForm action={`/staff/partners/${r.id}/notes`} csrf={p.ctx.csrf} label="Add a note">
          <TextArea name="text" label="Note" value={f('note').values.text} error={f('note').errors.text} required maxLength={4000} hint="Seen by partnerships staff only." />
          <button type="submit" class="button-secondary">
            Add the note
          </button>
        </PostForm>
        <ol class="timeline">
          {r.events.map((e) => (
            <li key={e.id}>
              <strong>{formatTime(e.at, p.ctx.timeZone)}</strong>
              {e.actor_name ? ` — ${e.actor_name}` : ''}:{' '}
              {e.kind === 'status' && e.from_status && e.to_status ? `${STATUS_LABELS[e.from_status as PartnerStatus]} → ${STATUS_LABELS[e.to_status as PartnerStatus]}. ` : ''}
              {e.kind === 'note' ? 'Note: ' : ''}
              {e.text}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export function detailValues(r: RelationshipDetail): Record<string, string> {
  return {
    kind: r.kind,
    partnerName: r.partner_name,
    organizationSlug: r.organization_slug ?? '',
    purpose: r.purpose,
    city: r.city,
    state: r.state ?? '',
    latitude: r.latitude === null ? '' : String(r.latitude),
    longitude: r.longitude === null ? '' : String(r.longitude),
    listed: r.listed ? 'yes' : '',
  };
}
