// The individual join page (/join/individual): one form that grows as the person goes — their
// answers, then the levels that fit them (the others listed once) and only the figures that can
// change the price, then the quote, their work and account, and how to pay. Every step is a server-rendered post; no script is needed.
import type { FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { ErrorSummary, Field, FieldError, PostForm, RadioGroup, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { type Answers, type IndividualQuote, inputsNeeded, isEligible, QUESTIONS } from './dues.js';
import type { Level } from './levels.js';
import { TRANSITION_ABOUT_PATH } from './transition-views.js';

export const JOIN_LABELS: Record<string, string> = {
  ...Object.fromEntries(QUESTIONS.map((q) => [`q_${q.key}`, q.label])),
  level: 'Membership level',
  employer: 'Your employer',
  title: 'Your job title',
  salary: 'Your annual salary',
  employer_population: 'Your employer’s population',
  employer_general_fund: 'Your employer’s general fund budget',
  name: 'Your name',
  email: 'Email',
  password: 'Password',
  pay_by: 'How you will pay',
};

export type JoinStage = 'answers' | 'levels' | 'quote';

/** The rule of a level in words, for people. */
export function describeRule(l: Level): string {
  const parts: string[] = [];
  if (l.rule === 'free') parts.push('Free');
  if (l.rule === 'flat') parts.push(`${formatCents(l.flatCents ?? 0)} a year`);
  if (l.rule === 'salary_share') {
    const rate = `${((l.rateBp ?? 0) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
    parts.push(`${rate} of your annual salary${l.capCents !== null ? `, at most ${formatCents(l.capCents)} a year` : ''}`);
  }
  if (l.rule !== 'free' && l.discountPercent && l.discountMaxPopulation !== null && l.discountMaxGeneralFundCents !== null) {
    parts.push(
      `${l.discountPercent}% off when your employer has ${l.discountMaxPopulation.toLocaleString('en-US')} people or fewer and a general fund of ${formatCents(l.discountMaxGeneralFundCents)} or less`,
    );
  }
  if (l.instalmentsAllowed) parts.push('renewals may be paid in 2 to 4 installments');
  return parts.join('; ');
}

export function JoinPage(p: {
  ctx: PageContext;
  /** whether card payment (Stripe) is set up: only then is it offered or mentioned */
  card: boolean;
  levels: Level[];
  stage: JoinStage;
  values: Record<string, string>;
  answers?: Answers;
  errors?: FieldErrors;
  /** the dues, when the level and its figures are right (a problem in them leaves step 3 without) */
  quote?: { level: Level; quote: IndividualQuote };
  /** a password was posted: the page, which never keeps one, asks for it again */
  passwordTyped?: boolean;
}) {
  const v = p.values;
  const e = p.errors ?? {};
  const fitting = p.levels.filter((l) => (p.answers ? isEligible(l.eligibility, p.answers) : false));
  // The level that fits the answers is chosen already; the person may choose another that fits.
  const chosenId = v.level ?? fitting[0]?.id;
  return (
    <Layout ctx={p.ctx} title="Join as a professional">
      <h1>Join as a professional</h1>
      <p class="lead">
        Membership is yours: it follows you from one employer to the next. Answer a few questions, choose your level, see your dues, then{' '}
        {p.card ? 'pay by card or ask for an invoice' : 'ask for your invoice'}.
      </p>
      <p>
        Between posts? If you lose a position through no choice of your own, <a href={TRANSITION_ABOUT_PATH}>Members in Transition</a> can waive your dues for up to three years, so
        that your membership stays with you while you find the next one.
      </p>
      {p.stage === 'answers' ? <LevelsTable levels={p.levels} /> : null}
      <ErrorSummary errors={p.errors} labels={JOIN_LABELS} />
      {/* Each step's page opens at the step it added (#next-step), with no script; a failed step
          has no such place, so it opens at the top, at its summary of problems. */}
      <PostForm action={`/join/individual#${NEXT_STEP}`} csrf={p.ctx.csrf} label="Join">
        <h2>1. About you</h2>
        {QUESTIONS.map((q) => (
          <RadioGroup
            key={q.key}
            name={`q_${q.key}`}
            legend={q.label}
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            value={v[`q_${q.key}`]}
            error={e[`q_${q.key}`]}
          />
        ))}
        {p.stage === 'answers' ? (
          <button type="submit" name="step" value="levels">
            Find my level
          </button>
        ) : (
          <>
            <h2 id={p.stage === 'levels' && !p.errors ? NEXT_STEP : undefined}>2. Your level and dues</h2>
            <LevelChoice levels={p.levels} fitting={fitting} chosen={chosenId} error={e.level} />
            <DuesInputs fitting={fitting} values={v} errors={e} />
            <button type="submit" name="step" value="quote" class={p.stage === 'quote' ? 'button-secondary' : undefined}>
              See my dues
            </button>
          </>
        )}
        {p.stage === 'quote' ? (
          <>
            <h2 id={p.quote && !p.errors ? NEXT_STEP : undefined}>3. Your dues</h2>
            {p.quote ? <QuoteCard quote={p.quote} /> : <p>Your dues appear here once step 2 is right. Correct what it says, then choose “See my dues”.</p>}
            <WorkAndAccount p={p} />
          </>
        ) : null}
      </PostForm>
    </Layout>
  );
}

/** The id of the step a successful post added, which the form's action points at. */
const NEXT_STEP = 'next-step';

/** Every level, whom it is for and its yearly dues, for a visitor who has answered nothing yet. */
function LevelsTable(p: { levels: Level[] }) {
  return (
    <section aria-labelledby="levels-all">
      <h2 id="levels-all">Levels and dues</h2>
      <p>You join at the level that fits your work; the questions below find it for you.</p>
      <SimpleTable
        caption="Levels and yearly dues"
        rows={p.levels}
        rowKey={(l) => l.id}
        empty="No levels are open for joining just now."
        columns={[
          { label: 'Level', cell: (l) => l.name },
          { label: 'Who it is for', cell: (l) => l.description },
          { label: 'Dues', cell: (l) => describeRule(l) },
        ]}
      />
    </section>
  );
}

/** What a level's eligibility check asks of a person who joins it, or nothing for a level without one. */
function CheckNote({ level }: { level: Level }) {
  if (level.verification === 'none') return null;
  return (
    <li>
      Before your membership starts, our membership staff check that you are eligible for the {level.name} level.{' '}
      {level.verification === 'proof_upload'
        ? `Once you have joined, you upload your proof on your membership page: ${level.proofInstructions}`
        : 'They write to you if they need anything.'}
    </li>
  );
}

function QuoteCard(p: { quote: { level: Level; quote: IndividualQuote } }) {
  const free = p.quote.quote.amountCents === 0;
  return (
    <div class="card" role="status">
      <p>
        <strong>{free ? `${p.quote.level.name}: free, no dues to pay` : `${p.quote.level.name}: ${formatCents(p.quote.quote.amountCents)} for your first year`}</strong>
      </p>
      <ul>
        <CheckNote level={p.quote.level} />
        {p.quote.quote.capped ? (
          <li>
            Your share of salary is above the most anyone pays at this level,{' '}
            {p.quote.quote.discountCents > 0
              ? `so your dues start from that maximum, ${formatCents(p.quote.quote.amountCents + p.quote.quote.discountCents)}.`
              : 'so you pay the maximum.'}
          </li>
        ) : null}
        {p.quote.quote.discountCents > 0 ? <li>Less the small-community discount of {formatCents(p.quote.quote.discountCents)}.</li> : null}
        {free ? null : (
          <>
            <li>New members pay the first year in full. Renewals of some levels can be paid in installments.</li>
            <li>
              A member who loses a position through no choice of their own may ask to have dues waived: see <a href={TRANSITION_ABOUT_PATH}>Members in Transition</a>.
            </li>
          </>
        )}
      </ul>
    </div>
  );
}

/** Step 4: the person's work, their account (a visitor) and how they pay, as typed. */
function WorkAndAccount({ p }: { p: Parameters<typeof JoinPage>[0] }) {
  const v = p.values;
  const e = p.errors ?? {};
  const signedIn = p.ctx.principal;
  // the level quoted: a free one asks for no payment, one with a check says it comes first
  const free = p.quote?.quote.amountCents === 0;
  const checked = !!p.quote && p.quote.level.verification !== 'none';
  return (
    <>
      <h2>4. Your work and your account</h2>
      <Field
        name="employer"
        label={JOIN_LABELS.employer ?? ''}
        value={v.employer}
        error={e.employer}
        autocomplete="organization"
        maxLength={200}
        hint={`${employerHint(p.quote?.level)} It goes on your profile, where you choose who sees what.`}
      />
      <Field name="title" label={JOIN_LABELS.title ?? ''} value={v.title} error={e.title} autocomplete="organization-title" maxLength={200} hint="Like Town Manager." />
      {signedIn ? (
        <p>
          You are signed in as {signedIn.name} ({signedIn.email}); you will join as this account.
        </p>
      ) : (
        <>
          <p>
            Already have an account? <a href="/login?next=%2Fjoin%2Findividual">Sign in first</a>, then join.
          </p>
          <Field name="name" label={JOIN_LABELS.name ?? ''} value={v.name} error={e.name} autocomplete="name" required maxLength={200} />
          <Field name="email" label={JOIN_LABELS.email ?? ''} type="email" value={v.email} error={e.email} autocomplete="email" required maxLength={254} />
          <Field
            name="password"
            label={JOIN_LABELS.password ?? ''}
            type="password"
            error={e.password}
            autocomplete="new-password"
            required
            hint={`At least 12 characters. A few unrelated words make a good one.${p.errors || p.passwordTyped ? ' This page never keeps a password: type yours again.' : ''}`}
          />
        </>
      )}
      {free ? null : p.card ? (
        <RadioGroup
          name="pay_by"
          legend={JOIN_LABELS.pay_by ?? ''}
          options={[
            { value: 'card', label: 'Pay now by card' },
            { value: 'invoice', label: 'Send me an invoice (pay by card, check or transfer later)' },
          ]}
          value={v.pay_by}
          error={e.pay_by}
        />
      ) : (
        <p>
          <input type="hidden" name="pay_by" value="invoice" />
          We send you an invoice: pay it by check, ACH or wire transfer, as it explains.
        </p>
      )}
      <p>
        {free ? (
          <>
            {signedIn
              ? 'What happens next: we create your membership. '
              : 'What happens next: we email you a link to confirm your address. It signs you in and takes you to your membership. '}
            {checked ? 'It becomes active once our membership staff confirm that you are eligible.' : 'It is active at once.'}
          </>
        ) : (
          <>
            {signedIn
              ? 'What happens next: we create your membership and its invoice.'
              : 'What happens next: we email you a link to confirm your address. It signs you in, and we then create your invoice.'}{' '}
            {checked
              ? 'Your membership becomes active once the invoice is paid and our membership staff confirm that you are eligible.'
              : 'Your membership becomes active as soon as the invoice is paid.'}
          </>
        )}
      </p>
      <button type="submit" name="step" value="join">
        Join
      </button>
    </>
  );
}

/** The levels that fit the answers, to choose from; those that do not, listed once under their own heading. */
function LevelChoice(p: { levels: Level[]; fitting: Level[]; chosen: string | undefined; error?: string }) {
  const others = p.levels.filter((l) => !p.fitting.includes(l));
  return (
    <>
      {p.fitting.length > 0 ? (
        <fieldset class={p.error ? 'field field-error radios' : 'field radios'} aria-describedby={p.error ? 'f-level-error' : undefined}>
          <legend>{JOIN_LABELS.level}</legend>
          <p class="hint">The levels that fit your answers.</p>
          <FieldError id="f-level-error" error={p.error} />
          {p.fitting.map((l, i) => {
            const id = i === 0 ? 'f-level' : `f-level-${l.slug}`;
            return (
              <div class="radio" key={l.id}>
                <input id={id} type="radio" name="level" value={l.id} checked={p.chosen === l.id} aria-describedby={`${id}-rule`} />
                <label for={id}>{l.name}</label>
                <p class="hint" id={`${id}-rule`}>
                  {l.description ? `${l.description} ` : ''}
                  {describeRule(l)}.
                </p>
              </div>
            );
          })}
        </fieldset>
      ) : (
        <div class="warning" role="note" id="f-level">
          <p>None of our levels fits your answers. Check them above, or write to us and we will find the right one with you.</p>
          <FieldError id="f-level-error" error={p.error} />
        </div>
      )}
      {others.length > 0 ? (
        <section aria-labelledby="levels-other">
          <h3 id="levels-other">Levels that do not fit your answers</h3>
          <ul>
            {others.map((l) => (
              <li key={l.id}>
                <strong>{l.name}</strong>: {l.description ? `${l.description} ` : ''}
                {describeRule(l)}.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** Only the figures that can change the price of a level that fits: the salary for levels priced by
 * salary, the employer's figures where a small-community discount applies. Labels do not depend on
 * the level chosen, so they stay the same after an error. */
function DuesInputs(p: { fitting: Level[]; values: Record<string, string>; errors: FieldErrors }) {
  const salaryLevels = p.fitting.filter((l) => inputsNeeded(l).salary);
  const discountLevels = p.fitting.filter((l) => inputsNeeded(l).employer);
  const names = (ls: Level[]) => ls.map((l) => l.name).join(', ');
  const v = p.values;
  const e = p.errors;
  return (
    <>
      {salaryLevels.length > 0 ? (
        <Field
          name="salary"
          label={JOIN_LABELS.salary ?? ''}
          value={v.salary}
          error={e.salary}
          inputMode="numeric"
          hint={`In dollars, like 95,000. ${salaryLevels.length === p.fitting.length ? 'Your dues' : `Dues of the ${names(salaryLevels)} level`} follow your salary. Private: only you and our finance staff ever see it.`}
          required={salaryLevels.length === p.fitting.length}
        />
      ) : null}
      {discountLevels.length > 0 ? (
        <fieldset class="group">
          <legend>Small-community discount (optional)</legend>
          <p class="hint">
            {discountLevels
              .map(
                (l) =>
                  `${names([l])}: ${l.discountPercent}% off when your employer has ${(l.discountMaxPopulation ?? 0).toLocaleString('en-US')} people or fewer and a general fund of ${formatCents(l.discountMaxGeneralFundCents ?? 0)} or less.`,
              )
              .join(' ')}{' '}
            Give both figures to have it applied, or leave both blank.
          </p>
          <Field
            name="employer_population"
            label={JOIN_LABELS.employer_population ?? ''}
            value={v.employer_population}
            error={e.employer_population}
            inputMode="numeric"
            hint="People living in the community you work for, like 7,500."
          />
          <Field
            name="employer_general_fund"
            label={JOIN_LABELS.employer_general_fund ?? ''}
            value={v.employer_general_fund}
            error={e.employer_general_fund}
            inputMode="numeric"
            hint="In dollars, like 7,800,000."
          />
        </fieldset>
      ) : null}
    </>
  );
}

/** After a visitor joins: the same page whether or not the address had an account already. */
export function JoinSentPage(p: { ctx: PageContext; email: string; payBy: 'card' | 'invoice'; free: boolean; hours: number; checked?: boolean }) {
  const starts = p.checked ? 'once it is paid and our membership staff confirm that you are eligible' : 'when it is paid';
  const next = p.free
    ? `your membership. Your level is free, so there is nothing to pay${p.checked ? '; it starts once our membership staff confirm that you are eligible' : ''}.`
    : `${p.payBy === 'card' ? 'your invoice, to pay by card' : 'your membership and its invoice, which we also email to you'}. We issue the invoice when the address is confirmed, and your membership starts ${starts}.`;
  return (
    <Layout ctx={p.ctx} title="Check your email">
      <h1>Check your email</h1>
      <div role="status">
        <p>
          We have sent a message to <strong>{p.email}</strong>. Open it and follow its link within {p.hours} hours to confirm that the address is yours.
        </p>
      </div>
      <p>The link signs you in and takes you on to {next} Until the address is confirmed, nobody can sign in with it.</p>
      <p>If this address already has an account, the message says how to sign in and join from that account instead.</p>
      <h2>No message?</h2>
      <ul>
        <li>Look in your spam or junk folder.</li>
        <li>
          <a href="/account/verify/new">Ask for a new confirmation link</a>.
        </li>
        <li>
          Wrong address? <a href="/join/individual">Join again</a> with the right one.
        </li>
      </ul>
    </Layout>
  );
}

/** What "employer" means for the level quoted: a student's school, a retiree's last post. */
function employerHint(level: { eligibility: Partial<Record<string, boolean>> } | undefined): string {
  if (level?.eligibility.student) return 'Your university or school, or the government you intern with, like University of Kansas. Leave it empty if you have none.';
  if (level?.eligibility.retired) return 'The city, county, town, region or Tribal nation you last worked for, like City of Boulder.';
  return 'The city, county, town, region or Tribal nation you work for, like City of Boulder.';
}
