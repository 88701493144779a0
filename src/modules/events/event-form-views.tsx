// The staff form of an event: a new event (saved as a draft) and the edit of one.
import type { FieldErrors } from '../../lib/errors.js';
import { MEETING_TIME_ZONES, timeZoneOptions } from '../../lib/us-states.js';
import { BackLink, Checkbox, ErrorSummary, Field, PostForm, Select, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import type { Told } from './event-changes.js';
import { FORMAT_LABELS, KIND_LABELS } from './format.js';
import type { EventRow } from './queries.js';
import { EVENT_LABELS } from './schemas.js';

type Values = Record<string, string>;
const opts = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const AUDIENCE = { everyone: 'Everyone', members: 'Members only (others see a teaser)' };

const list = (parts: string[]) => new Intl.ListFormat('en-US').format(parts);

/** "2 people are registered, one is offered a seat from the waitlist, and one is on the waitlist."
 * The groups counted apart: only the registered get a calendar file. */
function whoAre(told: Told): string {
  const groups = (
    [
      [told.registered, 'registered'],
      [told.offered, 'offered a seat from the waitlist'],
      [told.waitlist, 'on the waitlist'],
    ] as const
  ).filter(([n]) => n > 0);
  return list(groups.map(([n, what], i) => (i === 0 ? `${n === 1 ? 'One person is' : `${n} people are`} ${what}` : `${n === 1 ? 'one is' : `${n} are`} ${what}`)));
}

/** Before saving: whom a change of time or place emails, and what each group gets (the waitlist
 * only a new time or place: the join link is never theirs; a calendar file only the registered). */
function WhoIsTold(p: { toTell?: Told }) {
  const { registered = 0, offered = 0, waitlist = 0 } = p.toTell ?? {};
  if (registered + offered + waitlist === 0) return null;
  const them = registered + offered + waitlist === 1 ? 'them' : 'each of them';
  const what = registered + offered === 0 ? 'start, end, time zone, format, venue or address' : 'start, end, time zone, format, venue, address or join link';
  const gets = [
    ...(registered > 0 ? [offered + waitlist > 0 ? 'those registered get an updated calendar file' : 'with an updated calendar file'] : []),
    ...(offered > 0 ? ['an offered seat gets no calendar file until it is accepted'] : []),
    ...(waitlist > 0 && registered + offered > 0 ? ['the waitlist hears only of a new time or place'] : []),
  ];
  const detail = gets.length === 0 ? '' : registered > 0 && gets.length === 1 ? `, ${gets[0]}` : `: ${gets.join('; ')}`;
  return (
    <p class="notice" id="registrants-told">
      {`${whoAre({ registered, offered, waitlist })}. If you change the ${what}, saving emails ${them} what changed${detail}.`} Other changes, such as the description, email
      nobody.
    </p>
  );
}

/** The flash after saving: how many were emailed, the registered (with the calendar file), those
 * offered a seat (without) and the waitlist counted apart. */
export function savedMessage(told: Told): string {
  const { registered, offered, waitlist } = told;
  if (registered + offered + waitlist === 0) return 'Event saved.';
  if (offered === 0 && waitlist === 0)
    return `Event saved. We emailed the ${registered === 1 ? 'person' : `${registered} people`} registered what changed, with the updated calendar file.`;
  if (registered === 0 && offered === 0) return `Event saved. We emailed what changed to the ${waitlist === 1 ? 'person' : `${waitlist} people`} on the waitlist.`;
  const parts = [
    ...(registered > 0 ? [`${registered} registered (with the updated calendar file)`] : []),
    ...(offered > 0 ? [`${offered} offered a seat (no calendar file until they accept it)`] : []),
    ...(waitlist > 0 ? [`${waitlist} on the waitlist`] : []),
  ];
  return `Event saved. We emailed what changed to ${list(parts)}.`;
}

export function EventFormPage(p: { ctx: PageContext; event?: EventRow; values: Values; pathways: Pathway[]; chosenPathways: string[]; errors?: FieldErrors; toTell?: Told }) {
  const e = p.errors ?? {};
  const v = p.values;
  const editing = !!p.event;
  return (
    <Layout ctx={p.ctx} title={editing ? `Edit ${p.event?.title}` : 'New event'}>
      <BackLink href={editing ? `/staff/events/${p.event?.id}` : '/staff/events'}>{editing ? 'Back to the event' : 'Events'}</BackLink>
      <h1>{editing ? `Edit ${p.event?.title}` : 'New event'}</h1>
      <p class="lead">{editing ? 'Changes show on the public page at once.' : 'The event is saved as a draft. Add its agenda and ticket types next, then publish it.'}</p>
      <WhoIsTold toTell={p.toTell} />
      <ErrorSummary errors={p.errors} labels={EVENT_LABELS} />
      <PostForm action={editing ? `/staff/events/${p.event?.id}/edit` : '/staff/events'} csrf={p.ctx.csrf} label={editing ? 'Edit the event' : 'New event'}>
        <Field name="title" label={EVENT_LABELS.title ?? ''} value={v.title} error={e.title} required maxLength={200} />
        <Field
          name="slug"
          label={EVENT_LABELS.slug ?? ''}
          value={v.slug}
          error={e.slug}
          hint="The end of the event’s address, /events/…: lowercase letters, digits and hyphens. Leave blank to make one from the title."
          maxLength={120}
        />
        <Select name="kind" label={EVENT_LABELS.kind ?? ''} options={opts(KIND_LABELS)} value={v.kind} error={e.kind} required />
        <Select name="format" label={EVENT_LABELS.format ?? ''} options={opts(FORMAT_LABELS)} value={v.format} error={e.format} required />
        <Select name="audience" label={EVENT_LABELS.audience ?? ''} options={opts(AUDIENCE)} value={v.audience || 'everyone'} error={e.audience} required />
        <TextArea
          name="summary"
          label={EVENT_LABELS.summary ?? ''}
          value={v.summary}
          error={e.summary}
          hint="One or two sentences for the list of events (500 characters at most)."
          maxLength={500}
          rows={2}
        />
        <TextArea
          name="description"
          label={EVENT_LABELS.description ?? ''}
          value={v.description}
          error={e.description}
          hint="Plain text; leave a blank line between paragraphs."
          rows={8}
        />
        <Select
          name="timeZone"
          label={EVENT_LABELS.timeZone ?? ''}
          options={timeZoneOptions(MEETING_TIME_ZONES, v.timeZone, p.event?.time_zone)}
          value={v.timeZone}
          error={e.timeZone}
          required
          hint="Where the event happens: its start and end below are local times there."
        />
        <Field name="startsAt" label={EVENT_LABELS.startsAt ?? ''} value={v.startsAt} error={e.startsAt} required hint="Local date and time in that zone, like 2027-03-16 09:00." />
        <Field name="endsAt" label={EVENT_LABELS.endsAt ?? ''} value={v.endsAt} error={e.endsAt} required hint="Like 2027-03-16 16:30." />
        <Field
          name="venueName"
          label={EVENT_LABELS.venueName ?? ''}
          value={v.venueName}
          error={e.venueName}
          neededWhen="it is held in person or both"
          hint="Not kept for an online event."
          maxLength={200}
        />
        <TextArea
          name="venueAddress"
          label={EVENT_LABELS.venueAddress ?? ''}
          value={v.venueAddress}
          error={e.venueAddress}
          neededWhen="it is held in person or both"
          hint="Street, city and state, as people would type it into a map."
          rows={2}
          maxLength={500}
        />
        <Field
          name="joinUrl"
          label={EVENT_LABELS.joinUrl ?? ''}
          type="url"
          value={v.joinUrl}
          error={e.joinUrl}
          neededWhen="it is online or both, to publish it"
          hint="https:// only. Needed before an online or hybrid event is published; shown only to registered attendees and programs staff."
        />
        <Field
          name="capacity"
          label={EVENT_LABELS.capacity ?? ''}
          value={v.capacity}
          error={e.capacity}
          inputMode="numeric"
          hint="Seats for the whole event; leave blank for no limit."
        />
        <Field name="cancelHoursBefore" label={EVENT_LABELS.cancelHoursBefore ?? ''} value={v.cancelHoursBefore || '72'} error={e.cancelHoursBefore} inputMode="numeric" required />
        <Field
          name="offerHours"
          label={EVENT_LABELS.offerHours ?? ''}
          value={v.offerHours || '48'}
          error={e.offerHours}
          inputMode="numeric"
          required
          hint="How long a freed seat offered to the next person on the waitlist stays open."
        />
        <Checkbox name="transfersAllowed" label={EVENT_LABELS.transfersAllowed ?? ''} checked={v.transfersAllowed === 'yes'} />
        {p.pathways.length ? (
          <fieldset class="field checkboxes">
            <legend>Pathways (optional)</legend>
            {p.pathways.map((pw) => (
              <Checkbox key={pw.id} name={`pathway_${pw.id}`} label={pw.name} checked={p.chosenPathways.includes(pw.id)} />
            ))}
          </fieldset>
        ) : null}
        <div class="button-row">
          <button type="submit">{editing ? 'Save changes' : 'Create draft'}</button>
        </div>
      </PostForm>
    </Layout>
  );
}
