// Staff pages of individual membership: levels (membership staff), members with their private
// dues inputs (finance staff), and the Members in Transition queue (the `transition` permission).
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import {
  BackLink,
  Checkbox,
  DataTable,
  ErrorSummary,
  Field,
  FilterInput,
  FilterSelect,
  PostForm,
  RadioGroup,
  Select,
  SimpleTable,
  SummaryList,
  TextArea,
} from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { QUESTIONS } from './dues.js';
import { formatDay } from './format.js';
import { describeRule } from './join-views.js';
import type { Level } from './levels.js';
import { DuesInputs, InvoiceTable, MEMBERSHIP_STATUS } from './parts.js';
import type { InvoiceRow, MembershipView } from './queries.js';
import type { getTransitionRequest, transitionQueue } from './transition.js';
import { ELIGIBILITY_STATUS, VERIFICATION_LABELS } from './verification-views.js';

const LEVEL_LABELS: Record<string, string> = {
  name: 'Name',
  slug: 'Short name (for addresses and the API)',
  description: 'Description',
  position: 'Position in lists',
  rule: 'How dues are set',
  flat: 'Flat amount a year',
  rate: 'Share of salary, in percent',
  cap: 'Most anyone pays a year',
  discount_percent: 'Small-community discount, in percent',
  discount_max_population: 'Discount: employer population at most',
  discount_max_general_fund: 'Discount: employer general fund at most',
  instalments_allowed: 'Installments',
  verification: 'How eligibility is checked',
  proof_instructions: 'What proof to upload',
  ...Object.fromEntries(QUESTIONS.map((q) => [`e_${q.key}`, q.label])),
};

const dollars = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2));

/** A level as the strings of its form. */
export function levelValues(l: Level): Record<string, string> {
  const v: Record<string, string> = {
    name: l.name,
    slug: l.slug,
    description: l.description,
    position: String(l.position),
    rule: l.rule,
    flat: dollars(l.flatCents),
    rate: l.rateBp === null ? '' : (l.rateBp / 100).toString(),
    cap: dollars(l.capCents),
    discount_percent: l.discountPercent === null ? '' : String(l.discountPercent),
    discount_max_population: l.discountMaxPopulation === null ? '' : String(l.discountMaxPopulation),
    discount_max_general_fund: dollars(l.discountMaxGeneralFundCents),
    instalments_allowed: l.instalmentsAllowed ? 'yes' : '',
    verification: l.verification,
    proof_instructions: l.proofInstructions,
  };
  for (const q of QUESTIONS) {
    const e = l.eligibility[q.key];
    v[`e_${q.key}`] = e === undefined ? 'any' : e ? 'yes' : 'no';
  }
  return v;
}

export function LevelsPage(p: { ctx: PageContext; levels: Level[] }) {
  return (
    <Layout ctx={p.ctx} title="Membership levels">
      <h1>Membership levels</h1>
      <p>The levels people can join at, who may join each, and its dues. Archived levels are hidden from joining; their members keep them.</p>
      <p>
        <a class="button" href="/staff/levels/new">
          Add a level
        </a>
      </p>
      <SimpleTable
        caption="Levels"
        rowHeader={false}
        rows={p.levels}
        rowKey={(l) => l.id}
        empty="No levels yet."
        columns={[
          { label: 'Level', cell: (l) => <a href={`/staff/levels/${l.id}`}>{l.name}</a> },
          { label: 'Dues', cell: (l) => describeRule(l) },
          { label: 'Eligibility check', cell: (l) => VERIFICATION_LABELS[l.verification] },
          { label: 'Status', cell: (l) => (l.archived ? 'Archived' : 'Open for joining') },
          {
            label: 'Actions',
            cell: (l) =>
              l.archived ? null : (
                <PostForm action={`/staff/levels/${l.id}/archive`} csrf={p.ctx.csrf} class="inline-form" label={`Archive ${l.name}`}>
                  <button type="submit" class="button-secondary">
                    Archive<span class="visually-hidden"> {l.name}</span>
                  </button>
                </PostForm>
              ),
          },
        ]}
      />
    </Layout>
  );
}

