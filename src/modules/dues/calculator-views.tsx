// The public dues calculator at /dues: the form, the quote, the schedule in force and the next one.
import { ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import { ErrorSummary, Field, Select } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_CHOICES, ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { capital, ScheduleTables } from './band-tables.js';
import { formatBand, formatDate, formatNumber } from './format.js';
import type { DuesSchedule } from './rules.js';
import type { DuesQuoteResult } from './service.js';

const ENTITY_OPTIONS = ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_TYPE_CHOICES[t] }));
/** What dues-calculator.js calls each type in its sentence ("a Tribal nation"), so that it keeps no copy of the words. */
const CALC_NOUNS = JSON.stringify(Object.fromEntries(ENTITY_TYPES.map((t) => [t, `${ENTITY_TYPE_NOUNS[t].article} ${ENTITY_TYPE_NOUNS[t].one}`])));
const CALC_LABELS = { entityType: 'Type of government', population: 'Population' };

/** The application, prefilled with the calculator's answers (the application checks them again). */
export const applyHref = (entityType: string, population: number) => `/apply?${new URLSearchParams({ entity_type: entityType, population: String(population) })}`;

function ApplyWithAnswers(p: { href: string }) {
  return (
    <p>
      <a class="button" href={p.href}>
        Apply with these answers
      </a>
    </p>
  );
}

export function QuoteResult(p: { result: DuesQuoteResult; entityType: string; population: number }) {
  const r = p.result;
  if ('contactRequired' in r) {
    return (
      <>
        <h2>Contact us for your dues</h2>
        <p>
          Dues for regional entities are agreed with each one. Email <a href={`mailto:${r.contactEmail}`}>{r.contactEmail}</a> and we will work them out with you.
        </p>
        <ApplyWithAnswers href={applyHref(p.entityType, p.population)} />
      </>
    );
  }
  const label = ENTITY_TYPE_NOUNS[r.entityType];
  return (
    <>
      <h2>Your annual dues: {formatMoney(r.amountCents)}</h2>
      <p>
        {capital(label.article)} {label.one} of {formatNumber(r.population)} people pays {formatMoney(r.amountCents)} a year. That is the band for populations of{' '}
        {formatBand(r.band)}, in the dues schedule in force since {formatDate(r.scheduleEffectiveFrom)}.
      </p>
      <ApplyWithAnswers href={applyHref(r.entityType, r.population)} />
    </>
  );
}

/** A quote with the answers it came from, which the application link carries on. */
export type CalculatorResult = { quote: DuesQuoteResult; entityType: string; population: number };

export function CalculatorPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: FieldErrors;
  result: CalculatorResult | null;
  /** a problem that is not about a field, such as no schedule in force */
  problem?: string;
  schedule: DuesSchedule | null;
  /** the next published version, which starts later */
  next?: DuesSchedule | null;
  contactEmail: string;
}) {
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Dues calculator" scripts={['dues-calculator.js']}>
      <h1>What membership costs</h1>
      <p class="lead">Dues for a local government depend on its type and its population. Choose yours to see your annual dues.</p>
      <ErrorSummary errors={p.errors} labels={CALC_LABELS} />
      <form method="get" action="/dues" class="dues-calculator" aria-label="Dues calculator" data-nouns={CALC_NOUNS} noValidate>
        <Select name="entityType" label={CALC_LABELS.entityType} required options={ENTITY_OPTIONS} value={p.values.entityType ?? 'city'} error={e.entityType} />
        <Field
          name="population"
          label={CALC_LABELS.population}
          required
          inputMode="numeric"
          autocomplete="off"
          maxLength={20}
          value={p.values.population}
          error={e.population}
          hint="Use your latest census figure or official estimate, as a whole number like 31,685."
        />
        <button type="submit">Show my dues</button>
      </form>
      <section id="dues-result" aria-live="polite" aria-label="Your dues">
        {p.result ? <QuoteResult result={p.result.quote} entityType={p.result.entityType} population={p.result.population} /> : null}
        {p.problem ? <p>{p.problem}</p> : null}
      </section>
      <h2>Next steps</h2>
      <ol>
        <li>
          <a href="/apply">Apply to join</a>: tell us about your government and who to contact.
        </li>
        <li>Membership staff review your application, usually within five working days.</li>
        <li>When it is approved, we send an invoice for the first year’s dues.</li>
        <li>Once it is paid, your membership starts: we email you the name of your dedicated advisor, and you book a first meeting with them on your organization’s page.</li>
      </ol>
      <p>
        <a href="/join">Read what membership includes</a> for your elected officials and staff.
      </p>
      <h2>Dues schedule</h2>
      {p.schedule ? (
        <>
          <p>These dues are in force since {formatDate(p.schedule.effectiveFrom)}. They are charged once a year.</p>
          <ScheduleTables schedule={p.schedule} contactEmail={p.contactEmail} />
        </>
      ) : (
        <p>
          No dues schedule is published yet. Email <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a> for a price.
        </p>
      )}
      {p.next ? (
        <section aria-labelledby="next-schedule">
          <h2 id="next-schedule">New dues from {formatDate(p.next.effectiveFrom)}</h2>
          <p>
            A new dues schedule starts on {formatDate(p.next.effectiveFrom)}. Renewals for terms that start on or after that day, and applications sent from that day, pay these
            dues. Until then, the dues above apply.
          </p>
          <ScheduleTables schedule={p.next} contactEmail={p.contactEmail} from={formatDate(p.next.effectiveFrom)} />
        </section>
      ) : null}
    </Layout>
  );
}
