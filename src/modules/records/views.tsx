// Staff pages of the workspace: the organizations list (search, filters, keyset pages, CSV) and an
// organization's record. Staff notes appear here and nowhere else.
import type { EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { STATE_CODES, stateName } from '../../lib/us-states.js';
import { BackLink, DataTable, ErrorSummary, Field, FilterInput, FilterSelect, PostForm, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_LABELS } from '../organizations/index.js';
import type { OrganizationRow } from './queries.js';
import { ORGANIZATION_STATUSES, type OrganizationFilters } from './schemas.js';

/** The organization type's names, as organizations write them. */
export const TYPE_LABELS: Record<EntityType, string> = ENTITY_TYPE_LABELS;
export const STATUS_LABELS: Record<OrganizationRow['status'], string> = {
  prospect: 'Prospect',
  pending: 'Pending',
  active: 'Active',
  lapsed: 'Lapsed',
  suspended: 'Suspended',
  cancelled: 'Cancelled',
  ended: 'Ended',
};

/** The filters folded under 'More filters' (open when one is set or wrong): the list leads with
 * the name and the three most used, so that on a phone the results are not five screens down. */
const MORE_FILTERS = ['advisor', 'termEnd', 'termEndFrom', 'termEndTo', 'band', 'meeting', 'balance'] as const;

const FILTER_LABELS: Record<string, string> = {
  q: 'Name',
  status: 'Status',
  type: 'Type',
  state: 'State',
  advisor: 'Advisor',
  band: 'Dues band',
  populationMin: 'Population at least',
  populationMax: 'Population at most',
  termEnd: 'Term ends in',
  termEndFrom: 'Term ends on or after',
  termEndTo: 'Term ends on or before',
  meeting: 'First meeting',
  balance: 'Owes money',
  sort: 'Sort',
  dir: 'Order',
  limit: 'Rows per page',
  cursor: 'Page',
};

const queryString = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export function OrganizationsPage(p: {
  ctx: PageContext;
  raw: Record<string, string>;
  filters: OrganizationFilters;
  advisors: Array<{ id: string; name: string }>;
  /** the dues bands of the schedule in force */
  bands: Array<{ value: string; label: string }>;
  rows: OrganizationRow[];
  nextCursor: string | null;
  /** a name search's matches, counted up to 1,000 (more: `totalCapped`, "1,000+") */
  total?: number | null;
  totalCapped?: boolean;
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const fmt = (n: number) => n.toLocaleString('en-US');
  const { cursor, ...query } = p.raw;
  const moreSet = MORE_FILTERS.filter((k) => p.raw[k]).length;
  return (
    <Layout ctx={p.ctx} title="Organizations" scripts={['organization-search.js']}>
      <h1>Organizations</h1>
      <p>Every member government and applicant. Search by the start of any word of the name (a typo is forgiven), filter, then open an organization to see its whole record.</p>
      <ErrorSummary errors={p.errors} labels={FILTER_LABELS} />
      <form method="get" action="/staff/organizations" class="filters" aria-label="Find organizations">
        <FilterInput name="q" label="Name" type="search" value={p.raw.q} error={e.q} />
        <FilterSelect name="status" label="Status" value={p.raw.status} error={e.status} options={ORGANIZATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect name="type" label="Type" value={p.raw.type} error={e.type} options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
        <FilterSelect name="state" label="State" value={p.raw.state} error={e.state} options={STATE_CODES.map((s) => ({ value: s, label: stateName(s) }))} />
        <details class="more-filters" open={moreSet > 0 || MORE_FILTERS.some((k) => e[k])}>
          <summary>{moreSet > 0 ? `More filters (${moreSet} set)` : 'More filters'}</summary>
          <div class="filters-more">
            <FilterSelect
              name="advisor"
              label="Advisor"
              value={p.raw.advisor}
              error={e.advisor}
              options={[{ value: 'none', label: 'No advisor' }, ...p.advisors.map((a) => ({ value: a.id, label: a.name }))]}
            />
            <FilterInput name="termEnd" label="Term ends in (YYYY-MM)" value={p.raw.termEnd} error={e.termEnd} />
            <FilterInput name="termEndFrom" label="Term ends on or after" type="date" value={p.raw.termEndFrom} error={e.termEndFrom} />
            <FilterInput name="termEndTo" label="Term ends on or before" type="date" value={p.raw.termEndTo} error={e.termEndTo} />
            <FilterSelect name="band" label="Dues band" value={p.raw.band} error={e.band} options={p.bands.map(({ value, label }) => ({ value, label }))} />
            <FilterSelect name="meeting" label="First meeting" value={p.raw.meeting} error={e.meeting} options={[{ value: 'none', label: 'None booked' }]} />
            <FilterSelect
              name="balance"
              label="Owes money"
              value={p.raw.balance}
              error={e.balance}
              options={[
                { value: 'yes', label: 'Yes: an open balance' },
                { value: 'no', label: 'No: nothing owed' },
              ]}
            />
          </div>
        </details>
        <button type="submit">Find</button>
      </form>
      <p id="organization-search-status" class="visually-hidden" aria-live="polite" />
      {p.total !== undefined && p.total !== null ? (
        <p class="match-count">
          {p.totalCapped
            ? `${fmt(p.total)}+ organizations match. Narrow the search to see the others.`
            : p.total === 1
              ? '1 organization matches.'
              : `${fmt(p.total)} organizations match.`}
        </p>
      ) : null}
      <p>
        <a href={`/staff/organizations.csv${queryString(query)}`}>Download these organizations as CSV</a>
      </p>
      <DataTable
        caption="Organizations"
        basePath="/staff/organizations"
        query={query}
        sort={p.filters.sort ?? 'name'}
        dir={p.filters.dir ?? 'asc'}
        page={1}
        hasNext={false}
        keyset={{ next: p.nextCursor, first: !cursor }}
        rowKey={(r) => r.id}
        rows={p.rows}
        empty="No organization matches. Try fewer letters or fewer filters."
        columns={[
          { key: 'name', label: 'Name', sortable: true, cell: (r) => <a href={`/staff/organizations/${r.id}`}>{r.name}</a> },
          { key: 'type', label: 'Type', cell: (r) => TYPE_LABELS[r.entityType] },
          { key: 'state', label: 'State', cell: (r) => r.state },
          { key: 'status', label: 'Status', cell: (r) => STATUS_LABELS[r.status] },
          { key: 'population', label: 'Population', sortable: true, cell: (r) => (r.population === null ? '—' : r.population.toLocaleString('en-US')) },
          { key: 'termEnd', label: 'Term ends', cell: (r) => formatDay(r.termEnd) },
          { key: 'advisor', label: 'Advisor', cell: (r) => r.advisorName ?? 'None' },
          { key: 'balance', label: 'Balance due', cell: (r) => formatCents(r.balanceCents) },
        ]}
      />
    </Layout>
  );
}

const PROFILE_LABELS: Record<string, string> = {
  population: 'Population',
  populationSource: 'Source of the population figure',
  populationYear: 'Year of the figure',
  website: 'Website',
  billingAddress: 'Billing address',
};

export function ProfileFormPage(p: { ctx: PageContext; id: string; name: string; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Edit the profile of ${p.name}`}>
      <BackLink href={`/staff/organizations/${p.id}`}>Back to {p.name}</BackLink>
      <h1>Edit the profile of {p.name}</h1>
      <p>A new population changes the dues of the next term (this term's invoice stays as issued). After saving, you are told how. The change is recorded in the activity.</p>
      <ErrorSummary errors={p.errors} labels={PROFILE_LABELS} />
      <PostForm action={`/staff/organizations/${p.id}/edit`} csrf={p.ctx.csrf} label="Profile">
        <Field name="population" label={PROFILE_LABELS.population ?? ''} value={v.population} error={e.population} required inputMode="numeric" />
        <Field
          name="populationSource"
          label={PROFILE_LABELS.populationSource ?? ''}
          value={v.populationSource}
          error={e.populationSource}
          required
          hint="For example: US Census Bureau, 2020 decennial census."
          maxLength={200}
        />
        <Field name="populationYear" label={PROFILE_LABELS.populationYear ?? ''} value={v.populationYear} error={e.populationYear} required inputMode="numeric" />
        <Field name="website" label={PROFILE_LABELS.website ?? ''} type="url" value={v.website} error={e.website} hint="Starting with https://." />
        <TextArea name="billingAddress" label={PROFILE_LABELS.billingAddress ?? ''} value={v.billingAddress} error={e.billingAddress} rows={3} />
        <button type="submit">Save the profile</button>
      </PostForm>
    </Layout>
  );
}
