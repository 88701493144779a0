// The stories featuring an organization, on its network page (/network/<slug>): network shows
// them through `deps.slots.networkMemberParts`, which the composition root fills with this, so
// that network never imports news. Live posts only; a members-only story is listed by its title
// and marked so (its page shows visitors a teaser).
import type { NetworkMemberPart } from '../../deps.js';
import { StoriesPart } from './public-views.js';
import { storiesFeaturing } from './queries.js';

export const storiesOnNetworkPage: NetworkMemberPart = async (deps, member, ctx) => {
  const stories = await storiesFeaturing(deps.db, member.id, deps.clock.now());
  return stories.length ? StoriesPart({ stories, name: member.name, zone: ctx.timeZone }) : null;
};
