// Pages of the dues module: the public calculator, and the staff pages for schedule versions.
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatMoney } from '../../lib/money.js';
import { BackLink, DangerLink, ErrorSummary, Field, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_CHOICES, ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { BAND_EXAMPLE, TOP_BAND_EXAMPLE } from './form.js';
import { formatBand, formatDate, formatNumber, listWords } from './format.js';
import type { DuesBand, DuesSchedule, ScheduleStatus } from './rules.js';
import type { DuesQuoteResult, ListedSchedule, PublishOutlook } from './service.js';

const ENTITY_OPTIONS = ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_TYPE_CHOICES[t] }));
const CALC_LABELS = { entityType: 'Type of government', population: 'Population' };
/** What dues-calculator.js calls each type in its sentence ("a Tribal nation"), so that it keeps no copy of the words. */
const CALC_NOUNS = JSON.stringify(Object.fromEntries(ENTITY_TYPES.map((t) => [t, `${ENTITY_TYPE_NOUNS[t].article} ${ENTITY_TYPE_NOUNS[t].one}`])));

export function BandTable(p: { caption: string; bands: readonly DuesBand[] }) {
  return (
    <SimpleTable
      caption={p.caption}
      rowHeader={false}
      rows={p.bands}
      rowKey={(b) => String(b.min)}
      empty="No bands."
      columns={[
        { label: 'Population', cell: (b) => formatBand(b) },
        { label: 'Annual dues', cell: (b) => formatMoney(b.amountCents) },
      ]}
    />
  );
}

