// The page of open times, to book the first meeting (/org/meetings/new) or to move it. Three weeks
// of times are long on a phone, so the page shows a few days at a time: each day a group of radio
// buttons under its own heading, the button right after them, then links to earlier and later
// days and a day chooser (a GET form). It all works without JavaScript.
import type { FieldErrors } from '../../lib/errors.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, FieldError, PostForm } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { HowYouMeet, MemberPhoneField } from './format-views.js';
import type { Segment } from './meeting-format.js';
import { formatRange, groupByDay, type Slot } from './slots.js';

/** Days shown at once. */
export const DAYS_PER_PAGE = 3;

type Day = ReturnType<typeof groupByDay>[number];

/** The days to show: from the day of the chosen time, else the first day on or after `from`. */
export function pageOfDays(days: Day[], opts: { from?: string; chosen?: string }): { shown: Day[]; start: number } {
  let start = 0;
  const chosenDay = opts.chosen ? days.findIndex((d) => d.slots.some((s) => s.value === opts.chosen)) : -1;
  if (chosenDay >= 0) start = chosenDay;
  else if (opts.from) {
    const i = days.findIndex((d) => d.date >= (opts.from ?? ''));
    start = i >= 0 ? i : Math.max(0, days.length - DAYS_PER_PAGE);
  }
  return { shown: days.slice(start, start + DAYS_PER_PAGE), start };
}

const shortDay = (d: Day) => d.label.replace(/, \d{4}$/, '');

/** How many days have open times, and which this page shows. */
export function OpenDaysLead(p: { days: Day[]; shown: Day[] }) {
  return (
    <p>
      {p.days.length === 1 ? 'One day has open times' : `${p.days.length} days have open times`} in the next three weeks. This page shows{' '}
      {p.shown.length === 1 ? shortDay(p.shown[0] as Day) : `${shortDay(p.shown[0] as Day)} to ${shortDay(p.shown.at(-1) as Day)}`}.
    </p>
  );
}

/** The shown days' times: a group of radio buttons (`slot`) under each day's heading. */
export function SlotDaysField(p: { shown: Day[]; legend: string; hint: string; chosen?: string; error?: string }) {
  return (
    <fieldset class={p.error ? 'field field-error slot-days' : 'field slot-days'} aria-describedby={p.error ? 'f-slot-hint f-slot-error' : 'f-slot-hint'}>
      <legend>{p.legend}</legend>
      <p class="hint" id="f-slot-hint">
        {p.hint}
      </p>
      <FieldError id="f-slot-error" error={p.error} />
      {p.shown.map((d, di) => (
        <fieldset key={d.date} class="radios slot-day">
          <legend>
            <h3>{d.label}</h3>
          </legend>
          <div class="slot-grid">
            {d.slots.map((s, si) => {
              const id = di === 0 && si === 0 ? 'f-slot' : `f-slot-${s.start.getTime()}`;
              return (
                <div class="radio" key={s.value}>
                  <input id={id} type="radio" name="slot" value={s.value} checked={p.chosen === s.value} />
                  <label for={id}>{s.label}</label>
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

/** Links to the days before and after the shown ones. */
export function DayPages(p: { earlier?: Day; later?: Day; href: (d: Day) => string }) {
  if (!p.earlier && !p.later) return null;
  return (
    <nav aria-label="More days with open times" class="day-pages">
      <ul>
        {p.earlier ? (
          <li>
            <a href={p.href(p.earlier)}>Earlier days</a>
          </li>
        ) : null}
        {p.later ? (
          <li>
            <a href={p.href(p.later)}>Later days, from {shortDay(p.later)}</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export interface PickerProps {
  ctx: PageContext;
  organizationId: string;
  organizationName: string;
  advisorName: string;
  zone: string;
  slots: Slot[];
  /** where the form posts, and the page's own path (the day links and the day chooser) */
  action: string;
  pagePath: string;
  moving?: { start: Date; end: Date };
  how: Segment[];
  /** the member gives a number for the advisor to call */
  askPhone: boolean;
  from?: string;
  values?: { slot?: string; phone?: string };
  message?: string;
  errors?: FieldErrors;
}

export function PickerPage(p: PickerProps) {
  const title = p.moving ? 'Move your first meeting' : 'Book your first meeting';
  const days = groupByDay(p.slots, p.zone);
  const { shown, start } = pageOfDays(days, { from: p.from, chosen: p.values?.slot });
  const earlier = start > 0 ? days[Math.max(0, start - DAYS_PER_PAGE)] : undefined;
  const later = days[start + DAYS_PER_PAGE];
  const dayHref = (d: Day) => `${p.pagePath}?${p.moving ? '' : `org=${p.organizationId}&`}from=${d.date}#times`;
  const error = p.errors?.slot;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href={`/org/meetings?org=${p.organizationId}`}>Your advisor</BackLink>
      <h1>{title}</h1>
      <p class="lead">
        {p.organizationName} with {p.advisorName}
      </p>
      <ErrorSummary message={p.message} errors={p.errors} labels={{ slot: 'Time', phone: 'Phone number' }} />
      {p.moving ? <p>Now booked for {formatRange(p.moving.start, p.moving.end, p.zone)}. Choose the new time; everyone receives an updated invitation.</p> : null}
      <h2>How you meet</h2>
      <p>
        <HowYouMeet segments={p.how} />
      </p>
      <h2 id="times">Open times</h2>
      {days.length === 0 ? (
        <p>There are no open times in the next three weeks. Please write to your advisor to agree on a time.</p>
      ) : (
        <>
          <OpenDaysLead days={days} shown={shown} />
          <form method="get" action={`${p.pagePath}#times`} class="filters day-chooser">
            {p.moving ? null : <input type="hidden" name="org" value={p.organizationId} />}
            <div class="field">
              <label for="f-from">Show times from</label>
              <select id="f-from" name="from">
                {days.map((d) => (
                  <option key={d.date} value={d.date} selected={d.date === shown[0]?.date}>
                    {`${d.label} (${d.slots.length === 1 ? '1 time' : `${d.slots.length} times`})`}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button-secondary">
              Show
            </button>
          </form>
          <PostForm action={p.action} csrf={p.ctx.csrf} label={title}>
            <input type="hidden" name="org" value={p.organizationId} />
            <SlotDaysField
              shown={shown}
              legend="Choose a time"
              hint={`Times are in your organization’s time zone: ${timeZoneLabel(p.zone)}.`}
              chosen={p.values?.slot}
              error={error}
            />
            {p.askPhone ? <MemberPhoneField advisor={p.advisorName} value={p.values?.phone} error={p.errors?.phone} /> : null}
            <button type="submit">{p.moving ? 'Move to this time' : 'Book this time'}</button>
          </PostForm>
          <DayPages earlier={earlier} later={later} href={dayHref} />
        </>
      )}
    </Layout>
  );
}
