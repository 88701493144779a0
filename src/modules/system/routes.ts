// Health, the OpenAPI document, and the development mailbox.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasDevMailbox } from '../../config.js';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { logoUrlOf, pageContext } from '../../web/context.js';
import { FAVICON } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { getMailboxMessage, listMailbox, pingDatabase } from './queries.js';
import { MailboxListPage, MailboxMessagePage } from './views.js';

export async function systemRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get(
    '/healthz',
    {
      config: {
        access: access.public(),
        // Under overload the health check says so in its own shape (the site-wide busy answer is an API error).
        pressureHandler: (_req: FastifyRequest, reply: FastifyReply) => {
          reply.code(503).header('retry-after', '5').send({ status: 'unavailable', reason: 'busy' });
        },
      },
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: ok once the database answers; 503 when the database does not answer or the server sheds load',
        response: {
          200: z.object({ status: z.literal('ok') }),
          503: z.object({ status: z.literal('unavailable'), reason: z.enum(['database', 'busy']) }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await pingDatabase(db);
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, reason: 'database' as const });
      }
    },
  );

  // Browsers ask for /favicon.ico by themselves (beside a PDF, an API answer, an old bookmark): the
  // pages' icon, the association's logo when it has one (each page's <link rel="icon"> says the same).
  app.get('/favicon.ico', { config: { access: access.public() }, schema: { hide: true } }, async (_req, reply) => {
    const logo = logoUrlOf(await app.deps.association.get());
    return reply.header('cache-control', 'public, max-age=3600').redirect(logo ?? FAVICON, 302);
  });

  app.get('/api/openapi.json', { config: { access: access.public() }, schema: { hide: true } }, async () => app.swagger());

  // The development mailbox: messages kept in the outbox (every sign-in link among them), for staff
  // admins only, never a confidential kind without its permission, and only where mail is not
  // delivered at all: not in production, not with SMTP_URL.
  if (hasDevMailbox(config)) {
    const hidden = (req: FastifyRequest) => app.deps.mail.unreadableTemplates(req.principal?.roles ?? new Set());
    app.get('/dev/mailbox', { config: { access: access.staff('admin') } }, async (req, reply) => {
      const query = z.object({ to: z.string().trim().max(254, 'Use at most 254 characters.').optional() }).safeParse(req.query);
      const ctx = await pageContext(req, reply);
      if (!query.success) {
        // a recipient too long to be an address: said beside the field, and nothing listed
        const raw = typeof (req.query as { to?: unknown }).to === 'string' ? String((req.query as { to: string }).to) : '';
        return sendPage(reply, MailboxListPage({ ctx, messages: [], to: raw, error: query.error.issues[0]?.message }), 400);
      }
      const to = query.data.to || undefined;
      const messages = await listMailbox(db, { hidden: hidden(req), to });
      return sendPage(reply, MailboxListPage({ ctx, messages, to: to ?? '' }));
    });
    app.get('/dev/mailbox/:id', { config: { access: access.staff('admin') } }, async (req, reply) => {
      const { id } = z.object({ id: z.uuid() }).safeParse(req.params).data ?? { id: null };
      const message = id ? await getMailboxMessage(db, { hidden: hidden(req), id }) : undefined;
      if (!message) throw new AppError('not_found');
      return sendPage(reply, MailboxMessagePage({ ctx: await pageContext(req, reply), message }));
    });
  }
}
