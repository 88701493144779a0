// The organization's network profile (/org/profile): listing opt-out, priority pathways and
// public website. Contacts see it; only an admin of that organization changes it (audited).
// The organization id comes from the client (`?org=`): checked against the person's own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { access, orgScope } from '../../lib/access.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { US_TIME_ZONE_IDS, US_TIME_ZONES } from '../../lib/us-states.js';
import { Checkbox, ErrorSummary, Field, PostForm, Select } from '../../web/components.js';
import { type PageContext, pageContext, setFlash } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { listPathways, type Pathway, pathwaysOfOrganizations, setOrganizationPathways } from '../pathways/index.js';

export const profileInput = z
  .object({
    listed: z.literal('yes', { error: 'Tick the box or leave it empty.' }).optional(),
    pathways: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : [v].flat()))
      .pipe(z.array(z.uuid('Choose from the pathways listed.')).max(20, 'Choose from the pathways listed.')),
    website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Enter a full address starting with https://.' }).max(300, 'Use at most 300 characters.')]).default(''),
    time_zone: z.enum(US_TIME_ZONE_IDS, { error: 'Choose a time zone from the list.' }).optional(),
  })
  .strip();

interface Profile {
  id: string;
  name: string;
  listed: boolean;
  website: string;
  timeZone: string;
  pathwayIds: string[];
}

async function loadProfile(deps: Pick<Deps, 'db'>, organizationId: string): Promise<Profile> {
  const org = await deps.db.selectFrom('organizations').select(['id', 'name', 'listed', 'website', 'time_zone']).where('id', '=', organizationId).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  const chosen = await pathwaysOfOrganizations(deps.db, [org.id]);
  const { time_zone, ...rest } = org;
  return { ...rest, timeZone: time_zone, pathwayIds: (chosen.get(org.id) ?? []).map((p) => p.id) };
}

export async function updateOrganizationProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { organizationId: string; actorUserId: string; requestId?: string; listed: boolean; pathwayIds: string[]; website: string; timeZone?: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organizations').select(['listed', 'website', 'time_zone']).where('id', '=', input.organizationId).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const beforePathways = (await pathwaysOfOrganizations(trx, [input.organizationId])).get(input.organizationId)?.map((p) => p.slug) ?? [];
    const timeZone = input.timeZone ?? before.time_zone;
    await trx.updateTable('organizations').set({ listed: input.listed, website: input.website, time_zone: timeZone }).where('id', '=', input.organizationId).execute();
    await setOrganizationPathways(trx, input.organizationId, input.pathwayIds);
    const afterPathways = (await pathwaysOfOrganizations(trx, [input.organizationId])).get(input.organizationId)?.map((p) => p.slug) ?? [];
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'network.profile_updated',
      entityType: 'organization',
      entityId: input.organizationId,
      before: { ...before, pathways: beforePathways },
      after: { listed: input.listed, website: input.website, time_zone: timeZone, pathways: afterPathways },
      requestId: input.requestId,
    });
  });
}

const LABELS = { listed: 'Public listing', pathways: 'Priority pathways', website: 'Public website', time_zone: 'Time zone' };
const ZONE_OPTIONS = US_TIME_ZONES.map(([value, label]) => ({ value, label }));

function ProfilePage(p: {
  ctx: PageContext;
  profile: Profile;
  canEdit: boolean;
  pathways: Pathway[];
  others: Array<{ id: string; name: string }>;
  values?: { listed: boolean; website: string; timeZone: string; pathwayIds: string[] };
  errors?: FieldErrors;
}) {
  const v = p.values ?? p.profile;
  const e = p.errors ?? {};
  const chosen = new Set(v.pathwayIds);
  return (
    <Layout ctx={p.ctx} title="Network profile">
      <p>
        <a href="/org">My organization</a>
      </p>
      <h1>Network profile of {p.profile.name}</h1>
      {p.others.length > 1 ? (
        <nav aria-label="Your organizations">
          <ul>
            {p.others.map((o) => (
              <li key={o.id}>
                <a href={`/org/profile?org=${o.id}`} aria-current={o.id === p.profile.id ? 'page' : undefined}>
                  {o.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p>What the public network map and list say about your organization. Your contacts, dues and population source are never shown.</p>
      {p.canEdit ? (
        <>
          <ErrorSummary errors={p.errors} labels={LABELS} />
          <PostForm action={`/org/profile?org=${p.profile.id}`} csrf={p.ctx.csrf}>
            <Checkbox
              name="listed"
              label="Show our organization on the public network map and list"
              checked={v.listed}
              error={e.listed}
              hint="If you untick this, we still count you in the totals, but never name or place you."
            />
            <fieldset class="group" aria-describedby={e.pathways ? 'f-pathways-error' : undefined}>
              <legend>{LABELS.pathways}</legend>
              {e.pathways ? (
                <p class="error-message" id="f-pathways-error">
                  <span class="visually-hidden">Error: </span>
                  {e.pathways}
                </p>
              ) : null}
              {p.pathways.map((w, i) => (
                <div class="checkbox" key={w.id}>
                  <input id={i === 0 ? 'f-pathways' : `f-pathways-${w.slug}`} type="checkbox" name="pathways" value={w.id} checked={chosen.has(w.id)} />
                  <label for={i === 0 ? 'f-pathways' : `f-pathways-${w.slug}`}>{w.name}</label>
                </div>
              ))}
            </fieldset>
            <Field name="website" label={LABELS.website} type="url" value={v.website} error={e.website} hint="A full address, like https://www.example.gov." />
            <Select
              name="time_zone"
              label={LABELS.time_zone}
              value={v.timeZone}
              options={ZONE_OPTIONS}
              error={e.time_zone}
              required
              hint="Meeting times with your advisor are shown in this time zone."
            />
            <button type="submit">Save profile</button>
          </PostForm>
        </>
      ) : (
        <>
          <dl class="summary">
            <dt>{LABELS.listed}</dt>
            <dd>{p.profile.listed ? 'Shown on the public network map and list' : 'Counted, but not shown by name'}</dd>
            <dt>{LABELS.pathways}</dt>
            <dd>
              {p.pathways
                .filter((w) => chosen.has(w.id))
                .map((w) => w.name)
                .join(', ') || 'None chosen yet'}
            </dd>
            <dt>{LABELS.website}</dt>
            <dd>{p.profile.website || 'Not given'}</dd>
            <dt>{LABELS.time_zone}</dt>
            <dd>{ZONE_OPTIONS.find((z) => z.value === p.profile.timeZone)?.label ?? p.profile.timeZone}</dd>
          </dl>
          <p>Only an administrator of your organization can change these.</p>
        </>
      )}
    </Layout>
  );
}

async function othersOf(deps: Pick<Deps, 'db'>, req: FastifyRequest) {
  const ids = [...(req.principal?.orgs.keys() ?? [])];
  if (ids.length < 2) return [];
  return deps.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

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
