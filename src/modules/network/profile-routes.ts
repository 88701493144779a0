// Routes of the organization's network profile (/org/profile): listing opt-out, priority
// pathways, public website and time zone. Contacts see it; only an admin of that organization
// changes it (audited). The organization id comes from the client (`?org=`): checked against the
// person's own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { access, orgScope } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { ProfilePage } from './profile-views.js';
import { loadProfile, organizationsToSwitch } from './queries.js';
import { profileInput } from './schemas.js';
import { updateOrganizationProfile } from './service.js';

const othersOf = (deps: FastifyInstance['deps'], req: FastifyRequest) => organizationsToSwitch(deps.db, [...(req.principal?.orgs.keys() ?? [])]);

export async function profileRoutes(app: FastifyInstance) {
  const deps = app.deps;

  app.get('/org/profile', { config: { access: access.orgContact() } }, async (req, reply) => {
    const org = orgScope(req);
    const [profile, pathways, others] = await Promise.all([loadProfile(deps, org.id), listPathways(deps.db), othersOf(deps, req)]);
    return sendPage(reply, ProfilePage({ ctx: await pageContext(req, reply), profile, canEdit: org.role === 'admin', pathways, others }));
  });

  app.post('/org/profile', { config: { access: access.orgContact() } }, async (req, reply) => {
    const org = orgScope(req, 'admin', { forbidden: 'Only an administrator of your organization can change its profile.' });
    const parsed = profileInput.safeParse(req.body ?? {});
    const raw = (req.body ?? {}) as Record<string, unknown>;
    let errors: FieldErrors | undefined;
    if (parsed.success) {
      try {
        await updateOrganizationProfile(deps, {
          organizationId: org.id,
          actorUserId: req.principal?.userId ?? '',
          requestId: req.id,
          listed: parsed.data.listed === 'yes',
          pathwayIds: parsed.data.pathways,
          website: parsed.data.website,
          timeZone: parsed.data.time_zone,
        });
        setFlash(reply, 'Profile saved.');
        return reply.redirect(`/org/profile?org=${org.id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        errors = err.fields;
      }
    } else {
      errors = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    }
    const [profile, pathways, others] = await Promise.all([loadProfile(deps, org.id), listPathways(deps.db), othersOf(deps, req)]);
    const values = {
      listed: raw.listed === 'yes',
      website: typeof raw.website === 'string' ? raw.website : '',
      timeZone: typeof raw.time_zone === 'string' ? raw.time_zone : profile.timeZone,
      pathwayIds: [raw.pathways].flat().filter((x): x is string => typeof x === 'string'),
    };
    return sendPage(reply, ProfilePage({ ctx: await pageContext(req, reply), profile, canEdit: true, pathways, others, values, errors }), 400);
  });
}
