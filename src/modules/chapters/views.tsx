// Public and members' pages of student chapters: the list (active chapters by state, searchable by
// university; dormant ones apart), a chapter's page (university, advisor, officers with terms,
// member count, events, joining), the request form, and a person's officer invitations. The list of
// members is shown only to the chapter's officers and membership staff.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { stateName, US_STATES } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ChapterDetail, ChapterEvent, ChapterListItem, MemberRow, MyInvitation, OfficerRow } from './queries.js';
import { ROLE_WORDS } from './shared.js';
import type { Refusal } from './standing.js';

export const STATE_OPTIONS = US_STATES.map(([code, name]) => ({ value: code, label: name }));

export function ChaptersPage(p: {
  ctx: PageContext;
  active: ChapterListItem[];
  dormant: ChapterListItem[];
  q: string;
  invitations: number;
  /** why the person cannot join one (a visitor: what it takes), or null for a student member */
  joinNote: Refusal | null;
  /** membership staff's address (the association's contact email), for restarting a dormant chapter */
  contactEmail: string;
}) {
  const states = [...new Set(p.active.map((c) => c.state))];
  return (
    <Layout ctx={p.ctx} title="Student chapters">
      <h1>Student chapters</h1>
      <p class="lead">
        Student chapters are member-driven groups at universities, run by their student officers with a faculty advisor. Student members join the chapter of their university.
      </p>
      {p.joinNote ? <RefusalText refusal={p.joinNote} /> : null}
      {p.invitations > 0 ? (
        <p>
          <strong>
            <a href="/chapters/invitations">You have {p.invitations === 1 ? 'an officer invitation' : `${p.invitations} officer invitations`} to answer.</a>
          </strong>
        </p>
      ) : null}
      <form method="get" action="/chapters" aria-label="Search chapters">
        <div class="field">
          <label for="chapter-q">University or chapter name</label>
          <input id="chapter-q" name="q" type="search" value={p.q} maxLength={100} />
        </div>
        <button type="submit">Search</button>
      </form>
      {p.active.length === 0 ? (
        <p>{p.q ? `No active chapter matches “${p.q}”.` : 'There are no active chapters yet.'}</p>
      ) : (
        states.map((state) => (
          <section key={state} aria-labelledby={`state-${state}`}>
            <h2 id={`state-${state}`}>{stateName(state)}</h2>
            <ul>
              {p.active
                .filter((c) => c.state === state)
                .map((c) => (
                  <li key={c.id}>
                    <a href={`/chapters/${c.slug}`}>{c.name}</a>, {c.university} ({c.city}) — {c.members === 1 ? '1 member' : `${c.members} members`}
                  </li>
                ))}
            </ul>
          </section>
        ))
      )}
      {p.dormant.length > 0 ? (
        <section aria-labelledby="dormant">
          <h2 id="dormant">Dormant chapters</h2>
          <p>
            These chapters have not reported for a year or have no officers. They take no new members until membership staff reactivate them: their officers ask from the chapter’s
            page. <RestartNote contactEmail={p.contactEmail} />
          </p>
          <ul>
            {p.dormant.map((c) => (
              <li key={c.id}>
                <a href={`/chapters/${c.slug}`}>{c.name}</a>, {c.university} ({stateName(c.state)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Start a chapter</h2>
      <p>
        A student member or a faculty member can ask to form a chapter at their university. <a href="/chapters/new">Request a new chapter</a>
        {p.ctx.principal ? '' : ' (you will be asked to sign in)'}.
      </p>
    </Layout>
  );
}

export type JoinState = { kind: 'visitor' } | { kind: 'member' } | { kind: 'can_join' } | { kind: 'cannot'; reason: Refusal } | { kind: 'other_chapter' } | { kind: 'dormant' };

export function ChapterPage(p: {
  ctx: PageContext;
  chapter: ChapterDetail;
  officers: OfficerRow[];
  memberCount: number;
  events: ChapterEvent[];
  join: JoinState;
  isOfficer: boolean;
  /** shown to its officers and membership staff only */
  members: MemberRow[] | null;
  message?: string;
  today: string;
  /** membership staff's address (the association's contact email), for restarting a dormant chapter */
  contactEmail: string;
}) {
  const c = p.chapter;
  const slug = c.slug ?? '';
  const upcoming = p.events.filter((e) => e.happensOn >= p.today).reverse();
  const past = p.events.filter((e) => e.happensOn < p.today);
  return (
    <Layout ctx={p.ctx} title={c.name}>
      <BackLink href="/chapters">Student chapters</BackLink>
      <h1>{c.name}</h1>
      <ErrorSummary message={p.message} title={p.message ? 'We could not do that' : undefined} />
      {c.status === 'dormant' ? (
        <p class="notice">
          <strong>This chapter is dormant</strong>
          {c.dormantSince ? ` since ${formatDay(c.dormantSince)}` : ''}: {c.dormantReason || 'it is not active at the moment.'}{' '}
          {p.isOfficer ? (
            <>
              As an officer, you can ask membership staff to reactivate it from <a href={`/chapters/${slug}/manage`}>Manage this chapter</a>.
            </>
          ) : (
            <>
              {p.officers.length ? 'Its officers can ask membership staff to reactivate it. ' : 'It has no officers at the moment. '}
              <RestartNote contactEmail={p.contactEmail} it />
            </>
          )}
        </p>
      ) : null}
      <SummaryList
        rows={[
          ['University', `${c.university}, ${c.city}, ${stateName(c.state)}`],
          ['Faculty advisor', `${c.advisorName}, ${c.advisorDepartment}`],
          ['Members', p.memberCount === 1 ? '1 student member' : `${p.memberCount} student members`],
          ['Chapter since', formatDay(c.approvedOn)],
        ]}
      />
      <p class="pre-line">{c.purpose}</p>
      {p.isOfficer ? (
        <p>
          <a href={`/chapters/${slug}/manage`}>Manage this chapter</a> (officers, events, members and the yearly report)
        </p>
      ) : null}
      <SimpleTable
        caption="Officers"
        rows={p.officers}
        rowKey={(o) => o.id}
        empty="The chapter has no officers at the moment."
        columns={[
          { label: 'Role', cell: (o) => ROLE_WORDS[o.role] },
          { label: 'Name', cell: (o) => o.name },
          { label: 'Term', cell: (o) => `${formatDay(o.termStart)} to ${formatDay(o.termEnd)}` },
        ]}
      />
      <h2>Join this chapter</h2>
      <JoinPart ctx={p.ctx} slug={slug} join={p.join} name={c.name} contactEmail={p.contactEmail} />
      <h2>Events</h2>
      {upcoming.length === 0 ? <p>No upcoming events are listed.</p> : <EventList events={upcoming} />}
      {past.length > 0 ? (
        <>
          <h3>Past events</h3>
          <EventList events={past} />
        </>
      ) : null}
      {p.members ? (
        <SimpleTable
          caption="Members (seen by the chapter’s officers and membership staff only)"
          rows={p.members}
          rowKey={(m) => m.userId}
          empty="Nobody has joined yet."
          columns={[
            { label: 'Name', cell: (m) => m.name },
            { label: 'Joined', cell: (m) => formatZonedDay(m.joinedAt, p.ctx.timeZone) },
          ]}
        />
      ) : null}
    </Layout>
  );
}

function EventList(p: { events: ChapterEvent[] }) {
  return (
    <ul>
      {p.events.map((e) => (
        <li key={e.id}>
          <strong>{e.title}</strong>, {formatDay(e.happensOn)}
          {e.place ? `, ${e.place}` : ''}
          {e.description ? <p class="pre-line">{e.description}</p> : null}
        </li>
      ))}
    </ul>
  );
}

/** Who to write to about restarting a dormant chapter (`it`: this one) when one is not its officer. */
function RestartNote(p: { contactEmail: string; it?: boolean }) {
  const what = p.it ? 'restart it' : 'restart one';
  return p.contactEmail ? (
    <>
      Students who want to {what} write to membership staff at <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>.
    </>
  ) : (
    <>Students who want to {what} write to membership staff.</>
  );
}

function JoinPart(p: { ctx: PageContext; slug: string; join: JoinState; name: string; contactEmail: string }) {
  switch (p.join.kind) {
    case 'visitor':
      return (
        <p>
          Student members can join. <a href={`/login?next=${encodeURIComponent(`/chapters/${p.slug}`)}`}>Sign in to join this chapter</a>, or{' '}
          <a href="/join/individual">join as a student member</a> first.
        </p>
      );
    case 'member':
      return (
        <>
          <p>You are a member of this chapter.</p>
          <PostForm action={`/chapters/${p.slug}/leave`} csrf={p.ctx.csrf} label={`Leave ${p.name}`}>
            <button type="submit" class="button-secondary">
              Leave this chapter
            </button>
          </PostForm>
        </>
      );
    case 'can_join':
      return (
        <PostForm action={`/chapters/${p.slug}/join`} csrf={p.ctx.csrf} label={`Join ${p.name}`}>
          <p>As a student member you can join this chapter. Its officers will see your name.</p>
          <button type="submit">Join this chapter</button>
        </PostForm>
      );
    case 'other_chapter':
      return <p>You are a member of another chapter: a student belongs to one chapter. Leave it first to join this one.</p>;
    case 'dormant':
      return <p>This chapter is dormant and takes no new members until membership staff reactivate it.</p>;
    case 'cannot':
      return <RefusalText refusal={p.join.reason} />;
  }
}

/** Why the person cannot, and the link that takes them further when there is one. */
function RefusalText(p: { refusal: Refusal; class?: string }) {
  return (
    <p class={p.class}>
      {p.refusal.message}
      {p.refusal.next ? (
        <>
          {' '}
          <a href={p.refusal.next.href}>{p.refusal.next.label}</a>
        </>
      ) : null}
    </p>
  );
}

export const REQUEST_LABELS: Record<string, string> = {
  university: 'University',
  city: 'City',
  state: 'State',
  name: 'Proposed chapter name',
  advisorName: 'Faculty advisor’s name',
  advisorEmail: 'Faculty advisor’s email',
  advisorDepartment: 'Faculty advisor’s department',
  president_name: 'President’s name',
  president_email: 'President’s account email',
  vice_president_name: 'Vice president’s name',
  vice_president_email: 'Vice president’s account email',
  secretary_name: 'Secretary’s name',
  secretary_email: 'Secretary’s account email',
  treasurer_name: 'Treasurer’s name',
  treasurer_email: 'Treasurer’s account email',
  purpose: 'Purpose',
};

export function RequestPage(p: { ctx: PageContext; refusal: Refusal | null; values?: Record<string, string>; errors?: FieldErrors; message?: string }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const f = (name: string, extra: { type?: 'email'; required?: boolean; hint?: string; max?: number } = {}) => (
    <Field
      name={name}
      label={REQUEST_LABELS[name] ?? name}
      type={extra.type}
      value={v[name]}
      error={e[name]}
      required={extra.required}
      hint={extra.hint}
      maxLength={extra.max ?? 150}
      autocomplete="off"
    />
  );
  return (
    <Layout ctx={p.ctx} title="Request a new chapter">
      <BackLink href="/chapters">Student chapters</BackLink>
      <h1>Request a new chapter</h1>
      {p.refusal ? (
        <RefusalText class="notice" refusal={p.refusal} />
      ) : (
        <>
          <ErrorSummary errors={p.errors} labels={REQUEST_LABELS} message={p.message} />
          <p class="lead">
            Tell us about the university, the faculty advisor and the founding officers. Each officer must be a student member with an account: we email them, and they are linked
            to their role only once they accept. Membership staff review the request once the president has accepted, and email you their decision.
          </p>
          <PostForm action="/chapters/new" csrf={p.ctx.csrf} label="Chapter request">
            <fieldset>
              <legend>University</legend>
              {f('university', { required: true, max: 200 })}
              {f('city', { required: true, max: 100 })}
              <Select name="state" label="State" required includeBlank="Choose a state" value={v.state} error={e.state} options={STATE_OPTIONS} />
              {f('name', { required: true, hint: 'For example: Student Chapter of the Association at State University.' })}
            </fieldset>
            <fieldset>
              <legend>Faculty advisor</legend>
              {f('advisorName', { required: true })}
              {f('advisorEmail', { type: 'email', required: true, max: 254 })}
              {f('advisorDepartment', { required: true })}
            </fieldset>
            <fieldset>
              <legend>Founding officers</legend>
              <p>The president is required; the other roles can be filled later by the chapter’s officers.</p>
              {f('president_name', { required: true })}
              {f('president_email', { type: 'email', required: true, max: 254, hint: 'The email the student signs in with. It may be yours.' })}
              {(['vice_president', 'secretary', 'treasurer'] as const).map((r) => (
                <div key={r}>
                  {f(`${r}_name`)}
                  {f(`${r}_email`, { type: 'email', max: 254 })}
                </div>
              ))}
            </fieldset>
            <TextArea
              name="purpose"
              label={REQUEST_LABELS.purpose ?? 'Purpose'}
              required
              rows={5}
              maxLength={5000}
              value={v.purpose}
              error={e.purpose}
              hint="What the chapter will do and for whom."
            />
            <button type="submit">Send the request</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

export function InvitationsPage(p: { ctx: PageContext; invitations: MyInvitation[]; message?: string }) {
  return (
    <Layout ctx={p.ctx} title="Chapter officer invitations">
      <BackLink href="/chapters">Student chapters</BackLink>
      <h1>Chapter officer invitations</h1>
      <ErrorSummary message={p.message} title={p.message ? 'We could not record your answer' : undefined} />
      <p class="lead">Roles in student chapters offered to you. You hold a role only once you accept it.</p>
      <SimpleTable
        caption="Waiting for your answer"
        rows={p.invitations}
        rowKey={(i) => i.id}
        empty="No invitation is waiting for your answer."
        columns={[
          { label: 'Chapter', cell: (i) => (i.slug ? <a href={`/chapters/${i.slug}`}>{i.chapter}</a> : `${i.chapter} (requested, not yet approved)`) },
          { label: 'University', cell: (i) => i.university },
          { label: 'Role', cell: (i) => ROLE_WORDS[i.role] },
          { label: 'Term', cell: (i) => (i.founding && !i.slug ? `From approval to ${formatDay(i.termEnd)}` : `${formatDay(i.termStart)} to ${formatDay(i.termEnd)}`) },
          {
            label: 'Answer',
            cell: (i) => (
              <>
                <PostForm action={`/chapters/officers/${i.id}/accept`} csrf={p.ctx.csrf} class="inline-form" label={`Accept ${ROLE_WORDS[i.role]} of ${i.chapter}`}>
                  <button type="submit">Accept</button>
                </PostForm>{' '}
                <PostForm action={`/chapters/officers/${i.id}/decline`} csrf={p.ctx.csrf} class="inline-form" label={`Decline ${ROLE_WORDS[i.role]} of ${i.chapter}`}>
                  <button type="submit" class="button-secondary">
                    Decline
                  </button>
                </PostForm>
              </>
            ),
          },
        ]}
      />
    </Layout>
  );
}
