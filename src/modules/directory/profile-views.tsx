// Pages of the profile: the member's own form at /me (profile, positions, contact details with
// who may see each, listing choice, and a separate photo form) and /people/:id as a viewer sees it.
import type { VNode } from 'preact';
import { Fragment } from 'preact';
import type { Visibility } from '../../db/types.js';
import { access, decide } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { BackLink, Checkbox, DangerLink, ErrorSummary, Field, FileField, PostForm, RadioGroup, Select, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { stateOptions } from '../network/index.js';
import type { OwnProfile, ProfileView } from './profiles.js';
import { POSITION_FIELDS, positionKey } from './schemas.js';
import { PROFILE_VISIBILITIES, PROFILE_VISIBILITY_LABELS, STAFF_ONLY_MEANS, VISIBILITIES, VISIBILITY_LABELS } from './visibility.js';

export const PROFILE_LABELS: Record<string, string> = {
  employer_name: 'Current employer (jurisdiction)',
  employer_state: 'State of your employer',
  title: 'Current title',
  education: 'Education',
  expertise: 'Areas of expertise',
  bio: 'Short biography',
  work_email: 'Work email',
  work_email_visibility: 'Who may see your work email',
  phone: 'Phone',
  phone_visibility: 'Who may see your phone number',
  mailing_address: 'Mailing address',
  mailing_address_visibility: 'Who may see your mailing address',
  listed: 'Who’s Who listing',
  profile_visibility: 'Who may open your profile page',
  photo: 'Photo',
};

const POSITION_LABELS: Record<(typeof POSITION_FIELDS)[number], string> = {
  title: 'Title',
  employer: 'Employer',
  state: 'State',
  start: 'Start year',
  end: 'End year',
};

/** Labels for the error summary, including each row of positions. */
export function profileLabels(rows: number): Record<string, string> {
  const out = { ...PROFILE_LABELS };
  for (let i = 0; i < rows; i++) for (const f of POSITION_FIELDS) out[positionKey(f, i)] = `Position ${i + 1}, ${POSITION_LABELS[f].toLowerCase()}`;
  return out;
}

const visibilityOptions = VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }));
const profileVisibilityOptions = PROFILE_VISIBILITIES.map((v) => ({ value: v, label: PROFILE_VISIBILITY_LABELS[v] }));

/** The form's values: strings as typed (after a failed post) or from the stored profile. */
export function profileValues(p: OwnProfile): Record<string, string> {
  const v: Record<string, string> = {
    employer_name: p.employerName,
    employer_state: p.employerState ?? '',
    title: p.title,
    education: p.education,
    expertise: p.expertise.join(', '),
    bio: p.bio,
    work_email: p.workEmail,
    work_email_visibility: p.workEmailVisibility,
    phone: p.phone,
    phone_visibility: p.phoneVisibility,
    mailing_address: p.mailingAddress,
    mailing_address_visibility: p.mailingAddressVisibility,
    listed: p.listed ? 'yes' : '',
    profile_visibility: p.profileVisibility,
  };
  p.positions.forEach((pos, i) => {
    v[positionKey('title', i)] = pos.title;
    v[positionKey('employer', i)] = pos.employerName;
    v[positionKey('state', i)] = pos.state ?? '';
    v[positionKey('start', i)] = String(pos.startYear);
    v[positionKey('end', i)] = pos.endYear === null ? '' : String(pos.endYear);
  });
  return v;
}

function listingNote(p: OwnProfile) {
  if (!p.currentMember) return 'Your profile appears in Who’s Who once your individual membership is active.';
  return p.listed ? 'You are listed in Who’s Who.' : 'You are not listed in Who’s Who: only you and the association’s membership staff can open your profile page.';
}

