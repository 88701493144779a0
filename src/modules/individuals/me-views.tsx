// Pages of the member's own membership: /me/membership (level, status, term, invoices, their
// dues inputs with the salary — only they and finance staff see it — installments for a renewal,
// waivers) and /me/transition (a confidential Members in Transition request and its outcome).
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { ErrorSummary, Field, PostForm, RadioGroup, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { addDays } from '../billing/index.js';
import { formatDay } from './format.js';
import { DuesInputs, InstalmentTable, InvoiceTable, MEMBERSHIP_STATUS, usesDuesInputs } from './parts.js';
import { PROOF_FIELD, type ProofRow } from './proofs.js';
import type { InvoiceRow, MembershipView } from './queries.js';
import { MAX_WAIVER_MONTHS, type myTransitionRequests, type myWaivers, type TransitionStanding } from './transition.js';
import { VerificationPanel } from './verification-views.js';

type Waiver = Awaited<ReturnType<typeof myWaivers>>[number];

export function MyMembershipPage(p: {
  ctx: PageContext;
  m: MembershipView | null;
  invoices: InvoiceRow[];
  installments: Map<string, Array<{ position: number; dueOn: string; amountCents: number }>>;
  waivers: Waiver[];
  proofs: ProofRow[];
  errors?: FieldErrors;
  /** the last day of a Members in Transition waiver that runs today, if one does */
  waivedUntil?: string | null;
  /** how many days before a term ends its renewal invoice is issued (billing's settings) */
  renewalLeadDays?: number;
}) {
  const { m } = p;
  const awaiting = m?.status === 'pending' && m.verification === 'awaiting';
  // the first invoice waiting to be paid: said first, with the way to pay it
  const toPay = m?.status === 'pending' ? p.invoices.find((i) => i.purpose === 'membership' && (i.status === 'issued' || i.status === 'partially_paid')) : undefined;
  const splittable = m?.instalmentsAllowed ? p.invoices.find((i) => i.purpose === 'renewal' && i.status === 'issued' && i.paidCents === 0 && !p.installments.has(i.id)) : undefined;
  return (
    <Layout ctx={p.ctx} title="My membership">
      <h1>My membership</h1>
      {p.errors?.[PROOF_FIELD] && !awaiting ? <ErrorSummary message={p.errors[PROOF_FIELD]} /> : null}
      {!m ? (
        <p>
          You do not have an individual membership yet. <a href="/join/individual">Join as a professional</a>.
        </p>
      ) : (
        <>
          <SummaryList
            rows={[
              ['Level', m.level],
              [
                'Status',
                awaiting ? 'Pending: waiting for our eligibility check' : m.verification === 'declined' ? 'Ended: eligibility not confirmed' : MEMBERSHIP_STATUS[m.status],
              ],
              [
                'Term',
                m.termStart
                  ? `${formatDay(m.termStart)} to ${formatDay(m.termEnd)}`
                  : awaiting
                    ? 'Starts when your eligibility is confirmed and your first invoice is paid'
                    : 'Starts when your first invoice is paid',
              ],
            ]}
          />
          {toPay ? (
            <p>
              Your first invoice, {toPay.number ?? ''}, asks for {formatCents(toPay.totalCents - toPay.paidCents - toPay.creditedCents)}
              {toPay.dueOn ? ` by ${formatDay(toPay.dueOn)}` : ''}. <a href={`/invoices/${toPay.publicToken}`}>Open invoice {toPay.number ?? ''} to pay it</a>.
            </p>
          ) : null}
          <VerificationPanel ctx={p.ctx} m={m} proofs={p.proofs} error={p.errors?.[PROOF_FIELD]} />
          <h2>{usesDuesInputs(m) ? 'Your dues inputs' : 'Your dues'}</h2>
          {usesDuesInputs(m) ? <p>Private: only you and our finance staff see these.</p> : null}
          <DuesInputs m={m} usedOnly />
          <h2>Invoices</h2>
          {m.levelRule === 'free' ? <p>The {m.level} level has no dues, so there is nothing to pay.</p> : null}
          {m.levelRule === 'free' && p.invoices.length === 0 ? null : (
            <InvoiceTable invoices={p.invoices} link={(i) => `/invoices/${i.publicToken}`} caption="Your membership invoices" />
          )}
          {[...p.installments].map(([invoiceId, rows]) => {
            const inv = p.invoices.find((i) => i.id === invoiceId);
            return inv ? <InstalmentTable key={invoiceId} rows={rows} caption={`Installments of invoice ${inv.number ?? ''}`} /> : null;
          })}
          {splittable ? (
            <>
              <h2>Pay your renewal in installments</h2>
              <ErrorSummary errors={p.errors} labels={{ count: 'Number of installments' }} />
              <PostForm action="/me/membership/installments" csrf={p.ctx.csrf} label="Pay in installments">
                <input type="hidden" name="invoice" value={splittable.id} />
                <RadioGroup
                  name="count"
                  legend={`Split invoice ${splittable.number ?? ''} (${formatCents(splittable.totalCents)}) into monthly installments`}
                  options={[
                    { value: '2', label: '2 installments' },
                    { value: '3', label: '3 installments' },
                    { value: '4', label: '4 installments' },
                  ]}
                  error={p.errors?.count}
                />
                <p>The first installment is due on the invoice’s due date, the others a month apart. Your membership renews with the first payment.</p>
                <button type="submit">Choose installments</button>
              </PostForm>
            </>
          ) : p.errors?.count ? (
            <ErrorSummary errors={p.errors} labels={{ count: 'Number of installments' }} />
          ) : null}
          <RenewalNote m={m} invoices={p.invoices} leadDays={p.renewalLeadDays} waivedUntil={p.waivedUntil} />
          {p.waivers.length > 0 ? (
            <>
              <h2>Renewals with dues waived</h2>
              <SimpleTable
                caption="Zero-amount renewals"
                rowHeader={false}
                rows={p.waivers}
                rowKey={(w) => String(w.id)}
                empty="No renewals with dues waived."
                columns={[
                  {
                    label: 'Period',
                    cell: (w) => (
                      <>
                        {formatDay(w.from_date)} to {formatDay(w.to_date)}
                      </>
                    ),
                  },
                  { label: 'Amount', cell: () => formatCents(0) },
                  { label: 'Reason', cell: (w) => w.reason },
                ]}
              />
            </>
          ) : null}
          {p.waivedUntil ? (
            <p id="transition">
              Your dues are waived under Members in Transition until {formatDay(p.waivedUntil)}: there is nothing to ask now.{' '}
              <a href="/me/transition">See your Members in Transition requests</a>.
            </p>
          ) : m.status === 'active' || m.status === 'lapsed' ? (
            <p id="transition">
              Lost your position through no choice of your own? <a href="/me/transition">Ask for Members in Transition support</a> (confidential).
            </p>
          ) : null}
        </>
      )}
    </Layout>
  );
}

/** How an active member renews: the renewal invoice waiting, or when it will come. Nothing while a
 * waiver runs (the page says so) or for a free level (nothing to pay). */
function RenewalNote(p: { m: MembershipView; invoices: InvoiceRow[]; leadDays?: number; waivedUntil?: string | null }) {
  if (p.m.status !== 'active' || !p.m.termEnd || p.waivedUntil || p.m.levelRule === 'free') return null;
  const open = p.invoices.find((i) => i.purpose === 'renewal' && (i.status === 'issued' || i.status === 'partially_paid'));
  if (open)
    return (
      <p id="renewal">
        Your renewal invoice, {open.number ?? ''}, is waiting{open.dueOn ? `: pay it by ${formatDay(open.dueOn)}` : ''}.{' '}
        <a href={`/invoices/${open.publicToken}`}>Open invoice {open.number ?? ''} to pay it</a>.
      </p>
    );
  if (p.leadDays === undefined) return null;
  return (
    <p id="renewal">
      Your membership renews each year: we email your renewal invoice {p.leadDays} days before your term ends, around {formatDay(addDays(p.m.termEnd, -p.leadDays))}. Pay it by{' '}
      {formatDay(p.m.termEnd)} to stay a member without a break.
    </p>
  );
}

const monthsText = (n: number) => (n === 1 ? '1 month' : `${n} months`);

const TRANSITION_STATUS: Record<string, string> = { pending: 'Under review', approved: 'Approved', declined: 'Not approved', ended: 'Ended' };

export function TransitionPage(p: {
  ctx: PageContext;
  requests: Awaited<ReturnType<typeof myTransitionRequests>>;
  /** where the member stands today (transitionStanding): only open, declined and ended offer the form */
  standing: TransitionStanding;
  /** whether the person holds an active or lapsed individual membership (the dues a waiver waives) */
  member: boolean;
  /** the association's address, for a member whose situation changes */
  writeTo: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const st = p.standing;
  const e = p.errors ?? {};
  // What approvals waived, in all: months, and the first and last day with no dues to pay.
  const waived = p.requests.filter((r) => r.status === 'approved' && r.waived_months > 0);
  const months = waived.reduce((n, r) => n + r.waived_months, 0);
  const from = waived.map((r) => r.waived_from ?? '').reduce((a, b) => (a === '' || (b !== '' && b < a) ? b : a), '');
  const until = waived.map((r) => r.waived_to ?? '').reduce((a, b) => (b > a ? b : a), '');
  const writeTo = <a href={`mailto:${p.writeTo}?subject=${encodeURIComponent('Members in Transition')}`}>{p.writeTo}</a>;
  const offersForm = p.member && (st.kind === 'open' || st.kind === 'declined' || st.kind === 'ended');
  return (
    <Layout ctx={p.ctx} title="Members in Transition">
      <h1>Members in Transition</h1>
      {!offersForm && p.message ? <ErrorSummary title="Your request was not sent" message={p.message} /> : null}
      <p class="lead">
        If you lost your position involuntarily, we can waive your dues while you find your next one: in six-month steps, up to three years. Your request is confidential: only the
        designated staff member reads it.
      </p>
      <p>
        Looking for your next post? Start at the <a href="/jobs">job center</a>: local governments’ openings, searchable by state, salary and type, with daily email alerts.
      </p>
      {months > 0 ? (
        <p id="waived">
          Approved: your dues are waived for {monthsText(months)}, from {formatDay(from)} to {formatDay(until)}.{' '}
          {st.kind === 'waived'
            ? `Your membership stays active with nothing to pay until ${formatDay(until)}; after that, it renews as usual.`
            : `That waiver ended on ${formatDay(until)}.`}{' '}
          {months < MAX_WAIVER_MONTHS
            ? `Waivers go up to three years (${MAX_WAIVER_MONTHS} months) in all, so ${monthsText(MAX_WAIVER_MONTHS - months)} are left.`
            : 'That is the most we can waive: three years in all.'}
        </p>
      ) : null}
      {p.requests.length > 0 ? (
        <SimpleTable
          caption="Your requests"
          rowHeader={false}
          rows={p.requests}
          rowKey={(r) => String(r.id)}
          empty="No requests yet."
          columns={[
            { label: 'Sent', cell: (r) => formatZonedDay(r.created_at, p.ctx.timeZone) },
            { label: 'Status', cell: (r) => TRANSITION_STATUS[r.status] ?? r.status },
            {
              label: 'Dues waived',
              cell: (r) => (r.waived_months > 0 ? `${monthsText(r.waived_months)}, ${formatDay(r.waived_from)} to ${formatDay(r.waived_to)}` : '—'),
            },
            { label: 'Note from staff', cell: (r) => r.decision_note ?? '' },
          ]}
        />
      ) : null}
      {st.kind === 'pending' ? (
        <>
          <h2>What happens next</h2>
          <p id="standing">
            Your request is under review: there is nothing more to send. We will write to you with the outcome. If your situation changes meanwhile (you start a new position, for
            example), write to us at {writeTo}.
          </p>
        </>
      ) : st.kind === 'waived' ? (
        <>
          <h2>What happens next</h2>
          <p id="standing">
            Your waiver is in place until {formatDay(st.until)}: there is nothing more to ask now. If your situation changes (you start a new position, or you expect to need
            support beyond {formatDay(st.until)}), write to us at {writeTo}.
            {st.months < MAX_WAIVER_MONTHS ? ` From ${formatDay(addDays(st.until, 1))}, you may also ask again on this page.` : ''}
          </p>
        </>
      ) : st.kind === 'limit' ? (
        <>
          <h2>What happens next</h2>
          <p id="standing">Your dues have been waived for three years in all, the most we can waive. If your situation changes, write to us at {writeTo}.</p>
        </>
      ) : null}
      {!p.member && st.kind !== 'pending' && st.kind !== 'waived' ? (
        <>
          <h2>Who can ask</h2>
          <p id="standing">
            Members in Transition waives the dues of an individual membership, and you have none with us now. To ask for it, first{' '}
            <a href="/join/individual">join as a professional</a> (membership is yours and follows you between posts), or write to us at {writeTo} about your situation.
          </p>
        </>
      ) : null}
      {offersForm ? (
        <>
          <h2>Ask for support</h2>
          {st.kind === 'declined' ? (
            <p id="standing">
              Your last request was not approved{p.requests[0]?.decision_note ? ': the note from staff is in the table above' : ''}. If your circumstances have changed, or there is
              more we should know, you may ask again below, or write to us at {writeTo}.
            </p>
          ) : st.kind === 'ended' ? (
            <p id="standing">If you still need support, you may ask again below.</p>
          ) : null}
          <ErrorSummary errors={p.errors} message={p.message} labels={{ circumstances: 'Your circumstances', separation_on: 'Date of separation' }} />
          <PostForm action="/me/transition" csrf={p.ctx.csrf} label="Members in Transition request">
            <TextArea
              name="circumstances"
              label="Your circumstances"
              value={p.values?.circumstances}
              error={e.circumstances}
              required
              rows={6}
              maxLength={5000}
              hint="What happened and what support would help. Only the designated staff member reads this."
            />
            <Field
              name="separation_on"
              label="Date of separation"
              type="date"
              value={p.values?.separation_on}
              error={e.separation_on}
              hint="Your last day in the position, if you know it."
            />
            <button type="submit">Send my request</button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}
