// Public and business pages of the challenge: the leaderboard, the sign-up, and a business's own
// page where it marks actions done with evidence.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { US_ADDRESS_LABELS } from '../../lib/us-address.js';
import { ErrorSummary, Field, FileField, PostForm, SimpleTable, TextArea, UsAddressFields } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Challenge, LeaderboardRow } from './queries.js';
import { BADGE_LABELS, type ChallengeCompletionStatus, STATUS_LABELS, seasonClosed, seasonOn } from './shared.js';

const season = (c: Challenge) => `${formatDay(c.starts_on)} to ${formatDay(c.ends_on)}`;
const points = (n: number) => `${new Intl.NumberFormat('en-US').format(n)} ${n === 1 ? 'point' : 'points'}`;

function Badges(p: { c: Challenge }) {
  return (
    <p>
      Badges: Bronze at {points(p.c.bronze_points)}, Silver at {points(p.c.silver_points)}, Gold at {points(p.c.gold_points)}.
    </p>
  );
}

/** `business`: whether the signed-in person has signed a business up (undefined: not signed in). */
export function LeaderboardPage(p: { ctx: PageContext; c: Challenge; rows: LeaderboardRow[]; today: string; business?: boolean }) {
  const categories = [...new Set(p.rows.flatMap((r) => Object.keys(r.categories)))].sort();
  const state = seasonOn(p.today, p.c);
  return (
    <Layout ctx={p.ctx} title={p.c.title}>
      <h1>{p.c.title}</h1>
      <p>
        Run by {p.c.government}, {p.c.state}, from {season(p.c)}.{' '}
        {state === 'running' ? 'The challenge is open.' : state === 'upcoming' ? 'The challenge has not started yet.' : 'The challenge is over.'}
      </p>
      {p.c.description ? <p>{p.c.description}</p> : null}
      {state === 'running' ? (
        p.business ? (
          <p>
            Your business has joined: <a href={`/challenges/${p.c.slug}/business`}>go to your business’s page</a>.
          </p>
        ) : (
          <p>
            A business in {p.c.government}? <a href={`/challenges/${p.c.slug}/join`}>Join the challenge</a>
            {p.business === undefined ? (
              <>
                , or, if yours has joined, <a href={`/login?next=${encodeURIComponent(`/challenges/${p.c.slug}/business`)}`}>sign in</a> to go to its page
              </>
            ) : null}
            .
          </p>
        )
      ) : null}
      <h2>Leaderboard</h2>
      <p>Only actions the government has verified count. Businesses with the same points share a rank, and the next rank skips the places they share (1, 2, 2, 4).</p>
      <Badges c={p.c} />
      <SimpleTable
        caption={`Leaderboard of ${p.c.title}`}
        rowHeader={false}
        rows={p.rows}
        rowKey={(r) => r.businessId}
        empty="No business has joined yet."
        columns={[
          { label: 'Rank', cell: (r) => r.rank },
          { label: 'Business', cell: (r) => r.name },
          { label: 'Points', cell: (r) => r.points },
          { label: 'Badge', cell: (r) => (r.badge ? BADGE_LABELS[r.badge] : 'None yet') },
          ...categories.map((k) => ({ label: k, cell: (r: LeaderboardRow) => r.categories[k] ?? 0 })),
        ]}
      />
      <p>
        <a href={`/api/v1/challenges/${p.c.slug}/leaderboard`}>The leaderboard as data (JSON)</a>
      </p>
    </Layout>
  );
}

const START_LABELS = { contactName: 'Your name', email: 'Your email address' };

const JOIN_LABELS = {
  name: 'Business name',
  addressLine1: US_ADDRESS_LABELS.addressLine1,
  city: US_ADDRESS_LABELS.city,
  state: US_ADDRESS_LABELS.state,
  zip: US_ADDRESS_LABELS.zip,
  contactName: 'Your name',
};

/** Why the form is not shown: the season (not started, or over), signing in, the address not
 * confirmed, or a business already signed up. */
