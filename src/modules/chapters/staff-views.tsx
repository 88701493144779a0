// Membership staff pages of student chapters: requests to review, active and dormant chapters,
// reports waiting; a chapter's record (request, officers, members, reports) with its decisions
// (and, for a chapter left with no current officers, inviting one); and the yearly report's settings.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { stateName } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { OFFICER_STATUS } from './manage-views.js';
import type { ChapterDetail, MemberRow, OfficerRow, ReportRow, StaffChapterRow } from './queries.js';
import { reportStatus } from './report-views.js';
import { type ChapterSettings, ROLE_WORDS, yearLabel } from './shared.js';

const STATUS_WORDS: Record<StaffChapterRow['status'], string> = { requested: 'Requested', declined: 'Declined', active: 'Active', dormant: 'Dormant' };
const OFFICER_LABELS = { role: 'Role', email: 'Student member’s account email', termStart: 'Term starts', termEnd: 'Term ends' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The day each list shows: what happened last to the chapters in it. */
type DayColumn = { label: string; cell: (c: StaffChapterRow) => string };

export function StaffChaptersPage(p: { ctx: PageContext; chapters: StaffChapterRow[]; settings: ChapterSettings; form?: { values: Record<string, string>; errors: FieldErrors } }) {
  const zoned = (d: Date | null) => (d ? formatZonedDay(d, p.ctx.timeZone) : '—');
  const requested: DayColumn = { label: 'Requested', cell: (c) => zoned(c.requestedAt) };
  const approved: DayColumn = { label: 'Approved', cell: (c) => (c.approvedOn ? formatDay(c.approvedOn) : '—') };
  const table = (caption: string, rows: StaffChapterRow[], empty: string, day: DayColumn) => (
    <SimpleTable
      caption={caption}
      rows={rows}
      rowKey={(c) => c.id}
      empty={empty}
      columns={[
        { label: 'Chapter', cell: (c) => <a href={`/staff/chapters/${c.id}`}>{c.name}</a> },
        { label: 'University', cell: (c) => `${c.university} (${stateName(c.state)})` },
        {
          label: 'Status',
          cell: (c) => {
            const notes = [
              c.reactivationAskedAt ? `reactivation asked ${formatZonedDay(c.reactivationAskedAt, p.ctx.timeZone)}` : '',
              c.noOfficers ? 'no current officers (invite one from its page)' : '',
            ].filter(Boolean);
            return notes.length ? `${STATUS_WORDS[c.status]}: ${notes.join('; ')}` : STATUS_WORDS[c.status];
          },
        },
        { label: day.label, cell: day.cell },
        { label: 'Members', cell: (c) => String(c.members) },
        { label: 'Reports to accept', cell: (c) => (c.reportsWaiting ? String(c.reportsWaiting) : '—') },
      ]}
    />
  );
  const v = p.form?.values ?? {
    dueMonth: String(p.settings.dueMonth),
    dueDay: String(p.settings.dueDay),
    reminderDays: String(p.settings.reminderDays),
    graceDays: String(p.settings.graceDays),
  };
  const e = p.form?.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Student chapters">
      <h1>Student chapters</h1>
      <ErrorSummary errors={p.form?.errors} />
      <p class="lead">Requests to form a chapter, the chapters and their yearly reports. Membership staff approve or decline requests and accept reports.</p>
      {table(
        'Requests to review',
        p.chapters.filter((c) => c.status === 'requested'),
        'No request is waiting.',
        requested,
      )}
      {table(
        'Reports waiting to be accepted',
        p.chapters.filter((c) => c.reportsWaiting > 0),
        'No report is waiting.',
        approved,
      )}
      {table(
        'Active chapters',
        p.chapters.filter((c) => c.status === 'active'),
        'No active chapter.',
        approved,
      )}
      {table(
        'Dormant chapters',
        p.chapters.filter((c) => c.status === 'dormant'),
        'No dormant chapter.',
        { label: 'Dormant since', cell: (c) => (c.dormantSince ? formatDay(c.dormantSince) : '—') },
      )}
      {table(
        'Declined requests',
        p.chapters.filter((c) => c.status === 'declined'),
        'No declined request.',
        { label: 'Declined', cell: (c) => zoned(c.decidedAt) },
      )}
      <h2 id="settings">The yearly report</h2>
      <PostForm action="/staff/chapters/settings" csrf={p.ctx.csrf} label="Yearly report settings">
        <p>
          Chapters report once per academic year. Officers are reminded before the due day and once after it; a chapter whose report is still missing after the grace period (or
          that has had no officers for that long) becomes dormant.
        </p>
        <Select name="dueMonth" label="Due month" required value={v.dueMonth} error={e.dueMonth} options={MONTHS.map((m, i) => ({ value: String(i + 1), label: m }))} />
        <Field name="dueDay" label="Due day of the month" required inputMode="numeric" value={v.dueDay} error={e.dueDay} />
        <Field name="reminderDays" label="Remind officers this many days before" required inputMode="numeric" value={v.reminderDays} error={e.reminderDays} />
        <Field name="graceDays" label="Grace period before dormancy (days)" required inputMode="numeric" value={v.graceDays} error={e.graceDays} />
        <button type="submit">Save</button>
      </PostForm>
    </Layout>
  );
}

