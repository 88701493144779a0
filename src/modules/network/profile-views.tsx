// The network profile page (/org/profile): the form for an administrator, the summary for other
// contacts, and the switch between the person's organizations.
import type { FieldErrors } from '../../lib/errors.js';
import { US_TIME_ZONES } from '../../lib/us-states.js';
import { Checkbox, ErrorSummary, Field, FieldError, PostForm, Select, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import type { Profile } from './queries.js';

const LABELS = { listed: 'Public listing', pathways: 'Priority pathways', website: 'Public website', time_zone: 'Time zone' };
const ZONE_OPTIONS = US_TIME_ZONES.map(([value, label]) => ({ value, label }));

export function ProfilePage(p: {
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
              <FieldError id="f-pathways-error" error={e.pathways} />
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
          <SummaryList
            class="summary"
            rows={[
              [LABELS.listed, listingInWords(p.profile)],
              [
                LABELS.pathways,
                p.pathways
                  .filter((w) => chosen.has(w.id))
                  .map((w) => w.name)
                  .join(', ') || 'None chosen yet',
              ],
              [LABELS.website, p.profile.website || 'Not given'],
              [LABELS.time_zone, ZONE_OPTIONS.find((z) => z.value === p.profile.timeZone)?.label ?? p.profile.timeZone],
            ]}
          />
          <p>Only an administrator of your organization can change these.</p>
        </>
      )}
    </Layout>
  );
}

/** Whether the organization is shown by name, in words: a listed one is shown only while it is a member. */
function listingInWords(o: { listed: boolean; member: boolean }): string {
  if (!o.listed) return 'Counted, but not shown by name';
  return o.member ? 'Shown on the public network map and list' : 'To be shown on the public network map and list once the membership is active';
}
