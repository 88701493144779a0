// What an organization's contacts see of advising: the advisor panel (the `advisor` section of
// the organization home, and the /org/meetings page), and the full slot picker. Times are shown
// in the organization's time zone.
import type { VNode } from 'preact';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, DangerLink, ErrorSummary, FieldError, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { HowYouMeet, MemberPhoneField } from './format-views.js';
import { type Arrangement, howItHappens } from './meeting-format.js';
import type { OrgMeeting } from './meetings.js';
import type { FirstPaymentAwaited } from './queries.js';
import type { CurrentAdvisor } from './service.js';
import { formatRange, groupByDay, type Slot } from './slots.js';

export interface PanelData {
  organizationId: string;
  organizationName: string;
  timeZone: string;
  advisor: CurrentAdvisor | null;
  /** how meetings with the advisor happen now (a booked meeting keeps its own) */
  arrangement: Arrangement;
  meeting: Pick<OrgMeeting, 'id' | 'start' | 'end' | 'arrangement'> | null;
  slots: Slot[];
  /** without an advisor: the state's name, whether an advisor covers it, whom to write to, and
   * the first invoice while the membership waits for it to be paid */
  waiting: { state: string; covered: boolean; contactEmail: string; payment: FirstPaymentAwaited | null } | null;
}

type Heading = 'h2' | 'h3';

const zoneNote = (zone: string) => `Times are in your organization’s time zone: ${timeZoneLabel(zone)}.`;

/** A select of open times grouped by day (optgroups); compact enough for the home page. */
function SlotSelect(p: { slots: Slot[]; zone: string; error?: string }) {
  const days = groupByDay(p.slots, p.zone);
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for="f-slot">Choose a time</label>
      <p class="hint" id="f-slot-hint">
        {zoneNote(p.zone)}
      </p>
      <FieldError id="f-slot-error" error={p.error} />
      <select id="f-slot" name="slot" required aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? 'f-slot-hint f-slot-error' : 'f-slot-hint'}>
        <option value="">Choose a time</option>
        {days.map((d) => (
          <optgroup key={d.date} label={d.label}>
            {d.slots.map((s) => (
              <option key={s.value} value={s.value}>
                {`${d.label}, ${s.label}`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** Before the membership begins: the advisor comes with the first invoice's payment. */
function WaitingForPayment(p: { payment: FirstPaymentAwaited; contact: VNode | null }) {
  const i = p.payment.invoice;
  return (
    <>
      <p>
        Your advisor is assigned when your membership begins, that is when its first invoice is paid.
        {i
          ? ` Invoice ${i.number} is waiting for payment${i.dueOn ? ` (due on ${formatDay(i.dueOn)})` : ''}.`
          : ' Membership staff send that invoice to your billing contact once your dues are agreed.'}{' '}
        Once it is paid, we email you your advisor’s name, and you choose a time for your first meeting here.{p.contact}
      </p>
      {i ? (
        <p>
          <a href={i.url}>Pay or view invoice {i.number}</a>
        </p>
      ) : null}
    </>
  );
}

export function AdvisorPanel(p: { data: PanelData; csrf: string; heading: Heading; errors?: FieldErrors; values?: { phone?: string } }) {
  const { data } = p;
  const H = p.heading;
  if (!data.advisor) {
    const w = data.waiting;
    const contact = w?.contactEmail ? (
      <>
        {' '}
        Until then, write to <a href={`mailto:${w.contactEmail}`}>{w.contactEmail}</a> with any question.
      </>
    ) : null;
    return (
      <div>
        {w?.payment ? (
          <WaitingForPayment payment={w.payment} contact={contact} />
        ) : w && !w.covered ? (
          <p>
            None of our advisors covers {w.state} yet. Our membership staff have been told and are finding an advisor for your organization; you will receive an email with their
            name and a link to book your first meeting.{contact}
          </p>
        ) : (
          <p>We are choosing your organization’s advisor. You will receive an email with their name and a link to book your first meeting.{contact}</p>
        )}
      </div>
    );
  }
  const a = data.advisor;
  const how = (arrangement: Arrangement, booked: boolean) => (
    <HowYouMeet segments={howItHappens(arrangement, { reader: 'member', advisor: a.name, organization: data.organizationName, booked })} />
  );
  return (
    <div>
      <SummaryList
        rows={[
          ['Advisor', a.name],
          ['Email', <a href={`mailto:${a.email}`}>{a.email}</a>],
          ['Phone', a.phone],
        ]}
      />
      <H>First meeting</H>
      {data.meeting ? (
        <>
          <SummaryList
            rows={[
              ['When', <strong>{formatRange(data.meeting.start, data.meeting.end, data.timeZone)}</strong>],
              ['How you meet', how(data.meeting.arrangement, true)],
            ]}
          />
          <p>You and {a.name} received a calendar invitation by email.</p>
          <ul class="actions">
            <li>
              <a href={`/org/meetings/${data.meeting.id}/reschedule`}>Move the meeting to another time</a>
            </li>
          </ul>
          <p>
            <DangerLink href={`/org/meetings/${data.meeting.id}/cancel`}>Cancel the meeting</DangerLink>
          </p>
        </>
      ) : data.slots.length === 0 ? (
        <p>
          {a.name} has no open times in the next three weeks. Please write to <a href={`mailto:${a.email}`}>{a.email}</a> to agree on a time.
        </p>
      ) : (
        <>
          <p>Pick a time in the next three weeks for your first meeting with {a.name}. Both of you receive a calendar invitation by email.</p>
          <p>
            <strong>How you meet:</strong> {how(data.arrangement, false)}
          </p>
          <PostForm action="/org/meetings" csrf={p.csrf} label="Book your first meeting">
            <input type="hidden" name="org" value={data.organizationId} />
            <SlotSelect slots={data.slots} zone={data.timeZone} error={p.errors?.slot} />
            {data.arrangement.format === 'advisor_calls' ? <MemberPhoneField advisor={a.name} value={p.values?.phone} error={p.errors?.phone} /> : null}
            <button type="submit">Book this time</button>
          </PostForm>
          <p>
            <a href={`/org/meetings/new?org=${data.organizationId}`}>See the open times as a list</a>
          </p>
        </>
      )}
    </div>
  );
}

/** /org/meetings: the advisor panel on a page of its own. */
export function AdvisorPage(p: {
  ctx: PageContext;
  data: PanelData;
  error?: string;
  status?: string /** the banner's heading ("Already done" for a repeat) */;
  statusTitle?: string;
}) {
  return (
    <Layout ctx={p.ctx} title="Your advisor">
      <BackLink href={`/org?org=${p.data.organizationId}`}>Back to {p.data.organizationName}</BackLink>
      <h1>Your advisor</h1>
      <p class="lead">{p.data.organizationName}</p>
      {p.status ? <ErrorSummary title={p.statusTitle} message={p.status} errors={p.error ? { slot: p.error } : undefined} /> : null}
      <AdvisorPanel data={p.data} csrf={p.ctx.csrf} heading="h2" errors={p.error ? { slot: p.error } : undefined} />
    </Layout>
  );
}