export function JoinPage(p: {
  ctx: PageContext;
  c: Challenge;
  blocked?: 'upcoming' | 'over' | 'signin' | 'unverified' | 'joined';
  values?: Record<string, string>;
  errors?: FieldErrors;
  refused?: string;
  /** the address a sign-in link was just sent to (a newcomer's start) */
  sent?: string;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const next = encodeURIComponent(`/challenges/${p.c.slug}/join`);
  const blocked: Record<string, ComponentChildren> = {
    upcoming: <p>{seasonClosed(p.c, 'upcoming')} You can join once it has started.</p>,
    over: <p>{seasonClosed(p.c, 'over')} Businesses could join only during the season.</p>,
    signin: p.sent ? (
      <div role="status">
        <h2>Check your email</h2>
        <p>
          We sent a link to <strong>{p.sent}</strong>. It confirms the address, signs you in and brings you back here to sign your business up. It works once, for 15 minutes; if it
          does not arrive, send the form again.
        </p>
      </div>
    ) : (
      <>
        <p>
          Already have an account? <a href={`/login?next=${next}`}>Sign in</a> (or <a href={`/login/magic?next=${next}`}>get a sign-in link by email</a>). The business’s contact is
          the person signed in.
        </p>
        <h2 id="new-here">New here? Start with your email address</h2>
        <ErrorSummary errors={p.errors} labels={START_LABELS} />
        <PostForm action={`/challenges/${p.c.slug}/join/start`} csrf={p.ctx.csrf} label="Start with your email address">
          <Field name="contactName" label={START_LABELS.contactName} value={v.contactName} error={e.contactName} required maxLength={200} autocomplete="name" />
          <Field
            name="email"
            type="email"
            label={START_LABELS.email}
            value={v.email}
            error={e.email}
            required
            maxLength={254}
            autocomplete="email"
            hint="We email you a link: following it confirms the address and signs you in. No password needed."
          />
          <button type="submit">Email me a link</button>
        </PostForm>
      </>
    ),
    unverified: (
      <p>
        Your email address is not confirmed yet. Follow the link we sent you, or <a href="/account/verify/new">ask for a new one</a>, then come back to this page.
      </p>
    ),
    joined: (
      <p>
        You have already signed a business up. <a href={`/challenges/${p.c.slug}/business`}>Go to your business’s page</a>.
      </p>
    ),
  };
  return (
    <Layout ctx={p.ctx} title={`Join ${p.c.title}`}>
      <h1>Join {p.c.title}</h1>
      <p>
        For businesses located in {p.c.government}, {p.c.state}. After you join, mark the actions your business has done; {p.c.government} checks each one, and verified actions
        earn points on the <a href={`/challenges/${p.c.slug}`}>leaderboard</a>.
      </p>
      {p.blocked ? (
        blocked[p.blocked]
      ) : (
        <>
          {p.refused ? <ErrorSummary title="We cannot sign this business up" message={p.refused} /> : <ErrorSummary errors={p.errors} labels={JOIN_LABELS} />}
          {p.ctx.principal ? (
            <p>
              You are signed in as {p.ctx.principal.name} (<strong>{p.ctx.principal.email}</strong>), with your email address confirmed. You will be the business’s contact: the one
              who marks its actions done and sees {p.c.government}’s decisions on your business’s page.
            </p>
          ) : null}
          <PostForm action={`/challenges/${p.c.slug}/join`} csrf={p.ctx.csrf} label="Join the challenge">
            <Field name="name" label={JOIN_LABELS.name} value={v.name} error={e.name} required maxLength={200} autocomplete="organization" />
            <UsAddressFields
              legend="The business’s address"
              hint={`The business must be in ${p.c.government}.`}
              values={{ ...v, state: v.state ?? p.c.state }}
              errors={p.refused ? {} : e}
              line2={false}
            />
            <Field
              name="contactName"
              label={JOIN_LABELS.contactName}
              value={v.contactName ?? p.ctx.principal?.name}
              error={e.contactName}
              required
              maxLength={200}
              autocomplete="name"
            />
            <button type="submit">Join the challenge</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

/** The button of an action's form: marking it, changing what waits for verification, or sending
 * it again after it was not accepted (a verified action has no form). */
const BUTTONS: Record<ChallengeCompletionStatus | 'none', string> = { none: 'Mark done', submitted: 'Change what you sent', rejected: 'Send again', verified: '' };

export interface BusinessAction {
  id: string;
  title: string;
  category: string;
  points: number;
  evidence_required: boolean;
  mark?: { id: string; status: ChallengeCompletionStatus; evidence_text: string; reason: string; filename: string | null };
}

export function BusinessPage(p: {
  ctx: PageContext;
  c: Challenge;
  business: { name: string };
  actions: BusinessAction[];
  standing: LeaderboardRow | undefined;
  /** the season's state today: actions are marked only while it runs */
  season: 'upcoming' | 'running' | 'over';
  form?: { actionId: string; errors: FieldErrors; values: Record<string, string> };
}) {
  /** Whether the action's form is on the page (not once the action is verified or the season closed). */
  const marking = (id: string) => p.season === 'running' && p.actions.find((a) => a.id === id)?.mark?.status !== 'verified';
  return (
    <Layout ctx={p.ctx} title={`${p.business.name}: ${p.c.title}`}>
      <h1>{p.business.name}</h1>
      <p>
        Your business in <a href={`/challenges/${p.c.slug}`}>{p.c.title}</a>, run by {p.c.government}.{' '}
        {p.standing ? `You have ${points(p.standing.points)} from verified actions and rank ${p.standing.rank}.` : null}
        {p.standing?.badge ? ` Badge: ${BADGE_LABELS[p.standing.badge]}.` : null}
      </p>
      <Badges c={p.c} />
      <p>
        Mark each action your business has done. Where evidence is required, describe what you did or attach a photo or a PDF (10 MB at most); only you, {p.c.government} and the
        network’s staff see it. {p.c.government} verifies each action; only verified actions count.
      </p>
      <SendAgain actions={p.season === 'running' ? p.actions.filter((a) => a.mark?.status === 'rejected') : []} government={p.c.government} />
      {p.form && !marking(p.form.actionId) ? <ErrorSummary title="That could not be done" message={Object.values(p.form.errors)[0]} /> : null}
      {p.season === 'running' ? null : (
        <p>
          {seasonClosed(p.c, p.season)} {p.season === 'upcoming' ? 'You can mark actions done once it has started.' : 'Actions can no longer be marked done.'}
        </p>
      )}
      {p.actions.map((a) => {
        const f = p.form?.actionId === a.id ? p.form : undefined;
        const scope = `action-${a.id}`;
        const canMark = marking(a.id);
        return (
          <section key={a.id} id={scope} class="card" aria-labelledby={`${scope}-h`}>
            <h2 id={`${scope}-h`}>{a.title}</h2>
            <p>
              {a.category} · {points(a.points)} · {a.evidence_required ? 'Evidence required' : 'No evidence required'}
            </p>
            <p>
              Status: <strong>{a.mark ? STATUS_LABELS[a.mark.status] : 'Not marked'}</strong>
              {a.mark?.status === 'rejected' && a.mark.reason ? ` (reason: ${a.mark.reason})` : null}
              {a.mark?.filename ? (
                <>
                  {' '}
                  · <a href={`/challenges/evidence/${a.mark.id}`}>{a.mark.filename}</a>
                </>
              ) : null}
            </p>
            {canMark ? (
              <PostForm action={`/challenges/${p.c.slug}/business/actions/${a.id}`} csrf={p.ctx.csrf} enctype="multipart/form-data" label={`Mark “${a.title}” done`}>
                {f ? <ErrorSummary errors={f.errors} labels={{ evidence: 'What you did', file: 'A photo or PDF' }} idScope={scope} /> : null}
                <TextArea
                  idScope={scope}
                  name="evidence"
                  label="What you did"
                  neededWhen={a.evidence_required ? 'you attach no file' : undefined}
                  hint={a.evidence_required ? 'This action needs evidence: describe what you did here, attach a file below, or both.' : undefined}
                  rows={3}
                  maxLength={2000}
                  value={f?.values.evidence ?? a.mark?.evidence_text ?? ''}
                  error={f?.errors.evidence}
                />
                <FileField
                  idScope={scope}
                  name="file"
                  label={a.mark?.filename ? 'A new photo or PDF' : 'A photo or PDF'}
                  optional
                  hint={`A PNG or JPEG photo, or a PDF, of 10 MB at most.${a.mark?.filename ? ` It replaces ${a.mark.filename}; without one, ${a.mark.filename} stays.` : ''}`}
                  accept=".pdf,.png,.jpg,.jpeg"
                  error={f?.errors.file}
                />
                <button type="submit">{BUTTONS[a.mark?.status ?? 'none']}</button>
              </PostForm>
            ) : null}
          </section>
        );
      })}
    </Layout>
  );
}

/** Actions not accepted, at the top of the page (where the decision's email and sign-in land): each
 * with its reason and a link to its form further down. */
function SendAgain(p: { actions: BusinessAction[]; government: string }) {
  if (p.actions.length === 0) return null;
  return (
    <section class="warning" aria-labelledby="send-again-h">
      <h2 id="send-again-h">{p.actions.length === 1 ? 'An action to send again' : `${p.actions.length} actions to send again`}</h2>
      <p>
        {p.government} did not accept {p.actions.length === 1 ? 'it' : 'them'}. Put right what the reason says, then choose “Send again” under the action.
      </p>
      <ul>
        {p.actions.map((a) => (
          <li key={a.id}>
            <a href={`#action-${a.id}`}>{a.title}</a>: {a.mark?.reason || 'no reason given'}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NoBusinessPage(p: { ctx: PageContext; c: Challenge }) {
  return (
    <Layout ctx={p.ctx} title={`${p.c.title}: no business yet`}>
      <h1>You have no business in this challenge</h1>
      <p>
        <a href={`/challenges/${p.c.slug}/join`}>Sign your business up</a> first, or see the <a href={`/challenges/${p.c.slug}`}>leaderboard</a>.
      </p>
    </Layout>
  );
}
