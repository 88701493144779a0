// The audit log page: the filters (who and what by name, dates with a date picker), then the
// entries as sentences, with the values before and after as a list of fields (details.tsx).

import { formatTime } from '../../lib/format.js';
import { DataTable, ErrorSummary, FilterInput, FilterSelect } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { AREAS } from './actions.js';
import { AuditDetails } from './details.js';
import { ABOUT_SEARCH_COVERS } from './names.js';
import { type AuditQuery, FILTER_LABELS } from './schemas.js';
import type { ReadableLog } from './service.js';
import { actorInWords } from './who.js';

/** The filters as the download's query string (no sort or page: the download has every entry). */
function csvQuery(q: Partial<AuditQuery>): string {
  const params = new URLSearchParams();
  for (const key of ['action', 'entityType', 'entity', 'entityId', 'actor', 'from', 'to'] as const) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function AuditLogPage(p: {
  ctx: PageContext;
  errors: Record<string, string>;
  /** the filters as typed, shown back in the form */
  raw: Record<string, string | undefined>;
  q: Partial<AuditQuery>;
  result: ReadableLog;
  entityTypes: Readonly<Record<string, string>>;
}) {
  const { ctx, errors, raw, q, result } = p;
  return (
    <Layout ctx={ctx} title="Audit log">
      <h1>Audit log</h1>
      <p>
        Who changed what in the association’s records, and when, with the values before and after. Changes are made by staff, by members and visitors through the site’s forms, and
        by the system itself (scheduled work such as renewals, and card payments).
      </p>
      <ErrorSummary errors={errors} labels={FILTER_LABELS} />
      <form method="get" action="/staff/audit" class="filters" aria-label="Filter the audit log">
        <FilterInput name="actor" label="Who (name or email)" type="search" value={raw.actor} error={errors.actor} />
        <FilterInput name="entity" label={`About (${ABOUT_SEARCH_COVERS})`} type="search" value={raw.entity} error={errors.entity} />
        <FilterSelect
          name="entityType"
          label="Kind of record"
          value={raw.entityType}
          error={errors.entityType}
          options={Object.entries(p.entityTypes)
            .map(([value, label]) => ({ value, label }))
            .sort((a, b) => a.label.localeCompare(b.label, 'en'))}
        />
        <FilterSelect name="action" label="Area" value={raw.action} error={errors.action} options={AREAS.map(([value, label]) => ({ value, label }))} />
        <FilterInput name="from" label="From" type="date" value={raw.from} error={errors.from} />
        <FilterInput name="to" label="To" type="date" value={raw.to} error={errors.to} />
        {raw.entityId ? <input type="hidden" name="entityId" value={raw.entityId} /> : null}
        <button type="submit">Filter</button>
      </form>
      {Object.keys(errors).length === 0 ? (
        <p>
          <a href={`/staff/audit.csv${csvQuery(q)}`} download>
            Download these entries (CSV)
          </a>{' '}
          — every entry these filters find, the latest first, with the values before and after.
        </p>
      ) : null}
      <DataTable
        caption="Audit entries"
        basePath="/staff/audit"
        query={{
          action: q.action,
          entityType: q.entityType,
          entity: q.entity,
          entityId: q.entityId,
          actor: q.actor,
          from: q.from || undefined,
          to: q.to || undefined,
          sort: q.sort,
          dir: q.dir,
        }}
        sort={q.sort ?? 'at'}
        dir={result.dir}
        page={result.page}
        hasNext={result.hasNext}
        rowKey={(r) => String(r.id)}
        rows={result.rows}
        empty="No entries match these filters."
        columns={[
          { key: 'at', label: 'When', sortable: true, cell: (r) => formatTime(r.at, p.ctx.timeZone) },
          {
            key: 'actor',
            label: 'Who',
            cell: (r) => {
              const who = actorInWords({ actorId: r.actor_id, name: r.actor_name, email: r.actor_email, after: r.after });
              // an account, deleted or not, links to all its entries (its id stays on them)
              return r.actor_id ? (
                <a href={`/staff/audit?actor=${encodeURIComponent(r.actor_id)}`} title={r.actor_email ?? undefined}>
                  {who}
                </a>
              ) : (
                who
              );
            },
          },
          { key: 'action', label: 'What was done', sortable: true, cell: (r) => capitalized(r.words) },
          {
            key: 'entity',
            label: 'About',
            sortable: true,
            cell: (r) => (r.entity.href ? <a href={r.entity.href}>{r.entity.name}</a> : r.entity.name),
          },
          {
            key: 'change',
            label: 'Details',
            cell: (r) => <AuditDetails before={r.before} after={r.after} zone={p.ctx.timeZone} names={result.names} />,
          },
        ]}
      />
    </Layout>
  );
}
