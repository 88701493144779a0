// Audit log browsing (P6) for staff admins: filter by action, entity, actor and date; sort; page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { fieldError } from '../../lib/errors.js';
import { DataTable, ErrorSummary, FilterInput } from '../../web/components.js';
import { pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { searchAuditLog } from './queries.js';
import { auditEntry, auditQuery } from './schemas.js';

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  app.get('/staff/audit', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const parsed = auditQuery.safeParse(req.query);
    const ctx = await pageContext(req, reply);
    const raw = (req.query ?? {}) as Record<string, string | undefined>;
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    const q = parsed.success ? parsed.data : {};
    const result = await searchAuditLog(db, q);
    return sendPage(
      reply,
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
      </Layout>,
      parsed.success ? 200 : 400,
    );
  });

  app.get(
    '/api/v1/audit',
    {
      config: { access: access.staff('admin') },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first (staff admin)',
        querystring: auditQuery,
        response: { 200: z.object({ entries: z.array(auditEntry), nextPage: z.number().nullable() }) },
      },
    },
    async (req) => {
      if (req.query.from && req.query.to && req.query.from > req.query.to) throw fieldError({ to: 'Must be on or after the start date.' });
      const r = await searchAuditLog(db, req.query);
      return {
        entries: r.rows.map((x) => ({
          id: x.id,
          at: x.at.toISOString(),
          actorEmail: x.actor_email ?? null,
          action: x.action,
          entityType: x.entity_type,
          entityId: x.entity_id,
          before: x.before,
          after: x.after,
        })),
        nextPage: r.hasNext ? r.page + 1 : null,
      };
    },
  );
}
