// The commitments an organization has signed, on its network page (/network/<slug>): network
// shows them through `deps.slots.networkMemberParts`, which the composition root fills with this,
// so that network never imports commitments. Standing signatures of launched commitments only.
import type { NetworkMemberPart } from '../../deps.js';
import { formatZonedDay } from '../../lib/format.js';
import { signedBy } from './queries.js';
import { today } from './shared.js';

export const commitmentsOnNetworkPage: NetworkMemberPart = async (deps, member, ctx) => {
  const signed = await signedBy(deps.db, member.id, await today(deps));
  if (signed.length === 0) return null;
  return (
    <section aria-labelledby="commitments-signed">
      <h2 id="commitments-signed">Commitments {member.name} signed</h2>
      <ul>
        {signed.map((s) => (
          <li key={s.slug}>
            <a href={`/commitments/${s.slug}`}>{s.title}</a> <span class="hint">(signed {formatZonedDay(s.signed_at, ctx.timeZone)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
};
