// The staff pages of schedule versions: the list and one version's page.
import { ENTITY_TYPES } from '../../db/types.js';
import { formatZonedDay } from '../../lib/format.js';
import { BackLink, DangerLink, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { BandTable, capital } from './band-tables.js';
import { formatDate } from './format.js';
import type { ScheduleStatus } from './rules.js';
import type { ListedSchedule } from './service.js';

const STATUS_LABELS: Record<ScheduleStatus, string> = { in_force: 'In force today', future: 'Starts later', past: 'Replaced', draft: 'Draft (staff only)' };

/** The list's status of a version: a draft whose start day has passed says so, as its page does. */
const listedStatus = (s: ListedSchedule) =>
  s.startPassed ? `${STATUS_LABELS.draft}. Its start day has passed, so it needs a new one before it can be published.` : STATUS_LABELS[s.status];

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
          { label: 'Status', cell: listedStatus },
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
      {s.status === 'draft' && s.startPassed ? (
        <>
          <h2>Publish this version</h2>
          <p>This is a draft: only membership staff see it, and quotes, applications and invoices ignore it.</p>
          <StartPassedNotice schedule={s} />
        </>
      ) : s.status === 'draft' ? (
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
          <p>{s.status === 'draft' ? 'It is a draft, so you can still replace or delete it.' : 'This version has not started yet, so you can still replace or delete it.'}</p>
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

/** Why a draft whose start day has passed cannot be published, and the way on: on its page and on
 * the publish confirmation's refusal. */
export function StartPassedNotice(p: { schedule: ListedSchedule }) {
  const s = p.schedule;
  return (
    <>
      <p>
        Its start day, {formatDate(s.effectiveFrom)}, has passed, so it cannot be published as it is: a version is published only with a start day of today or later. Give it a new
        start day on the form that replaces it (the form keeps its bands and note), then publish it.
      </p>
      <p>
        <a class="button" href={`/staff/dues/${s.id}/edit`}>
          Choose a new start day
        </a>
      </p>
    </>
  );
}