/** Entity types that share the same bands are shown in one table. */
function bandGroups(s: DuesSchedule): { banded: Array<{ types: EntityType[]; bands: DuesBand[] }>; contact: EntityType[] } {
  const banded = new Map<string, { types: EntityType[]; bands: DuesBand[] }>();
  const contact: EntityType[] = [];
  for (const t of ENTITY_TYPES) {
    const rule = s.rules[t];
    if (!rule || rule.mode === 'contact') {
      contact.push(t);
      continue;
    }
    const key = JSON.stringify(rule.bands);
    const group = banded.get(key);
    if (group) group.types.push(t);
    else banded.set(key, { types: [t], bands: rule.bands });
  }
  return { banded: [...banded.values()], contact };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const many = (types: EntityType[]) => capital(listWords(types.map((t) => ENTITY_TYPE_NOUNS[t].many)));

/** `from`: the captions say the day a version starts (a later one shown beside the one in force). */
function ScheduleTables(p: { schedule: DuesSchedule; contactEmail: string; from?: string }) {
  const groups = bandGroups(p.schedule);
  return (
    <>
      {groups.banded.map((g) => (
        <BandTable key={g.types.join()} caption={`${many(g.types)}: annual dues by population${p.from ? ` from ${p.from}` : ''}`} bands={g.bands} />
      ))}
      {groups.contact.length ? (
        <p>
          {many(groups.contact)}: dues are agreed with you rather than set by population. Email <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>.
        </p>
      ) : null}
    </>
  );
}

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

const STATUS_LABELS: Record<ScheduleStatus, string> = { in_force: 'In force today', future: 'Starts later', past: 'Replaced', draft: 'Draft (staff only)' };

export function ScheduleListPage(p: { ctx: PageContext; schedules: ListedSchedule[] }) {
  return (
    <Layout ctx={p.ctx} title="Dues schedules">
      <h1>Dues schedules</h1>
      <p>
        Each version of the dues schedule starts on a date and stays in force until the next published version starts. A new version is a draft: only membership staff see it, and
        no quote, application or invoice uses it until you publish it. A published version that has started can no longer be changed; one that starts later can be replaced (it
        becomes a draft again) or deleted until then. Every change is recorded in the audit log.
      </p>
      <p>
        <a class="button" href="/staff/dues/new">
          Create a new version
        </a>
      </p>
      <SimpleTable
        caption="Dues schedule versions, newest first"
        rowHeader={false}
        rows={p.schedules}
        rowKey={(s) => s.id}
        empty="No dues schedule yet."
        columns={[
          { label: 'Starts on', cell: (s) => <a href={`/staff/dues/${s.id}`}>{formatDate(s.effectiveFrom)}</a> },
          { label: 'Status', cell: (s) => STATUS_LABELS[s.status] },
          { label: 'Note', cell: (s) => s.note },
          { label: 'Created', cell: (s) => formatZonedDay(s.createdAt, p.ctx.timeZone) },
        ]}
      />
    </Layout>
  );
}

export function SchedulePage(p: { ctx: PageContext; schedule: ListedSchedule }) {
  const s = p.schedule;
  return (
    <Layout ctx={p.ctx} title={`Dues schedule from ${formatDate(s.effectiveFrom)}`}>
      <h1>Dues schedule from {formatDate(s.effectiveFrom)}</h1>
      <p>
        Status: <strong>{STATUS_LABELS[s.status]}</strong>.{s.note ? ` ${s.note}` : ''}
      </p>
      {ENTITY_TYPES.map((t) => {
        const rule = s.rules[t];
        return rule?.mode === 'bands' ? (
          <BandTable key={t} caption={`${capital(ENTITY_TYPE_NOUNS[t].many)}`} bands={rule.bands} />
        ) : (
          <p key={t}>
            <strong>{capital(ENTITY_TYPE_NOUNS[t].many)}:</strong> contact us (no self-serve price).
          </p>
        );
      })}
      {s.status === 'draft' ? (
        <>
          <h2>Publish this version</h2>
          <p>
            This is a draft: only membership staff see it, and quotes, applications and invoices ignore it. Once published, visitors see it and it is quoted from{' '}
            {formatDate(s.effectiveFrom)}. The next page says what will change before anything does.
          </p>
          <p>
            <a class="button" href={`/staff/dues/${s.id}/publish`}>
              Publish this version
            </a>
          </p>
        </>
      ) : null}
      {s.status === 'future' || s.status === 'draft' ? (
        <>
          <h2>Change this version</h2>
          <p>This version has not started yet, so you can still replace or delete it.</p>
          <p>
            <a class="button" href={`/staff/dues/${s.id}/edit`}>
              Replace this version
            </a>
          </p>
          <p>
            <DangerLink href={`/staff/dues/${s.id}/delete`}>Delete this version</DangerLink>
          </p>
        </>
      ) : (
        <p>
          This version has taken effect, so it cannot be changed. To change dues, <a href="/staff/dues/new">create a new version</a> with a later start date.
        </p>
      )}
      <BackLink href="/staff/dues">Back to dues schedules</BackLink>
    </Layout>
  );
}

const FORM_LABELS = { effective_from: 'Starts on', note: 'Note' };

export function ScheduleFormPage(p: {
  ctx: PageContext;
  action: string;
  title: string;
  intro: string;
  submitLabel: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      {/* no labels: each message is a sentence of its own ("Cities, band 2: …"), as beside its field */}
      <ErrorSummary errors={p.errors} message={p.message} />
      <PostForm action={p.action} csrf={p.ctx.csrf} label={p.title}>
        <Field
          name="effective_from"
          label={FORM_LABELS.effective_from}
          type="date"
          required
          value={v.effective_from}
          error={e.effective_from}
          hint="The day these dues start to apply: today or later, written like 2027-01-01."
        />
        <TextArea name="note" label={FORM_LABELS.note} value={v.note} error={e.note} rows={2} maxLength={500} hint="For staff, for example when the board approved it." />
        <p id="bands-format">
          Write bands one per line, smallest population first. “{BAND_EXAMPLE}” means populations of 50,001 to 100,000 pay $1,200 a year. The first band starts at 1, each band
          starts one above the previous one, and the last has no upper limit: “{TOP_BAND_EXAMPLE}”.
        </p>
        {ENTITY_TYPES.map((t) => (
          <fieldset key={t}>
            <legend>{capital(ENTITY_TYPE_NOUNS[t].many)}</legend>
            <Select
              name={`mode_${t}`}
              label="How dues are set"
              required
              value={v[`mode_${t}`]}
              error={e[`mode_${t}`]}
              options={[
                { value: 'bands', label: 'By population band' },
                { value: 'contact', label: 'Contact us (no self-serve price)' },
              ]}
            />
            <TextArea
              name={`bands_${t}`}
              label={`Population bands for ${ENTITY_TYPE_NOUNS[t].many}`}
              neededWhen="dues are set by population band"
              value={v[`bands_${t}`]}
              error={e[`bands_${t}`]}
              rows={11}
              hint="One band per line, as described above. Leave it empty when dues are set by “Contact us”: the bands are not used then."
            />
          </fieldset>
        ))}
        <button type="submit">{p.submitLabel}</button>
      </PostForm>
      <BackLink href="/staff/dues">Back to dues schedules</BackLink>
    </Layout>
  );
}

/** The confirmation of publishing a draft: from which day, who pays these dues, what /dues shows. */
export function PublishConfirmPage(p: { ctx: PageContext; outlook: PublishOutlook; contactEmail: string }) {
  const { schedule: s, today, before, after } = p.outlook;
  const day = formatDate(s.effectiveFrom);
  const startsToday = s.effectiveFrom === today;
  const previous = before ? `the version from ${formatDate(before.effectiveFrom)}` : null;
  // /dues shows the soonest later version only: this one once any published before it has started
  const beforeStarted = !before || before.effectiveFrom <= today;
  const duesPage = (
    <>
      the public dues page (<a href="/dues">/dues</a>)
    </>
  );
  return ConfirmPage({
    ctx: p.ctx,
    title: `Publish the dues schedule from ${day}?`,
    lead: startsToday
      ? `It starts today, ${day}${previous ? `, in place of ${previous}` : ''}: from the moment you publish it, these dues are quoted, and the version can no longer be changed.`
      : `It starts on ${day}.${previous ? ` Until then, ${previous} ${beforeStarted ? 'stays in force' : 'applies, from the day it starts'}.` : ''} You can still replace or delete it until it starts; after that it can no longer be changed.`,
    details: (
      <>
        <h2>What publishing changes</h2>
        <ul>
          <li>
            Renewals of terms that start on or after {day} pay these dues, and so do applications sent from {day}
            {startsToday ? ' (today)' : ''}.
          </li>
          <li>
            {startsToday ? (
              <>Visitors see it at once: {duesPage} shows these dues as the dues in force, and its calculator quotes them.</>
            ) : !beforeStarted ? (
              <>
                Once {previous} has started, {duesPage} shows these dues under “New dues from {day}”, below the dues in force until then; from {day} it shows them as the dues in
                force, and its calculator quotes them.
              </>
            ) : (
              <>
                Visitors see it at once: {duesPage} shows these dues under “New dues from {day}”, below the dues in force until then; from {day} it shows them as the dues in force,
                and its calculator quotes them.
              </>
            )}
          </li>
          {after ? <li>These dues stay in force until the version from {formatDate(after.effectiveFrom)} starts.</li> : null}
        </ul>
        <h2>The dues it publishes</h2>
        <ScheduleTables schedule={s} contactEmail={p.contactEmail} />
      </>
    ),
    action: `/staff/dues/${s.id}/publish`,
    button: 'Publish this version',
    back: { href: `/staff/dues/${s.id}`, label: 'Back to the version' },
    plain: true,
  });
}
