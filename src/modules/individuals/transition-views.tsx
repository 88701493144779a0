// The public explanation of Members in Transition (/members-in-transition): what it waives, who
// may ask and how, for a manager between posts who has not signed in (or has no account yet).
// The confidential request itself is /me/transition (me-views.tsx).
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';

export const TRANSITION_ABOUT_PATH = '/members-in-transition';

export function TransitionAboutPage(p: { ctx: PageContext; writeTo: string }) {
  const signedIn = !!p.ctx.principal;
  const writeTo = <a href={`mailto:${p.writeTo}?subject=${encodeURIComponent('Members in Transition')}`}>{p.writeTo}</a>;
  return (
    <Layout ctx={p.ctx} title="Members in Transition">
      <h1>Members in Transition</h1>
      <p class="lead">
        If you lose your position through no choice of your own, you need not lose your membership too. We can waive your individual membership dues while you find your next post:
        six months at a time, up to three years in all.
      </p>
      <h2>Who can ask</h2>
      <p>
        Individual members of {p.ctx.associationName} who have left a position involuntarily, whether their membership is active or has lapsed. Your membership is yours, not your
        employer’s: it stays with you between posts.
      </p>
      <h2>How it works</h2>
      <ol>
        <li>Sign in and open Members in Transition from your membership page.</li>
        <li>Tell us briefly what happened and what support would help, with your last day in the position if you know it.</li>
        <li>Your request is confidential: only the staff member designated for Members in Transition reads it. We write to you with the outcome.</li>
        <li>
          An approval waives your dues in steps of six months: your membership stays active, with nothing to pay until the waiver ends. If you still need support then, you may ask
          again, up to three years in all.
        </li>
      </ol>
      <p>
        {signedIn ? (
          <a href="/me/transition">Ask for Members in Transition support</a>
        ) : (
          <a href={`/login?next=${encodeURIComponent('/me/transition')}`}>Sign in to ask for support</a>
        )}
      </p>
      <h2>Not a member yet?</h2>
      <p>
        Members in Transition waives the dues of an individual membership you already hold. If you have none, <a href="/join/individual">join as a professional</a>, or write to us
        at {writeTo} about your situation.
      </p>
      <h2>Looking for your next post?</h2>
      <p>
        The <a href="/jobs">job center</a> lists local governments’ openings, searchable by state, salary and type.
      </p>
    </Layout>
  );
}
