// Audit log browsing (P6) for staff admins: filter by action, entity, actor and date; sort; page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { fieldError } from '../../lib/errors.js';
import { DataTable, ErrorSummary, FilterInput } from '../../web/components.js';
import { pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';

const PAGE_SIZE = 50;
const dateOnly = z.union([z.literal(''), z.iso.date('Use the form YYYY-MM-DD.')]).optional();
export const auditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  actor: z.string().trim().max(254).optional(),
  from: dateOnly,
  to: dateOnly,
  sort: z.enum(['at', 'action', 'entity']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
type AuditQuery = z.output<typeof auditQuery>;

const entry = z.object({
  id: z.number(),
  at: z.string(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

/** Entity types whose audit rows only their own permission may read (individuals module). */
const SENSITIVE_ENTITY_TYPES = ['transition_request'];

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  async function search(q: AuditQuery) {
    const page = q.page ?? 1;
    const sortCol = q.sort === 'action' ? 'audit_log.action' : q.sort === 'entity' ? 'audit_log.entity_type' : 'audit_log.at';
    const dir = q.dir ?? (q.sort ? 'asc' : 'desc');
    let query = db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select([
        'audit_log.id',
        'audit_log.at',
        'audit_log.action',
        'audit_log.entity_type',
        'audit_log.entity_id',
        'audit_log.before',
        'audit_log.after',
        'users.email as actor_email',
      ]);
    // Members in Transition is confidential even from admins (SECURITY.md): its rows stay in the
    // table, but the audit pages and API never list them.
    query = query.where('audit_log.entity_type', 'not in', SENSITIVE_ENTITY_TYPES);
    if (q.action) query = query.where('audit_log.action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (q.entityType) query = query.where('audit_log.entity_type', '=', q.entityType);
    if (q.actor) query = query.where(sql<string>`users.email`, '=', q.actor);
    if (q.from) query = query.where('audit_log.at', '>=', new Date(`${q.from}T00:00:00Z`));
    if (q.to) query = query.where('audit_log.at', '<', new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
    const rows = await query
      .orderBy(sortCol, dir)
      .orderBy('audit_log.id', dir)
      .limit(PAGE_SIZE + 1)
      .offset((page - 1) * PAGE_SIZE)
      .execute();
    return { rows: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE, page, dir };
  }

  app.get('/staff/audit', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const parsed = auditQuery.safeParse(req.query);
    const ctx = await pageContext(req, reply);
    const raw = (req.query ?? {}) as Record<string, string | undefined>;
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    const q = parsed.success ? parsed.data : {};
    const result = await search(q);
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
        response: { 200: z.object({ entries: z.array(entry), nextPage: z.number().nullable() }) },
      },
    },
    async (req) => {
      if (req.query.from && req.query.to && req.query.from > req.query.to) throw fieldError({ to: 'Must be on or after the start date.' });
      const r = await search(req.query);
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
