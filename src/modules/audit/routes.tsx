// Audit log browsing (P6) for staff admins: filter by action, entity (by name or id), who acted
// (by name, email or id) and date; sort; page. Actors and entities are shown by name, actions in
// words. The page (views.tsx) and the same entries as JSON (/api/v1/audit).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { sendAuditedCsvStream } from '../../lib/csv.js';
import { fieldError } from '../../lib/errors.js';
import { isoWithOffset } from '../../lib/format.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { ENTITY_WORDS, entityTypeInWords } from './names.js';
import { auditEntry, auditQuery, FILTER_LABELS } from './schemas.js';
import { readableBatches, readableLog } from './service.js';
import { AuditLogPage } from './views.js';
import { actorInWords, visitorOf } from './who.js';

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  // dates are the association's days (its time zone), on the page and in the API alike

  app.get('/staff/audit', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const raw = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, string | undefined>).filter(([, v]) => v !== '')) as Record<string, string | undefined>;
    const parsed = auditQuery.safeParse(raw);
    const ctx = await pageContext(req, reply);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    if (parsed.success && parsed.data.from && parsed.data.to && parsed.data.from > parsed.data.to) errors.to = 'Must be on or after the start date.';
    const ok = Object.keys(errors).length === 0;
    const q = ok && parsed.success ? parsed.data : {};
    const result = await readableLog(db, q, ctx.timeZone, app.deps.slots.recordNames);
    return sendPage(reply, AuditLogPage({ ctx, errors, raw, q, result, entityTypes: ENTITY_WORDS }), ok ? 200 : 400);
  });

  // The same entries as a download: every one under the filters (never cut short), read and sent
  // in batches, the download itself audited.
  app.get('/staff/audit.csv', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const raw = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, string | undefined>).filter(([, v]) => v !== '')) as Record<string, string | undefined>;
    const parsed = auditQuery.safeParse(raw);
    // a download has no form to show its errors beside: the message names each filter
    const refuse = (fields: Record<string, string>) =>
      fieldError(
        fields,
        `The filters of this download need attention: ${Object.entries(fields)
          .map(([k, m]) => `${FILTER_LABELS[k] ?? k}: ${m}`)
          .join(' ')}`,
      );
    if (!parsed.success) throw refuse(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
    const q = parsed.data;
    if (q.from && q.to && q.from > q.to) throw refuse({ to: 'Must be on or after the start date.' });
    const zone = await app.deps.association.timeZone();
    const { page: _page, sort: _sort, dir: _dir, ...filters } = q;
    return sendAuditedCsvStream(
      reply,
      db,
      { now: () => app.deps.clock.now(), actorUserId: req.principal?.userId ?? null, requestId: req.id, name: 'audit_log', filters },
      ['Entry', `When (${zone})`, 'Who', 'Who (email)', 'What was done', 'Action', 'About', 'Kind of record', 'About (id)', 'Before (JSON)', 'After (JSON)', 'Request'],
      readableBatches(db, filters, zone, app.deps.slots.recordNames),
      (r) => [
        r.id,
        isoWithOffset(r.at, zone),
        actorInWords({ actorId: r.actor_id, name: r.actor_name, email: r.actor_email, after: r.after }),
        r.actor_id ? r.actor_email : (visitorOf(r.after)?.email ?? null),
        r.words,
        r.action,
        r.entity.name,
        entityTypeInWords(r.entity_type),
        r.entity_id,
        r.before === null || r.before === undefined ? '' : JSON.stringify(r.before),
        r.after === null || r.after === undefined ? '' : JSON.stringify(r.after),
        r.request_id,
      ],
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
      const r = await readableLog(db, req.query, (await app.deps.association.get()).time_zone, app.deps.slots.recordNames);
      return {
        entries: r.rows.map((x) => ({
          id: x.id,
          at: x.at.toISOString(),
          actorEmail: x.actor_email ?? null,
          actorId: x.actor_id ?? null,
          actorName: x.actor_name ?? null,
          actorWords: actorInWords({ actorId: x.actor_id, name: x.actor_name, email: x.actor_email, after: x.after }),
          action: x.action,
          actionWords: x.words,
          entityType: x.entity_type,
          entityId: x.entity_id,
          entityName: x.entity.name,
          entityUrl: x.entity.href,
          before: x.before,
          after: x.after,
        })),
        nextPage: r.hasNext ? r.page + 1 : null,
      };
    },
  );
}