export function ProfileEditPage(p: {
  ctx: PageContext;
  profile: OwnProfile;
  values: Record<string, string>;
  rows: number;
  errors?: FieldErrors;
  photoError?: string;
  /** parts other modules show above the form (deps.slots.personStart) */
  start?: VNode[];
}) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="My profile" scripts={['place-lookup.js']}>
      <h1>My profile</h1>
      <p class="lead">
        Your profile page and your entry in Who’s Who. You choose who may open your profile page (everyone, or only members and staff) and who may see each contact detail. The
        association’s membership staff and staff administrators see everything; other staff see what members see.
      </p>
      {p.start}
      <p>
        {listingNote(p.profile)} <a href={`/people/${p.profile.userId}`}>See your profile page</a>.
      </p>
      <ErrorSummary errors={p.errors} labels={profileLabels(p.rows)} />
      <ProfileContents />
      <PostForm action="/me" csrf={p.ctx.csrf} label="Profile">
        <h2 id="work">Where you work</h2>
        <Field
          name="employer_name"
          label={PROFILE_LABELS.employer_name ?? ''}
          value={v.employer_name}
          error={e.employer_name}
          hint="The city, county, town, region or Tribal nation you work for, like City of Boulder."
          maxLength={200}
          dataPlaceLookup="employer_state"
        />
        <Select
          name="employer_state"
          label={PROFILE_LABELS.employer_state ?? ''}
          includeBlank="Choose a state"
          options={stateOptions()}
          value={v.employer_state}
          error={e.employer_state}
        />
        <Field name="title" label={PROFILE_LABELS.title ?? ''} value={v.title} error={e.title} hint="Like City Manager or Assistant County Administrator." maxLength={200} />
        <h2 id="about">About you</h2>
        <TextArea name="education" label={PROFILE_LABELS.education ?? ''} value={v.education} error={e.education} rows={3} maxLength={2000} />
        <TextArea
          name="expertise"
          label={PROFILE_LABELS.expertise ?? ''}
          value={v.expertise}
          error={e.expertise}
          rows={2}
          hint="Separate areas with commas, like budgeting, public safety, economic development. Up to 20."
        />
        <TextArea name="bio" label={PROFILE_LABELS.bio ?? ''} value={v.bio} error={e.bio} rows={4} maxLength={1000} hint="A few sentences, 1,000 characters at most." />
        <h2 id="positions">Positions held</h2>
        <p>Earlier and current positions, newest first. Leave a row blank to skip it; tick “Remove” to delete one.</p>
        {Array.from({ length: p.rows }, (_, i) => {
          const existing = i < p.profile.positions.length;
          return (
            <fieldset class="group" key={`pos-${i}`}>
              <legend>{existing ? `Position ${i + 1}` : `Add a position (row ${i + 1})`}</legend>
              <Field name={positionKey('title', i)} label={POSITION_LABELS.title} value={v[positionKey('title', i)]} error={e[positionKey('title', i)]} maxLength={200} />
              <Field
                name={positionKey('employer', i)}
                label={POSITION_LABELS.employer}
                value={v[positionKey('employer', i)]}
                error={e[positionKey('employer', i)]}
                maxLength={200}
              />
              <Select
                name={positionKey('state', i)}
                label={POSITION_LABELS.state}
                includeBlank="Choose a state"
                options={stateOptions()}
                value={v[positionKey('state', i)]}
                error={e[positionKey('state', i)]}
              />
              <Field
                name={positionKey('start', i)}
                label={POSITION_LABELS.start}
                inputMode="numeric"
                value={v[positionKey('start', i)]}
                error={e[positionKey('start', i)]}
                maxLength={4}
              />
              <Field
                name={positionKey('end', i)}
                label={POSITION_LABELS.end}
                inputMode="numeric"
                value={v[positionKey('end', i)]}
                error={e[positionKey('end', i)]}
                hint="Leave blank if you hold it now."
                maxLength={4}
              />
              {existing ? <Checkbox name={positionKey('remove', i)} label={`Remove position ${i + 1}`} checked={v[positionKey('remove', i)] === 'yes'} /> : null}
            </fieldset>
          );
        })}
        <h2 id="contact">Contact details</h2>
        <p>For each detail, choose who may see it. A detail you show to everyone reaches visitors who are not signed in only if they may open your profile page (below).</p>
        <p id="staff-only-means">{STAFF_ONLY_MEANS}</p>
        <ContactField name="work_email" label="Work email" type="email" values={v} errors={e} />
        <ContactField name="phone" label="Phone" type="tel" values={v} errors={e} />
        <ContactField name="mailing_address" label="Mailing address" values={v} errors={e} multiline />
        <h2 id="visibility">Who may see your profile</h2>
        <p>Your profile page shows your name, photo, title, employer, education, areas of expertise, biography and positions, and the contact details each viewer may see.</p>
        <RadioGroup
          name="profile_visibility"
          legend={PROFILE_LABELS.profile_visibility ?? ''}
          options={profileVisibilityOptions}
          value={v.profile_visibility || 'members'}
          error={e.profile_visibility}
        />
        <Checkbox
          name="listed"
          label="List me in Who’s Who"
          checked={v.listed === 'yes'}
          error={e.listed}
          hint="Who’s Who is for members and staff. If you untick this, nobody but you and the association’s membership staff can find you or open your profile page."
        />
        <button type="submit">Save profile</button>
      </PostForm>
      <h2 id="photo-title">Photo</h2>
      {p.profile.hasPhoto ? <img src={`/people/${p.profile.userId}/photo`} alt={p.profile.name} width={160} /> : <p>You have no photo yet.</p>}
      <PostForm action="/me/photo" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload a photo">
        <FileField
          name="photo"
          label={p.profile.hasPhoto ? 'Replace your photo' : 'Photo'}
          hint="A PNG, JPEG or WebP image of 2 MB or less. Whoever may see your profile sees your photo."
          accept="image/png,image/jpeg,image/webp"
          error={p.photoError}
        />
        <button type="submit">Upload photo</button>
      </PostForm>
      {p.profile.hasPhoto ? (
        <p>
          <DangerLink href="/me/photo/delete">Remove photo</DangerLink>
        </p>
      ) : null}
    </Layout>
  );
}

