// Partners' public routes: /partners (the current partners that chose to be listed), the inquiry
// of an outside organization with its email confirmation, and GET /api/v1/partners. The staff
// routes are in staff-routes.tsx and agreement-routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { pageContext } from '../../web/context.js';
import { formValues, honeypotFilled, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { agreementRoutes } from './agreement-routes.js';
import { confirmInquiry, inquiryLink, startInquiry } from './inquiry.js';
import { publicPartners } from './queries.js';
import { inquiryForm, partnersResponse } from './schemas.js';
import { partnerStaffRoutes } from './staff-routes.js';
import { CheckEmailPage, ConfirmInquiryPage, InquirePage, InquirySentPage, PartnersPage } from './views.js';

export async function partnersRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const open = { access: access.public() };

  app.get('/partners', { config: open }, async (req, reply) => sendPage(reply, PartnersPage({ ctx: await pageContext(req, reply), partners: await publicPartners(deps.db) })));

  app.get(
    '/api/v1/partners',
    {
      config: open,
      schema: {
        tags: ['partners'],
        summary: 'Current strategic alliances, partnerships, branches and chapters listed publicly: name, kind and region',
        response: { 200: partnersResponse },
      },
    },
    async () => ({ partners: await publicPartners(deps.db) }),
  );

  app.get('/partners/inquire', { config: open }, async (req, reply) => sendPage(reply, InquirePage({ ctx: await pageContext(req, reply) })));

  // Rate limited per client, and at most a few confirmation emails to one address an hour.
  app.post('/partners/inquire', { config: { access: access.public(), rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const form = parseForm(inquiryForm, req.body);
    if (honeypotFilled(req.body)) return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: formValues(req.body).email ?? '' }));
    if (!form.ok) return sendPage(reply, InquirePage({ ctx: await pageContext(req, reply), values: form.values, errors: form.errors }), 400);
    await startInquiry(deps, form.data);
    return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: form.data.email }));
  });

  const tokenQuery = z.object({ token: z.string().max(200).default('') });
  // Only a waiting inquiry's link answers 200; a link used already, expired or unknown says which (400).
  app.get('/partners/inquire/confirm', { config: open, schema: { querystring: tokenQuery } }, async (req, reply) => {
    const link = await inquiryLink(deps, req.query.token);
    return sendPage(reply, ConfirmInquiryPage({ ctx: await pageContext(req, reply), token: req.query.token, link }), link.state === 'waiting' ? 200 : 400);
  });

  app.post('/partners/inquire/confirm', { config: { access: access.public(), rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const token = formValues(req.body).token ?? '';
    const id = await confirmInquiry(deps, token);
    if (!id) return sendPage(reply, ConfirmInquiryPage({ ctx: await pageContext(req, reply), token: '', link: await inquiryLink(deps, token) }), 400);
    return sendPage(reply, InquirySentPage({ ctx: await pageContext(req, reply) }));
  });

  await app.register(partnerStaffRoutes);
  await app.register(agreementRoutes);
}