/** A founding officer's term is set at the approval: before it there is none to show. */
function termOf(c: ChapterDetail, o: OfficerRow): string {
  if (o.founding && c.status === 'requested') return 'Term starts when the chapter is approved';
  if (o.founding && c.status === 'declined') return 'None: the request was declined';
  return `${formatDay(o.termStart)} to ${formatDay(o.termEnd)}`;
}

export function StaffChapterPage(p: {
  ctx: PageContext;
  chapter: ChapterDetail;
  officers: OfficerRow[];
  members: MemberRow[];
  reports: ReportRow[];
  today: string;
  /** the term a new officer is offered unless staff change it */
  term: { start: string; end: string };
  /** a refused form; `reportId` when it was a report's */
  form?: { values: Record<string, string>; errors: FieldErrors; message?: string; reportId?: string };
}) {
  const c = p.chapter;
  const president = p.officers.find((o) => o.role === 'president' && (o.status === 'accepted' || o.status === 'invited'));
  const today = p.today;
  const approved = c.status === 'active' || c.status === 'dormant';
  const leaderless = approved && !p.officers.some((o) => o.status === 'accepted' && o.termStart <= today && o.termEnd >= today);
  const waiting = p.officers.filter((o) => o.status === 'invited');
  // founding officers (other than the president, whose refusal has its own notice) who declined
  const declinedFounders = c.status === 'requested' && president ? p.officers.filter((o) => o.founding && o.status === 'declined' && o.role !== 'president') : [];
  const v = p.form && !p.form.reportId ? p.form.values : {};
  const e = p.form && !p.form.reportId ? p.form.errors : {};
  return (
    <Layout ctx={p.ctx} title={`${c.name} — chapter`}>
      <BackLink href="/staff/chapters">Student chapters</BackLink>
      <h1>{c.name}</h1>
      <ErrorSummary errors={p.form?.errors} labels={{ reason: 'Reason', note: 'What the officers should change', ...OFFICER_LABELS }} message={p.form?.message} />
      <SummaryList
        rows={[
          ['Status', STATUS_WORDS[c.status]],
          ['Public page', c.slug ? <a href={`/chapters/${c.slug}`}>/chapters/{c.slug}</a> : null],
          ['University', `${c.university}, ${c.city}, ${stateName(c.state)}`],
          ['Faculty advisor', `${c.advisorName}, ${c.advisorDepartment} (${c.advisorEmail})`],
          ['Requested by', `${c.requestedBy}, ${formatZonedDay(c.requestedAt, p.ctx.timeZone)}`],
          ['Purpose', <span class="pre-line">{c.purpose}</span>],
          ['Approved', c.approvedOn ? formatDay(c.approvedOn) : null],
          ['Declined because', c.declineReason || null],
          ['Dormant', c.dormantSince ? `Since ${formatDay(c.dormantSince)}: ${c.dormantReason}` : null],
          ['Reactivation asked', c.reactivationAskedAt ? `${formatZonedDay(c.reactivationAskedAt, p.ctx.timeZone)} by ${c.reactivationAskedBy ?? 'a former officer'}` : null],
        ]}
      />
      {c.status === 'requested' ? (
        <>
          <h2>Decision</h2>
          <h3>Approve</h3>
          {declinedFounders.length ? (
            <p class="notice" id="declined-officers">
              {declinedFounders.length === 1 ? 'Declined by a founding officer: ' : 'Declined by founding officers: '}
              {declinedFounders.map((o) => `${o.name} (${ROLE_WORDS[o.role]})`).join(', ')}. Approving makes the chapter active without them; its officers can then invite{' '}
              {declinedFounders.length === 1 ? 'another student member to the role.' : 'other student members to the roles.'}
            </p>
          ) : null}
          {president?.status === 'accepted' ? (
            <PostForm action={`/staff/chapters/${c.id}/approve`} csrf={p.ctx.csrf} label="Approve">
              <p>The founding president, {president.name}, has accepted. Approving makes the chapter active with its public page, and emails the requester.</p>
              <button type="submit">Approve the chapter</button>
            </PostForm>
          ) : (
            <p class="notice">
              {president
                ? `The founding president, ${president.name}, has not accepted the role yet. The chapter can be approved once they do; they were emailed the invitation.`
                : 'The founding president declined the role, so the chapter cannot be approved as it is. Decline the request with the reason: the requester can send a new one with another president.'}
            </p>
          )}
          <h3>Decline</h3>
          <PostForm action={`/staff/chapters/${c.id}/decline`} csrf={p.ctx.csrf} label="Decline">
            <TextArea
              name="reason"
              label="Reason"
              required
              rows={3}
              maxLength={2000}
              value={p.form?.values.reason}
              error={p.form?.errors.reason}
              hint="Emailed to the requester."
            />
            <button type="submit" class="button-secondary">
              Decline the request
            </button>
          </PostForm>
        </>
      ) : null}
      {c.status === 'dormant' ? (
        <PostForm action={`/staff/chapters/${c.id}/reactivate`} csrf={p.ctx.csrf} label="Reactivate">
          <h2>Reactivate</h2>
          <p>
            Reactivating lists the chapter again; the report and officer periods start again from today.{' '}
            {leaderless
              ? 'It has no current officers, so its last officers (and whoever asked) are emailed that it is active again and that it needs officers: invite one below, before or after.'
              : 'Its officers are emailed that it is active again and what to do next.'}{' '}
            Replies to that email reach you.
          </p>
          <button type="submit">Reactivate the chapter</button>
        </PostForm>
      ) : null}
      <h2 id="officers">Officers</h2>
      <SimpleTable
        caption="Officers and invitations"
        rows={p.officers}
        rowKey={(o) => o.id}
        empty="No officers."
        columns={[
          { label: 'Role', cell: (o) => ROLE_WORDS[o.role] },
          { label: 'Name', cell: (o) => `${o.name} (${o.email})` },
          { label: 'Term', cell: (o) => termOf(c, o) },
          { label: 'Status', cell: (o) => (o.status === 'accepted' && o.termEnd < today ? 'Term ended' : OFFICER_STATUS[o.status]) },
        ]}
      />
      {leaderless ? (
        <PostForm action={`/staff/chapters/${c.id}/officers`} csrf={p.ctx.csrf} label="Invite an officer">
          <h3>Invite an officer</h3>
          <p>
            The chapter has no current officers, so nobody in it can invite one. Name a student member: they are emailed that you invite them and why (replies reach you), and hold
            the role only once they accept.
            {waiting.length ? ` ${waiting.length === 1 ? 'One invitation is' : `${waiting.length} invitations are`} waiting for an answer (above).` : ''}
            {c.status === 'dormant' ? ' Once they accept, they can ask you to reactivate the chapter, or you can reactivate it now.' : ''}
          </p>
          <Select
            name="role"
            label={OFFICER_LABELS.role}
            required
            value={v.role ?? 'president'}
            error={e.role}
            options={Object.entries(ROLE_WORDS).map(([value, label]) => ({ value, label }))}
          />
          <Field
            name="email"
            label={OFFICER_LABELS.email}
            type="email"
            required
            value={v.email}
            error={e.email}
            maxLength={254}
            autocomplete="off"
            hint="The email the student signs in with: their account needs an active Student membership."
          />
          <Field name="termStart" label={OFFICER_LABELS.termStart} type="date" required value={v.termStart ?? p.term.start} error={e.termStart} />
          <Field name="termEnd" label={OFFICER_LABELS.termEnd} type="date" required value={v.termEnd ?? p.term.end} error={e.termEnd} />
          <button type="submit">Send the invitation</button>
        </PostForm>
      ) : null}
      <h2 id="reports">Yearly reports</h2>
      {p.reports.length === 0 ? <p>No report has been filed.</p> : null}
      {p.reports.map((r) => (
        <section key={r.id} aria-labelledby={`report-${r.id}`}>
          <h3 id={`report-${r.id}`}>Report for {yearLabel(r.year)}</h3>
          <SummaryList
            rows={[
              ['Filed', `${formatZonedDay(r.submittedAt, p.ctx.timeZone)} by ${r.submittedBy ?? 'a former officer'}`],
              ['Membership count', String(r.memberCount)],
              ['Activities', <span class="pre-line">{r.activities}</span>],
              ['Events held', r.eventsHeld ? <span class="pre-line">{r.eventsHeld}</span> : '—'],
              ['Status', reportStatus(r, p.ctx.timeZone, 'Waiting to be accepted')],
              ['What to change', r.returnedAt ? <span class="pre-line">{r.returnNote}</span> : null],
            ]}
          />
          {r.acceptedAt || r.returnedAt ? null : (
            <>
              <PostForm action={`/staff/chapters/${c.id}/reports/${r.id}/accept`} csrf={p.ctx.csrf} label={`Accept the report for ${yearLabel(r.year)}`}>
                <p>Accepting emails the chapter’s officers that the report is accepted.</p>
                <button type="submit">Accept the report</button>
              </PostForm>
              <PostForm action={`/staff/chapters/${c.id}/reports/${r.id}/return`} csrf={p.ctx.csrf} label={`Send the report for ${yearLabel(r.year)} back`}>
                <TextArea
                  idScope={p.form?.reportId === r.id ? undefined : r.id}
                  name="note"
                  label="What the officers should change"
                  required
                  rows={3}
                  maxLength={2000}
                  value={p.form?.reportId === r.id ? p.form.values.note : undefined}
                  error={p.form?.reportId === r.id ? p.form.errors.note : undefined}
                  hint="Emailed to the chapter’s officers, who change the report and file it again."
                />
                <button type="submit" class="button-secondary">
                  Send it back to the officers
                </button>
              </PostForm>
            </>
          )}
        </section>
      ))}
      <SimpleTable
        caption={`Members (${p.members.length})`}
        rows={p.members}
        rowKey={(m) => m.userId}
        empty="Nobody has joined."
        columns={[
          { label: 'Name', cell: (m) => m.name },
          { label: 'Email', cell: (m) => m.email },
          { label: 'Joined', cell: (m) => formatZonedDay(m.joinedAt, p.ctx.timeZone) },
        ]}
      />
    </Layout>
  );
}
