// The confirmation of publishing a draft schedule version.

import { BackLink } from '../../web/components.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ScheduleTables } from './band-tables.js';
import { formatDate } from './format.js';
import { StartPassedNotice } from './schedule-views.js';
import type { ListedSchedule, PublishOutlook } from './service.js';

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