export function LevelFormPage(p: { ctx: PageContext; id?: string; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  const title = p.id ? `Edit level ${v.name ?? ''}` : 'Add a level';
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/staff/levels">All levels</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={LEVEL_LABELS} />
      <PostForm action={p.id ? `/staff/levels/${p.id}` : '/staff/levels'} csrf={p.ctx.csrf} label="Level">
        <Field name="name" label={LEVEL_LABELS.name ?? ''} value={v.name} error={e.name} required maxLength={100} />
        <Field name="slug" label={LEVEL_LABELS.slug ?? ''} value={v.slug} error={e.slug} required hint="Lowercase letters, digits and hyphens, like other-staff." />
        <TextArea name="description" label={LEVEL_LABELS.description ?? ''} value={v.description} error={e.description} rows={3} />
        <Field name="position" label={LEVEL_LABELS.position ?? ''} value={v.position} error={e.position} inputMode="numeric" hint="Smaller numbers come first." />
        <fieldset class="group">
          <legend>Who may join: the answers that make a person eligible</legend>
          {QUESTIONS.map((q) => (
            <Select
              key={q.key}
              name={`e_${q.key}`}
              label={q.label}
              value={v[`e_${q.key}`] ?? 'any'}
              error={e[`e_${q.key}`]}
              required
              options={[
                { value: 'any', label: 'Any answer' },
                { value: 'yes', label: 'Must answer yes' },
                { value: 'no', label: 'Must answer no' },
              ]}
            />
          ))}
        </fieldset>
        <RadioGroup
          name="rule"
          legend={LEVEL_LABELS.rule ?? ''}
          value={v.rule}
          error={e.rule}
          options={[
            { value: 'flat', label: 'A flat amount' },
            { value: 'salary_share', label: 'A share of salary, with a cap' },
            { value: 'free', label: 'Free' },
          ]}
        />
        <Field name="flat" label={LEVEL_LABELS.flat ?? ''} value={v.flat} error={e.flat} hint="In dollars, for a flat amount." />
        <Field name="rate" label={LEVEL_LABELS.rate ?? ''} value={v.rate} error={e.rate} hint="Like 0.65, for a share of salary." />
        <Field name="cap" label={LEVEL_LABELS.cap ?? ''} value={v.cap} error={e.cap} hint="In dollars; leave empty for no cap." />
        <fieldset class="group">
          <legend>Small-community discount (leave all three empty for none)</legend>
          <Field name="discount_percent" label={LEVEL_LABELS.discount_percent ?? ''} value={v.discount_percent} error={e.discount_percent} inputMode="numeric" />
          <Field
            name="discount_max_population"
            label={LEVEL_LABELS.discount_max_population ?? ''}
            value={v.discount_max_population}
            error={e.discount_max_population}
            inputMode="numeric"
          />
          <Field
            name="discount_max_general_fund"
            label={LEVEL_LABELS.discount_max_general_fund ?? ''}
            value={v.discount_max_general_fund}
            error={e.discount_max_general_fund}
            hint="In dollars."
          />
        </fieldset>
        <RadioGroup
          name="verification"
          legend={LEVEL_LABELS.verification ?? ''}
          value={v.verification}
          error={e.verification}
          options={[
            { value: 'none', label: 'None: the membership starts when its dues are paid' },
            { value: 'staff_verification', label: 'Staff verification: membership staff confirm eligibility before it starts' },
            { value: 'proof_upload', label: 'Proof upload: the person uploads proof, membership staff confirm it before it starts' },
          ]}
        />
        <TextArea
          name="proof_instructions"
          label={LEVEL_LABELS.proof_instructions ?? ''}
          value={v.proof_instructions}
          error={e.proof_instructions}
          rows={2}
          maxLength={500}
          hint="For proof upload: shown to the person, like: an enrollment letter or student ID for this academic year."
        />
        <Checkbox name="instalments_allowed" label="Renewing members may pay in 2, 3 or 4 installments" checked={v.instalments_allowed === 'yes'} />
        <button type="submit">Save level</button>
      </PostForm>
    </Layout>
  );
}