/** The page's own contents: /me is long, so each part is one link away (no JavaScript needed). */
const PROFILE_PARTS = [
  ['work', 'Where you work'],
  ['about', 'About you'],
  ['positions', 'Positions held'],
  ['contact', 'Contact details'],
  ['visibility', 'Who may see your profile'],
  ['photo-title', 'Photo'],
] as const;

function ProfileContents() {
  return (
    <nav class="contents" aria-label="Parts of your profile">
      <ul>
        {PROFILE_PARTS.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ContactField(p: { name: string; label: string; type?: 'email' | 'tel'; values: Record<string, string>; errors: FieldErrors; multiline?: boolean }) {
  const vis = `${p.name}_visibility`;
  return (
    <fieldset class="group">
      <legend>{p.label}</legend>
      {p.multiline ? (
        <TextArea name={p.name} label={p.label} value={p.values[p.name]} error={p.errors[p.name]} rows={3} maxLength={500} />
      ) : (
        <Field name={p.name} label={p.label} type={p.type} value={p.values[p.name]} error={p.errors[p.name]} maxLength={p.type === 'email' ? 254 : 40} />
      )}
      <RadioGroup name={vis} legend={PROFILE_LABELS[vis] ?? vis} options={visibilityOptions} value={p.values[vis] || 'members'} error={p.errors[vis]} />
    </fieldset>
  );
}

/** Text with its line breaks kept (no inline styles under our CSP). */
export function Lines(p: { text: string }) {
  const lines = p.text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}

const years = (start: number, end: number | null) => (end === null ? `${start} to now` : start === end ? String(start) : `${start} to ${end}`);

/** Whether others may open this page now: a listed person whose individual membership is active. */
const openToOthers = (p: ProfileView) => p.currentMember && p.listed;

/** Why only the person and membership staff see their own page now: their choice, or a membership not active yet. */
function hiddenReason(p: ProfileView): string {
  if (!p.listed) return 'Only you and the association’s membership staff can see this page: you chose not to be listed in Who’s Who.';
  return 'Only you and the association’s membership staff can see this page for now: it is listed in Who’s Who, as you chose, once your individual membership is active.';
}

/** Told to membership staff opening a page nobody else may open, so they do not send its link on. */
function hiddenFromOthers(p: ProfileView): string {
  const why = !p.listed ? 'this member chose not to be listed in Who’s Who' : 'this person has no active individual membership';
  return `Members and other staff cannot open this page: ${why}. You see it as membership staff.`;
}

function audienceNote(p: ProfileView): string {
  if (p.isSelf) {
    if (!p.listed) return 'You see everything on your profile; membership staff see everything too.';
    const once = openToOthers(p) ? '' : 'Once your membership is active, ';
    return p.profileVisibility === 'everyone'
      ? `You see everything on your profile. ${once ? `${once}anyone` : 'Anyone'}, including visitors who are not signed in, may open this page and see the contact details you show to everyone; members and other staff also see those you show to members; membership staff see everything.`
      : `You see everything on your profile. ${once ? `${once}only` : 'Only'} members and association staff may open this page: members and other staff see the contact details you show to everyone or to members; membership staff see everything.`;
  }
  if (p.audience === 'staff') return 'As membership staff, you see every contact detail.';
  if (p.audience === 'otherStaff') return 'You see the contact details this member shows to members. Those shown to membership staff only are not shown to your staff role.';
  if (p.audience === 'members') return 'You see the contact details this member shows to members.';
  return 'You see the contact details this member shows to everyone. Members who sign in may see more.';
}

export function PersonPage(p: { ctx: PageContext; person: ProfileView; credentialed?: boolean }) {
  const m = p.person;
  const own = m.ownChoices;
  const contact: Array<[string, string | null, Visibility | undefined]> = [
    ['Work email', m.workEmail, own?.workEmail],
    ['Phone', m.phone, own?.phone],
    ['Mailing address', m.mailingAddress, own?.mailingAddress],
  ];
  // The person's own page says beside each detail who sees it (their choice on /me).
  const shownContact = contact.flatMap(([label, value, seenBy]) =>
    value === null
      ? []
      : [
          [
            label,
            <>
              <Lines text={value} />
              {seenBy ? <span class="hint"> (who sees it: {VISIBILITY_LABELS[seenBy].charAt(0).toLowerCase() + VISIBILITY_LABELS[seenBy].slice(1)})</span> : null}
            </>,
          ] as const,
        ],
  );
  return (
    <Layout ctx={p.ctx} title={m.name}>
      {decide(access.memberOrStaff(), p.ctx.principal, false) === 'allow' ? <BackLink href="/directory">Who’s Who</BackLink> : null}
      <h1>{m.name}</h1>
      {p.credentialed ? <p class="status">Credentialed manager</p> : null}
      {m.isSelf && !openToOthers(m) ? <p class="flash">{hiddenReason(m)}</p> : null}
      {m.audience === 'staff' && !m.isSelf && !openToOthers(m) ? <p class="flash">{hiddenFromOthers(m)}</p> : null}
      {m.hasPhoto ? <img src={`/people/${m.userId}/photo`} alt={m.name} width={160} /> : null}
      <SummaryList
        rows={[
          ['Title', m.title || 'Not given'],
          [
            'Employer',
            <>
              {m.employerSlug ? <a href={`/network/${m.employerSlug}`}>{m.employerName}</a> : m.employerName || 'Not given'}
              {m.employerState ? `, ${stateName(m.employerState)}` : ''}
            </>,
          ],
          ['Areas of expertise', m.expertise.length ? m.expertise.join(', ') : 'Not given'],
          ['Education', m.education ? <Lines text={m.education} /> : null],
        ]}
      />
      {m.bio ? (
        <>
          <h2>About</h2>
          <p>
            <Lines text={m.bio} />
          </p>
        </>
      ) : null}
      <h2>Positions held</h2>
      {m.positions.length ? (
        <ul>
          {m.positions.map((pos) => (
            <li key={pos.id}>
              {pos.title}, {pos.employerName}
              {pos.state ? ` (${pos.state})` : ''}, {years(pos.startYear, pos.endYear)}
            </li>
          ))}
        </ul>
      ) : (
        <p>None listed.</p>
      )}
      <h2>Contact</h2>
      <p>{audienceNote(m)}</p>
      {shownContact.length ? <SummaryList rows={shownContact} /> : <p>No contact details to show.</p>}
      {m.isSelf ? (
        <p>
          <a href="/me">Edit your profile</a>
        </p>
      ) : null}
    </Layout>
  );
}

export const visibilityLabel = (v: Visibility) => VISIBILITY_LABELS[v];
