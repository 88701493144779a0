// Membership staff pages of advising: the advisors with their region and load, member
// organizations without an advisor (assign by hand), one advisor's profile, and one
// organization's assignment history with the form to reassign.
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { stateName, timeZoneLabel, timeZoneOptions, US_TIME_ZONE_IDS } from '../../lib/us-states.js';
import { BackLink, Checkbox, ErrorSummary, Field, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { AdvisedOrganization } from './advisor.js';
import { type FormatValues, MeetingFormatForm } from './format-views.js';
import type { AdvisorSummary } from './roster.js';
import type { AssignmentHistoryRow, CurrentAdvisor } from './service.js';

const day = formatZonedDay;
const advisorOptions = (advisors: AdvisorSummary[]) =>
  advisors.filter((a) => a.hasProfile && a.active).map((a) => ({ value: a.userId, label: `${a.name} (${a.states.join(', ') || 'no states'}; ${a.load} current)` }));

export function AdvisorsPage(p: { ctx: PageContext; advisors: AdvisorSummary[]; unassigned: Array<{ id: string; name: string; state: string }> }) {
  const options = advisorOptions(p.advisors);
  return (
    <Layout ctx={p.ctx} title="Advisors">
      <h1>Advisors</h1>
      <p class="lead">
        New members get the least-loaded active advisor whose region covers their state. Change an advisor’s region here; reassign an organization from its history page.
      </p>
      <SimpleTable
        caption="Advisors, by name"
        rows={p.advisors}
        rowKey={(a) => a.userId}
        empty="No staff member has the advisor role."
        columns={[
          { label: 'Advisor', cell: (a) => <a href={`/staff/advisors/${a.userId}`}>{a.name}</a> },
          { label: 'Region', cell: (a) => (a.hasProfile ? a.states.join(', ') || 'No states' : 'No profile yet') },
          { label: 'Time zone', cell: (a) => (a.hasProfile ? timeZoneLabel(a.timeZone) : '—') },
          { label: 'Status', cell: (a) => (!a.hasProfile ? 'Not set up' : a.active ? 'Active' : 'Inactive (gets no new organizations)') },
          { label: 'Current load', cell: (a) => a.load },
        ]}
      />
      <h2 id="unassigned">Member organizations without an advisor</h2>
      {p.unassigned.length === 0 ? (
        <p>Every member organization has an advisor.</p>
      ) : (
        <>
          <p>No active advisor covered these organizations’ states when they became members. Assign one by hand, or widen an advisor’s region.</p>
          <SimpleTable
            caption="Member organizations without an advisor"
            rows={p.unassigned}
            rowKey={(o) => o.id}
            empty="Every member organization has an advisor."
            columns={[
              { label: 'Organization', cell: (o) => <a href={`/staff/advisors/assignments/${o.id}`}>{o.name}</a> },
              { label: 'State', cell: (o) => stateName(o.state) },
              {
                label: 'Assign',
                cell: (o) => (
                  <PostForm action="/staff/advisors/assignments" csrf={p.ctx.csrf} class="inline-form" label={`Assign an advisor to ${o.name}`}>
                    <input type="hidden" name="organizationId" value={o.id} />
                    <label for={`advisor-${o.id}`} class="visually-hidden">
                      Advisor for {o.name}
                    </label>
                    <select id={`advisor-${o.id}`} name="advisor" required>
                      {options.map((opt) => (
                        <option key={opt.value} value={opt.value}>
                          {opt.label}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit">Assign</button>
                  </PostForm>
                ),
              },
            ]}
          />
        </>
      )}
    </Layout>
  );
}

export interface ProfileValues {
  states: string;
  timeZone: string;
  phone: string;
  meetingMinutes: string;
  active: boolean;
}

const PROFILE_LABELS = { states: 'Region (states)', timeZone: 'Time zone', phone: 'Phone', meetingMinutes: 'Meeting length in minutes', active: 'Active' };

export function AdvisorEditPage(p: {
  ctx: PageContext;
  advisor: AdvisorSummary;
  values: ProfileValues;
  organizations: AdvisedOrganization[];
  errors?: FieldErrors;
  format: { values: FormatValues; errors?: FieldErrors };
}) {
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Advisor ${p.advisor.name}`}>
      <BackLink href="/staff/advisors">Advisors</BackLink>
      <h1>{p.advisor.name}</h1>
      <p class="lead">
        {p.advisor.email} · {p.advisor.load} current {p.advisor.load === 1 ? 'organization' : 'organizations'}
      </p>
      <ErrorSummary errors={p.errors} labels={PROFILE_LABELS} />
      <PostForm action={`/staff/advisors/${p.advisor.userId}`} csrf={p.ctx.csrf} label="Advisor profile">
        <Field
          name="states"
          label={PROFILE_LABELS.states}
          value={p.values.states}
          error={e.states}
          required
          hint="Two-letter state codes, separated by commas or spaces, like IL, IN, WI."
        />
        <Select
          name="timeZone"
          label={PROFILE_LABELS.timeZone}
          required
          value={p.values.timeZone}
          error={e.timeZone}
          options={timeZoneOptions(US_TIME_ZONE_IDS, p.values.timeZone)}
        />
        <Field name="phone" label={PROFILE_LABELS.phone} type="tel" value={p.values.phone} error={e.phone} autocomplete="off" />
        <Field
          name="meetingMinutes"
          label={PROFILE_LABELS.meetingMinutes}
          type="number"
          inputMode="numeric"
          required
          value={p.values.meetingMinutes}
          error={e.meetingMinutes}
          hint="Between 15 and 240."
        />
        <Checkbox name="active" label="Active: gets new organizations and offers meeting times" checked={p.values.active} error={e.active} />
        <button type="submit">Save profile</button>
      </PostForm>
      <h2 id="meeting-format">How first meetings happen</h2>
      {p.advisor.hasProfile ? (
        <>
          <p>Members read this before they choose a time, and in their confirmation, emails and calendar invitation.</p>
          <MeetingFormatForm action={`/staff/advisors/${p.advisor.userId}/meeting-format`} csrf={p.ctx.csrf} values={p.format.values} errors={p.format.errors} whose="their" />
        </>
      ) : (
        <p>Save the profile first; then you can say how this advisor’s meetings happen.</p>
      )}
      <h2>Current organizations</h2>
      {p.organizations.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul>
          {p.organizations.map((o) => (
            <li key={o.id}>
              <a href={`/staff/advisors/assignments/${o.id}`}>{o.name}</a> ({o.state}), since {day(o.assignedAt, p.ctx.timeZone)}
              {o.hasMeeting ? '' : ', no first meeting booked'}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function AssignmentPage(p: {
  ctx: PageContext;
  organization: { id: string; name: string; state: string; timeZone: string };
  current: CurrentAdvisor | null;
  history: AssignmentHistoryRow[];
  advisors: AdvisorSummary[];
  values?: { advisor: string; reason: string };
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Advisor of ${p.organization.name}`}>
      <BackLink href="/staff/advisors">Advisors</BackLink>
      <h1>Advisor of {p.organization.name}</h1>
      <p class="lead">
        {stateName(p.organization.state)} · time zone {timeZoneLabel(p.organization.timeZone)} · current advisor: {p.current ? p.current.name : 'none'}
      </p>
      <h2>{p.current ? 'Reassign' : 'Assign an advisor'}</h2>
      <p>The organization’s contacts and the new advisor are emailed. The earlier assignment stays in the history below.</p>
      <ErrorSummary errors={p.errors} labels={{ advisor: 'Advisor', reason: 'Reason' }} />
      <PostForm action="/staff/advisors/assignments" csrf={p.ctx.csrf} label={p.current ? 'Reassign' : 'Assign an advisor'}>
        <input type="hidden" name="organizationId" value={p.organization.id} />
        <Select name="advisor" label="Advisor" required includeBlank="Choose an advisor" value={p.values?.advisor} error={e.advisor} options={advisorOptions(p.advisors)} />
        <TextArea name="reason" label="Reason" rows={2} maxLength={500} value={p.values?.reason} error={e.reason} hint="For the history, for example “advisor on leave”." />
        <button type="submit">{p.current ? 'Reassign' : 'Assign'}</button>
      </PostForm>
      <SimpleTable
        caption="Assignment history, newest first"
        rows={p.history}
        rowKey={(h) => h.id}
        empty="No advisor has been assigned yet."
        columns={[
          { label: 'Advisor', cell: (h) => h.advisorName },
          { label: 'From', cell: (h) => day(h.assignedAt, p.ctx.timeZone) },
          { label: 'Until', cell: (h) => (h.endedAt ? day(h.endedAt, p.ctx.timeZone) : 'Current') },
          { label: 'How', cell: (h) => (h.method === 'automatic' ? 'Automatically, on activation' : `By hand${h.assignedByName ? `, by ${h.assignedByName}` : ''}`) },
          { label: 'Reason', cell: (h) => h.reason || '—' },
        ]}
      />
    </Layout>
  );
}