export function IndividualsPage(p: { ctx: PageContext; rows: MembershipView[]; q: Record<string, string | undefined>; page: number; hasNext: boolean; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Individual members">
      <h1>Individual members</h1>
      <form method="get" action="/staff/individuals" class="filters" aria-label="Search individual members">
        <FilterInput name="q" label="Name or email" value={p.q.q} type="search" error={p.errors?.q} />
        <FilterSelect
          name="status"
          label="Status"
          value={p.q.status}
          error={p.errors?.status}
          options={[
            { value: 'pending', label: 'Pending' },
            { value: 'active', label: 'Active' },
            { value: 'lapsed', label: 'Lapsed' },
            { value: 'ended', label: 'Ended' },
          ]}
        />
        <button type="submit">Search</button>
      </form>
      <DataTable
        caption="Individual memberships"
        basePath="/staff/individuals"
        query={p.q}
        page={p.page}
        hasNext={p.hasNext}
        rows={p.rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'name', label: 'Member', cell: (r) => <a href={`/staff/individuals/${r.id}`}>{r.name}</a> },
          { key: 'email', label: 'Email', cell: (r) => r.email },
          { key: 'level', label: 'Level', cell: (r) => r.level },
          { key: 'status', label: 'Status', cell: (r) => MEMBERSHIP_STATUS[r.status] },
          { key: 'term', label: 'Term ends', cell: (r) => formatDay(r.termEnd) },
        ]}
      />
    </Layout>
  );
}

export function IndividualPage(p: { ctx: PageContext; m: MembershipView; invoices: InvoiceRow[]; salary?: string; errors?: FieldErrors }) {
  const { m } = p;
  const e = p.errors ?? {};
  // membership staff see the record and its invoices; the private dues inputs are finance's
  const financeStaff = hasStaffRole(p.ctx.principal, 'finance');
  return (
    <Layout ctx={p.ctx} title={`Membership of ${m.name}`}>
      <BackLink href="/staff/individuals">All individual members</BackLink>
      <h1>Membership of {m.name}</h1>
      <SummaryList
        rows={[
          ['Email', m.email],
          ['Level', m.level],
          ['Status', MEMBERSHIP_STATUS[m.status]],
          ['Term', m.termStart ? `${formatDay(m.termStart)} to ${formatDay(m.termEnd)}` : 'Not started'],
          ['Eligibility check', m.verification !== 'not_needed' ? ELIGIBILITY_STATUS[m.verification] : null],
        ]}
      />
      {financeStaff ? (
        <>
          <h2>Dues inputs (private)</h2>
          <DuesInputs m={m} />
          {m.levelRule === 'salary_share' ? (
            <ErrorSummary errors={p.errors} labels={{ salary: 'Annual salary' }} />
          ) : (
            // a salary sent anyway (an old page, a forged form) is refused with the reason, no field to point at
            <ErrorSummary title="This could not be done" message={e.salary} />
          )}
          {m.levelRule === 'salary_share' ? (
            <>
              <h3 id="salary">Enter the salary</h3>
              {m.renewalBlockedReason ? (
                <p class="notice">
                  <strong>Renewal waiting:</strong> {m.renewalBlockedReason} Entering the salary lets the next renewal run invoice it.
                </p>
              ) : null}
              <PostForm action={`/staff/individuals/${m.id}/salary`} csrf={p.ctx.csrf} label="Annual salary">
                <Field
                  name="salary"
                  label="Annual salary"
                  value={p.salary}
                  error={e.salary}
                  required
                  inputMode="decimal"
                  hint="In dollars, like 95,000. Private: only finance staff and the member see it."
                />
                <button type="submit">Save the salary</button>
              </PostForm>
            </>
          ) : (
            <p>Dues at the {m.level} level do not follow salary: there is no salary to enter.</p>
          )}
        </>
      ) : (
        <>
          <h2>Dues</h2>
          <p>
            The dues inputs (salary, the employer’s population and general fund) and the dues quoted from them are private: finance staff see and change them. The invoices below
            say what was billed.
          </p>
        </>
      )}
      <h2>Invoices</h2>
      <InvoiceTable invoices={p.invoices} link={(i) => `/staff/invoices/${i.id}`} caption={`Invoices of ${m.name}`} />
    </Layout>
  );
}

