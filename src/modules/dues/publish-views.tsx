// The confirmation of publishing a draft schedule version, and the message once it is published.

import { BackLink } from '../../web/components.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ScheduleTables } from './band-tables.js';
import { formatDate } from './format.js';
import { StartPassedNotice } from './schedule-views.js';
import type { ListedSchedule, PublishOutlook } from './service.js';

/** When visitors see a version once it is published: at once as the dues in force (it starts
 * today); at once under “New dues from …” (nothing is published before it, or the version before
 * it has started); or only once the published version before it has started, since /dues shows
 * the soonest later version only. The confirmation and the message after publishing both say it. */
type PublishedReach = 'in_force_now' | 'next_now' | 'once_previous_starts';

function reachOf(o: Pick<PublishOutlook, 'schedule' | 'today' | 'before'>): PublishedReach {
  if (o.schedule.effectiveFrom === o.today) return 'in_force_now';
  return !o.before || o.before.effectiveFrom <= o.today ? 'next_now' : 'once_previous_starts';
}

/** The message after publishing: when visitors see the version and from which day it is quoted. */
export function publishedMessage(o: PublishOutlook): string {
  const day = formatDate(o.schedule.effectiveFrom);
  const reach = reachOf(o);
  if (reach === 'in_force_now') return `Published. Visitors see this version at once, as the dues in force on the public dues page, and quotes use it from today, ${day}.`;
  if (reach === 'once_previous_starts' && o.before) {
    return `Published. Visitors see this version on the public dues page once the version from ${formatDate(o.before.effectiveFrom)} has started, and quotes use it from ${day}.`;
  }
  return `Published. Visitors see this version at once, under “New dues from ${day}” on the public dues page, and quotes use it from ${day}.`;
}

/** The confirmation of publishing a draft: from which day, who pays these dues, what /dues shows. */
export function PublishConfirmPage(p: { ctx: PageContext; outlook: PublishOutlook; contactEmail: string }) {
  const { schedule: s, after } = p.outlook;
  const day = formatDate(s.effectiveFrom);
  const reach = reachOf(p.outlook);
  const startsToday = reach === 'in_force_now';
  const before = p.outlook.before;
  const previous = before ? `the version from ${formatDate(before.effectiveFrom)}` : null;
  const beforeStarted = reach !== 'once_previous_starts';
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
        <ScheduleTables schedule={s} contactEmail={p.contactEmail} forStaff />
      </>
    ),
    action: `/staff/dues/${s.id}/publish`,
    button: 'Publish this version',
    back: { href: `/staff/dues/${s.id}`, label: 'Back to the version' },
    plain: true,
  });
}

/** The confirmation's refusal of a draft whose start day has passed (status 409): the same words
 * as the draft's page, and the way to a new start day. */
export function PublishStartPassedPage(p: { ctx: PageContext; schedule: ListedSchedule }) {
  const title = `The dues schedule from ${formatDate(p.schedule.effectiveFrom)} cannot be published yet`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={`/staff/dues/${p.schedule.id}`}>Back to the version</a>
      </p>
      <h1>{title}</h1>
      <StartPassedNotice schedule={p.schedule} />
      <BackLink href="/staff/dues">Back to dues schedules</BackLink>
    </Layout>
  );
}
