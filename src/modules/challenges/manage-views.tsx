// The government's pages (its challenges, a new one, one challenge's review queue and catalogue)
// and staff's catalogue template. Rows each carry their own small form, whose fields and error
// summary share the row's id scope (`action-<id>`, `review-<id>`, `new-action`).
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { Checkbox, ErrorSummary, Field, fieldId, PostForm, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Challenge } from './queries.js';
import { type ChallengeCompletionStatus, STATUS_LABELS } from './shared.js';

export interface ActionRow {
  id: string;
  title: string;
  category: string;
  points: number;
  evidence_required: boolean;
  retired: boolean;
}

/** A failed form of a page: which one (its id scope), its values and its messages. */
export interface FailedForm {
  key: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The id scopes of the row forms, which are also the keys of a failed form. */
export const NEW_ACTION = 'new-action';
export const actionScope = (id: string) => `action-${id}`;
export const reviewScope = (id: string) => `review-${id}`;

const ACTION_LABELS = { title: 'Action', category: 'Category', points: 'Points' };

/** The fields of an action (template or catalogue), for a new one or one to change. */
function ActionForm(p: { ctx: PageContext; action: string; scope: string; label: string; a?: ActionRow; failed?: FailedForm; button: string }) {
  const v = p.failed?.key === p.scope ? p.failed.values : undefined;
  const e = p.failed?.key === p.scope ? p.failed.errors : {};
  const val = (k: 'title' | 'category' | 'points') => v?.[k] ?? (p.a ? String(p.a[k]) : '');
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label={p.label} class="row-form">
      {v ? <ErrorSummary errors={e} labels={ACTION_LABELS} idScope={p.scope} /> : null}
      <Field idScope={p.scope} name="title" label={ACTION_LABELS.title} value={val('title')} error={e.title} required maxLength={200} />
      <Field idScope={p.scope} name="category" label={ACTION_LABELS.category} value={val('category')} error={e.category} required maxLength={80} />
      <Field idScope={p.scope} name="points" label={ACTION_LABELS.points} type="number" value={val('points')} error={e.points} required />
      <Checkbox idScope={p.scope} name="evidenceRequired" label="Evidence required" checked={v ? v.evidenceRequired === 'yes' : !!p.a?.evidence_required} />
      {p.a ? <Checkbox idScope={p.scope} name="retired" label="Withdrawn (no longer offered)" checked={v ? v.retired === 'yes' : p.a.retired} /> : null}
      <button type="submit">{p.button}</button>
    </PostForm>
  );
}

function Catalogue(p: { ctx: PageContext; rows: ActionRow[]; base: string; failed?: FailedForm; what: string }) {
  return (
    <>
      {p.rows.length === 0 ? <p>There are no actions yet.</p> : null}
      {p.rows.map((a) => (
        <section key={a.id} aria-labelledby={`${actionScope(a.id)}-h`} class="card">
          <h3 id={`${actionScope(a.id)}-h`}>
            {a.title}
            {a.retired ? ' (withdrawn)' : ''}
          </h3>
          <ActionForm ctx={p.ctx} action={`${p.base}/${a.id}`} scope={actionScope(a.id)} label={`Change “${a.title}”`} a={a} failed={p.failed} button="Save the action" />
        </section>
      ))}
      <h3>Add an action {p.what}</h3>
      <ActionForm ctx={p.ctx} action={p.base} scope={NEW_ACTION} label="Add an action" failed={p.failed} button="Add the action" />
    </>
  );
}

export function TemplatePage(p: { ctx: PageContext; rows: ActionRow[]; failed?: FailedForm }) {
  return (
    <Layout ctx={p.ctx} title="Business challenge: catalog template">
      <h1>Business challenge: catalog template</h1>
      <p>
        Each new challenge a member government starts copies the actions below that are not withdrawn; the government then edits its own copy. Changing the template changes no
        challenge already started.
      </p>
      <h2>Actions</h2>
      <Catalogue ctx={p.ctx} rows={p.rows} base="/staff/challenges/template" failed={p.failed} what="to the template" />
    </Layout>
  );
}

const NEW_LABELS = { title: 'Title', slug: 'Web address', description: 'Description', startsOn: 'First day', endsOn: 'Last day', bronze: 'Bronze', silver: 'Silver', gold: 'Gold' };

