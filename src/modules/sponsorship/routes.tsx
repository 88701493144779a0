// Sponsorship's public routes: the packages (/partners/sponsorship), the application's email
// confirmation, the year-round sponsors (/partners/sponsors) and their logos, and the API. The
// application form (multipart, for its logo) is in apply-routes.ts; staff's in staff-routes.tsx.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, hasStaffRole } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { applyRoutes } from './apply-routes.js';
import { logoOf, openPackages, publicSponsors } from './queries.js';
import { packagesResponse, sponsorsResponse } from './schemas.js';
import { confirmApplication, pendingApplication } from './service.js';
import { sponsorshipStaffRoutes } from './staff-routes.js';
import { ApplicationSentPage, ConfirmApplicationPage, SponsorshipPage, SponsorsPage } from './views.js';

/** What the API shows of a sponsor: never the contact, nor the application's id. */
const apiSponsor = (s: Awaited<ReturnType<typeof publicSponsors>>[number], publicUrl: string) => ({
  company: s.company,
  website: s.website,
  tier: s.tier,
  tierLabel: s.tierLabel,
  package: s.package,
  logoUrl: `${publicUrl}${s.logoUrl}`,
  event: s.event,
});

export async function sponsorshipRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const open = { access: access.public() };

  app.get('/partners/sponsorship', { config: open }, async (req, reply) =>
    sendPage(reply, SponsorshipPage({ ctx: await pageContext(req, reply), packages: await openPackages(deps.db, await todayIn(deps)) })),
  );

  app.get('/partners/sponsors', { config: open }, async (req, reply) => {
    const all = await publicSponsors(deps.db);
    const conferences = new Map<string, { title: string; url: string }>();
    for (const s of all) if (s.event) conferences.set(s.event.url, s.event);
    return sendPage(reply, SponsorsPage({ ctx: await pageContext(req, reply), sponsors: all.filter((s) => s.eventId === null), conferences: [...conferences.values()] }));
  });

  // A logo: public once its sponsor is accepted; partnerships staff see those waiting too.
  app.get<{ Params: { id: string } }>('/partners/sponsors/:id/logo', { config: open }, async (req, reply) => {
    const logo = isUuid(req.params.id) ? await logoOf(deps.db, req.params.id, { staff: hasStaffRole(req.principal, 'partnerships') }) : undefined;
    if (!logo) throw new AppError('not_found', { message: 'There is no such logo.' });
    return reply
      .header('content-type', logo.logo_type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'no-cache')
      .send(Buffer.from(logo.logo));
  });

  app.get(
    '/api/v1/sponsorship/packages',
    {
      config: open,
      schema: {
        tags: ['sponsorship'],
        summary: 'Sponsorship packages open to apply (conference and year-round): tier, price in cents, benefits, places left and deadline',
        response: { 200: packagesResponse },
      },
    },
    async () => ({
      packages: (await openPackages(deps.db, await todayIn(deps))).map((k) => ({ ...k, event: k.event ? { ...k.event, url: `${deps.config.publicUrl}${k.event.url}` } : null })),
    }),
  );

  app.get(
    '/api/v1/sponsorship/sponsors',
    {
      config: open,
      schema: {
        tags: ['sponsorship'],
        summary: 'Accepted sponsors by tier: company, website, package, logo and the conference sponsored (never the contact)',
        response: { 200: sponsorsResponse },
      },
    },
    async () => ({
      sponsors: (await publicSponsors(deps.db)).map((s) => {
        const out = apiSponsor(s, deps.config.publicUrl);
        return { ...out, event: out.event ? { ...out.event, url: `${deps.config.publicUrl}${out.event.url}` } : null };
      }),
    }),
  );

  const tokenQuery = z.object({ token: z.string().max(200).default('') });
  app.get('/partners/sponsorship/confirm', { config: open, schema: { querystring: tokenQuery } }, async (req, reply) => {
    const a = await pendingApplication(deps, req.query.token);
    return sendPage(
      reply,
      ConfirmApplicationPage({ ctx: await pageContext(req, reply), token: req.query.token, found: a ? { company: a.company_name, packageName: a.package_name } : null }),
      a ? 200 : 400,
    );
  });

  app.post('/partners/sponsorship/confirm', { config: { access: access.public(), rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const id = await confirmApplication(deps, formValues(req.body).token ?? '');
    if (!id) return sendPage(reply, ConfirmApplicationPage({ ctx: await pageContext(req, reply), token: '', found: null }), 400);
    return sendPage(reply, ApplicationSentPage({ ctx: await pageContext(req, reply) }));
  });

  await app.register(applyRoutes);
  await app.register(sponsorshipStaffRoutes);
}