const T_STATUS: Record<string, string> = { pending: 'Waiting for a decision', approved: 'Approved', declined: 'Declined', ended: 'Ended' };

export function TransitionQueuePage(p: { ctx: PageContext; pending: Awaited<ReturnType<typeof transitionQueue>>; decided: Awaited<ReturnType<typeof transitionQueue>> }) {
  const table = (caption: string, rows: typeof p.pending) => (
    <SimpleTable
      caption={caption}
      rowHeader={false}
      rows={rows}
      rowKey={(r) => String(r.id)}
      empty="Nothing to show."
      columns={[
        { label: 'Member', cell: (r) => <a href={`/staff/transition/${r.id}`}>{r.name}</a> },
        { label: 'Sent', cell: (r) => formatZonedDay(r.created_at, p.ctx.timeZone) },
        { label: 'Status', cell: (r) => T_STATUS[r.status] ?? r.status },
      ]}
    />
  );
  return (
    <Layout ctx={p.ctx} title="Members in Transition">
      <h1>Members in Transition</h1>
      <p>Confidential: only staff with the Members in Transition permission see these requests. Every read is recorded.</p>
      {table('Requests waiting for a decision', p.pending)}
      {table('Decided requests', p.decided)}
    </Layout>
  );
}

type TRequest = NonNullable<Awaited<ReturnType<typeof getTransitionRequest>>>;

export function TransitionRequestPage(p: { ctx: PageContext; r: TRequest; values?: Record<string, string>; errors?: FieldErrors; message?: string }) {
  const { r } = p;
  const e = p.errors ?? {};
  const left = 36 - r.waivedMonths;
  return (
    <Layout ctx={p.ctx} title={`Transition request of ${r.name}`}>
      <BackLink href="/staff/transition">All requests</BackLink>
      <h1>Transition request of {r.name}</h1>
      <SummaryList
        rows={[
          ['Email', r.email],
          ['Sent', formatZonedDay(r.created_at, p.ctx.timeZone)],
          ['Date of separation', formatDay(r.separation_on)],
          ['Membership', r.membership ? `${r.membership.level}, ${r.membership.status}, term ends ${formatDay(r.membership.term_end)}` : 'None'],
          ['Dues waived so far', `${r.waivedMonths} of 36 months (${left > 0 ? `${left} months left` : 'none left'})`],
          ['Status', T_STATUS[r.status] ?? r.status],
        ]}
      />
      <h2>Circumstances</h2>
      <p class="prewrap">{r.circumstances}</p>
      {r.status === 'pending' ? (
        <>
          <h2>Decide</h2>
          <ErrorSummary errors={p.errors} message={p.message} labels={{ decision: 'Decision', steps: 'Six-month steps', note: 'Note to the member' }} />
          <PostForm action={`/staff/transition/${r.id}`} csrf={p.ctx.csrf} label="Decide the request">
            <RadioGroup
              name="decision"
              legend="Decision"
              value={p.values?.decision}
              error={e.decision}
              options={[
                { value: 'approve', label: 'Approve: waive dues' },
                { value: 'decline', label: 'Decline' },
              ]}
            />
            <Select
              name="steps"
              label="Six-month steps to waive (when approving)"
              value={p.values?.steps ?? '1'}
              error={e.steps}
              required
              options={[1, 2, 3, 4, 5, 6].map((n) => ({ value: String(n), label: `${n} (${n * 6} months)` }))}
            />
            <TextArea name="note" label="Note to the member" value={p.values?.note} error={e.note} rows={3} maxLength={1000} hint="Sent with the decision." />
            <button type="submit">Record the decision</button>
          </PostForm>
        </>
      ) : (
        <p>
          Decided on {formatZonedDay(r.decided_at, p.ctx.timeZone)}
          {r.decision_note ? `: ${r.decision_note}` : '.'}
        </p>
      )}
      <p>Staff without the Members in Transition permission cannot see this request. {formatCents(0)} renewals with the reason are shown to the member only.</p>
    </Layout>
  );
}
