// The audit log page: the filters, then the entries with their before and after values.

import { DataTable, ErrorSummary, FilterInput } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { searchAuditLog } from './queries.js';
import type { AuditQuery } from './schemas.js';

export function AuditLogPage(p: {
  ctx: PageContext;
  errors: Record<string, string>;
  /** the filters as typed, shown back in the form */
  raw: Record<string, string | undefined>;
  q: Partial<AuditQuery>;
  result: Awaited<ReturnType<typeof searchAuditLog>>;
}) {
  const { ctx, errors, raw, q, result } = p;
  return (
    <Layout ctx={ctx} title="Audit log">
      <h1>Audit log</h1>
      <p>Every change made by staff, with who made it, when, and the values before and after.</p>
      <ErrorSummary errors={errors} />
      <form method="get" action="/staff/audit" class="filters" aria-label="Filter the audit log">
        <FilterInput name="action" label="Action starts with" value={raw.action} error={errors.action} />
        <FilterInput name="entityType" label="Entity type" value={raw.entityType} error={errors.entityType} />
        <FilterInput name="actor" label="Staff email" type="email" value={raw.actor} error={errors.actor} />
        <FilterInput name="from" label="From (YYYY-MM-DD)" value={raw.from} error={errors.from} />
        <FilterInput name="to" label="To (YYYY-MM-DD)" value={raw.to} error={errors.to} />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Audit entries"
        basePath="/staff/audit"
        query={{ action: q.action, entityType: q.entityType, actor: q.actor, from: q.from || undefined, to: q.to || undefined, sort: q.sort, dir: q.dir }}
        sort={q.sort ?? 'at'}
        dir={result.dir}
        page={result.page}
        hasNext={result.hasNext}
        rowKey={(r) => String(r.id)}
        rows={result.rows}
        columns={[
          { key: 'at', label: 'When (UTC)', sortable: true, cell: (r) => r.at.toISOString().replace('T', ' ').slice(0, 19) },
          { key: 'actor', label: 'Who', cell: (r) => r.actor_email ?? 'System' },
          { key: 'action', label: 'Action', sortable: true, cell: (r) => r.action },
          { key: 'entity', label: 'Entity', sortable: true, cell: (r) => `${r.entity_type}${r.entity_id ? ` ${r.entity_id}` : ''}` },
          {
            key: 'change',
            label: 'Change',
            cell: (r) => (
              <details>
                <summary>Before and after</summary>
                <pre class="mail">{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
              </details>
            ),
          },
        ]}
      />
    </Layout>
  );
}