export function OrgChallengesPage(p: {
  ctx: PageContext;
  orgs: Array<{ id: string; name: string }>;
  challenges: Array<{ slug: string; title: string; starts_on: string; ends_on: string; government: string }>;
  values?: Record<string, string>;
  errors?: FieldErrors;
  refused?: string;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Business challenges">
      <p>{p.orgs.length === 1 && p.orgs[0] ? <a href={`/org?org=${p.orgs[0].id}#challenges`}>Back to {p.orgs[0].name}</a> : <a href="/org">Back to your organizations</a>}</p>
      <h1>Business challenges</h1>
      <p>Run a challenge for local businesses: they join, mark the actions they have done, and you verify them; verified actions earn points on a public leaderboard.</p>
      <SimpleTable
        caption="Your challenges"
        rows={p.challenges}
        rowKey={(c) => c.slug}
        empty="You have no challenges yet."
        columns={[
          { label: 'Challenge', cell: (c) => <a href={`/challenges/${c.slug}/manage`}>{c.title}</a> },
          { label: 'Government', cell: (c) => c.government },
          { label: 'Season', cell: (c) => `${formatDay(c.starts_on)} to ${formatDay(c.ends_on)}` },
        ]}
      />
      <h2>Start a challenge</h2>
      <p>The challenge starts with a copy of the network’s catalog of actions, which you can then change.</p>
      {p.refused ? <ErrorSummary title="We cannot start this challenge" message={p.refused} /> : <ErrorSummary errors={p.errors} labels={NEW_LABELS} />}
      <PostForm action="/org/challenges" csrf={p.ctx.csrf} label="Start a challenge">
        {p.orgs.length > 1 ? (
          <div class="field">
            <label for="f-org">Government</label>
            <select id="f-org" name="org">
              {p.orgs.map((o) => (
                <option key={o.id} value={o.id} selected={v.org === o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="org" value={p.orgs[0]?.id ?? ''} />
        )}
        <Field name="title" label={NEW_LABELS.title} value={v.title} error={e.title} required maxLength={200} />
        <Field
          name="slug"
          label={NEW_LABELS.slug}
          value={v.slug}
          error={e.slug}
          required
          maxLength={80}
          hint="Lowercase letters, digits and hyphens: the challenge will be at /challenges/this-address."
        />
        <Field name="description" label={NEW_LABELS.description} value={v.description} error={e.description} maxLength={4000} />
        <Field name="startsOn" type="date" label={NEW_LABELS.startsOn} value={v.startsOn} error={e.startsOn} required />
        <Field name="endsOn" type="date" label={NEW_LABELS.endsOn} value={v.endsOn} error={e.endsOn} required />
        <Field name="bronze" type="number" label="Points for Bronze" value={v.bronze ?? '50'} error={e.bronze} required />
        <Field name="silver" type="number" label="Points for Silver" value={v.silver ?? '100'} error={e.silver} required />
        <Field name="gold" type="number" label="Points for Gold" value={v.gold ?? '200'} error={e.gold} required />
        <button type="submit">Start the challenge</button>
      </PostForm>
    </Layout>
  );
}

export interface QueueRow {
  id: string;
  status: ChallengeCompletionStatus;
  evidence_text: string;
  reason: string;
  business: string;
  action: string;
  points: number;
  category: string;
  filename: string | null;
  reviewed_at: Date | null;
}

/** One page of decided actions (newest first), with the count and where this page starts. */
export interface DecidedPage {
  rows: QueueRow[];
  total: number;
  page: number;
  pages: number;
  first: number;
}

const n = (x: number) => x.toLocaleString('en-US');

/** How many actions are decided, and which of them this page shows. */
function DecidedCount(p: { d: DecidedPage }) {
  const { d } = p;
  if (d.total === 0) return null;
  return (
    <p id="decided-count">
      {n(d.total)} {d.total === 1 ? 'action' : 'actions'} decided. Showing {n(d.first)} to {n(d.first + d.rows.length - 1)}, newest first.
    </p>
  );
}

/** The links to newer and older decided actions (`?decided=<page>`), under the table. */
function DecidedPager(p: { slug: string; d: DecidedPage }) {
  const { d } = p;
  if (d.pages <= 1) return null;
  const href = (page: number) => `/challenges/${p.slug}/manage${page > 1 ? `?decided=${page}` : ''}#decided-h`;
  return (
    <nav class="pager" aria-label="Pages of decided actions">
      {d.page > 1 ? (
        <a href={href(d.page - 1)} rel="prev">
          Newer decisions
        </a>
      ) : null}{' '}
      {d.page < d.pages ? (
        <a href={href(d.page + 1)} rel="next">
          Older decisions
        </a>
      ) : null}
    </nav>
  );
}

export function ManagePage(p: {
  ctx: PageContext;
  c: Challenge;
  waiting: { rows: QueueRow[]; total: number };
  decided: DecidedPage;
  actions: ActionRow[];
  failed?: FailedForm;
  refused?: string;
}) {
  const waiting = p.waiting.rows;
  const decided = p.decided.rows;
  return (
    <Layout ctx={p.ctx} title={`Manage ${p.c.title}`}>
      <p>
        <a href={`/org/challenges?org=${p.c.organization_id}`}>Back to the challenges of {p.c.government}</a>
      </p>
      <h1>Manage {p.c.title}</h1>
      <p>
        {p.c.government}, from {formatDay(p.c.starts_on)} to {formatDay(p.c.ends_on)}. <a href={`/challenges/${p.c.slug}`}>See the public leaderboard</a>.
      </p>
      {p.refused ? <ErrorSummary title="That could not be done" message={p.refused} /> : null}
      <h2>Waiting for verification</h2>
      {waiting.length === 0 ? (
        <p>Nothing is waiting.</p>
      ) : (
        <p>
          {p.waiting.total > waiting.length
            ? `${n(p.waiting.total)} actions are waiting; the ${n(waiting.length)} sent first are below. Decide them and the next ones come up.`
            : `${n(p.waiting.total)} ${p.waiting.total === 1 ? 'action is' : 'actions are'} waiting, the one sent first at the top.`}
        </p>
      )}
      {waiting.map((q) => {
        const scope = reviewScope(q.id);
        const failed = p.failed?.key === scope ? p.failed : undefined;
        return (
          <section key={q.id} class="card" aria-labelledby={`${scope}-h`}>
            <h3 id={`${scope}-h`}>
              {q.business}: {q.action}
            </h3>
            <p>
              {q.category} · {q.points} points
            </p>
            <p>Evidence: {q.evidence_text || 'none written'}</p>
            {q.filename ? (
              <p>
                File: <a href={`/challenges/evidence/${q.id}`}>{q.filename}</a>
              </p>
            ) : null}
            <PostForm action={`/challenges/${p.c.slug}/manage/completions/${q.id}`} csrf={p.ctx.csrf} label={`Decide on ${q.business}: ${q.action}`}>
              {failed ? <ErrorSummary errors={failed.errors} labels={{ reason: 'Reason', decision: 'Decision' }} idScope={scope} /> : null}
              <Field
                idScope={scope}
                name="reason"
                label="Reason"
                neededWhen="you reject it"
                hint="We email it to the business, and it shows on their page, so they can put the action right and send it again."
                value={failed?.values.reason ?? ''}
                error={failed?.errors.reason}
                maxLength={2000}
              />
              {/* the decision is the button pressed: the first one has the field's id, for the summary's link */}
              <button type="submit" name="decision" value="verify" id={fieldId('decision', scope)}>
                Verify
              </button>{' '}
              <button type="submit" name="decision" value="reject">
                Reject
              </button>
            </PostForm>
          </section>
        );
      })}
      <h2 id="decided-h">Decided</h2>
      <DecidedCount d={p.decided} />
      <SimpleTable
        caption="Decided, newest first"
        rows={decided}
        rowKey={(q) => q.id}
        empty="Nothing decided yet."
        columns={[
          { label: 'Business', cell: (q) => q.business },
          { label: 'Action', cell: (q) => q.action },
          { label: 'Decision', cell: (q) => STATUS_LABELS[q.status] },
          { label: 'Decided on', cell: (q) => formatZonedDay(q.reviewed_at, p.ctx.timeZone) },
          { label: 'Reason', cell: (q) => q.reason },
        ]}
      />
      <DecidedPager slug={p.c.slug} d={p.decided} />
      <h2>Catalog</h2>
      <p>Changing an action’s points changes the points of every business that has it verified.</p>
      <Catalogue ctx={p.ctx} rows={p.actions} base={`/challenges/${p.c.slug}/manage/actions`} failed={p.failed} what="to this challenge" />
    </Layout>
  );
}
