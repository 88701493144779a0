// Where the challenge's people find it again: the organization home's "Business challenges"
// section (the government's challenges, with what waits for its administrators' verification, or
// an invitation to start one), and a business contact's place on home and /account ("My business"),
// filled in by the composition root through deps.slots.
import type { OrgSection, PersonPlaceSlot } from '../../deps.js';
import { formatDay } from '../../lib/format.js';
import { businessesOf, challengesWithCounts, mayRunChallenges } from './queries.js';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const challengesSection: OrgSection = {
  id: 'challenges',
  order: 45,
  title: 'Business challenges',
  async render(ctx) {
    const admin = ctx.role === 'admin';
    const [rows, mayRun] = await Promise.all([challengesWithCounts(ctx.deps.db, ctx.organizationId), admin ? mayRunChallenges(ctx.deps.db, ctx.organizationId) : false]);
    if (rows.length === 0) {
      if (!mayRun) return null;
      return (
        <p>
          Run a challenge for your local businesses: they mark the actions they have done, you verify them, and verified actions earn points on a public leaderboard.{' '}
          <a href={`/org/challenges?org=${ctx.organizationId}`}>Start a business challenge</a>
        </p>
      );
    }
    return (
      <>
        <ul>
          {rows.map((c) => {
            const waiting = Number(c.waiting ?? 0);
            return (
              <li key={c.slug}>
                <a href={`/challenges/${c.slug}`}>{c.title}</a>: {formatDay(c.starts_on)} to {formatDay(c.ends_on)}; {count(Number(c.businesses ?? 0), 'business', 'businesses')}{' '}
                joined.{' '}
                {admin ? <a href={`/challenges/${c.slug}/manage`}>{waiting > 0 ? `Verify ${count(waiting, 'action', 'actions')} waiting` : 'Manage the challenge'}</a> : null}
              </li>
            );
          })}
        </ul>
        {mayRun ? (
          <p>
            <a href={`/org/challenges?org=${ctx.organizationId}`}>Start another challenge</a>
          </p>
        ) : null}
      </>
    );
  },
};

/** A business contact's business (the latest season's when there are several). */
export const businessPlace: PersonPlaceSlot = async (deps, person) => {
  const [b] = await businessesOf(deps.db, person.userId);
  if (!b) return null;
  return { label: `My business: ${b.name}`, href: `/challenges/${b.slug}/business`, roles: [`Business contact in ${b.title}`] };
};
