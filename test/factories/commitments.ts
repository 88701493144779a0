// Test factories of commitments (issue 20, O15): a commitment published through the module's own
// use case, as staff would (its audit row included), launched a day before the test clock by default.
import type { CommitmentSigners } from '../../src/db/types.js';
import { createCommitment } from '../../src/modules/commitments/index.js';
import { dayFromToday } from '../helpers.js';
import type { FactoryContext } from './context.js';

let n = 0;
export async function aCommitment(
  ctx: FactoryContext,
  o: { title?: string; slug?: string; signers?: CommitmentSigners; open?: boolean; launchedOn?: string; body?: string } = {},
): Promise<{ id: string; slug: string; title: string }> {
  const k = ++n;
  const title = o.title ?? `Test Commitment ${k}`;
  const slug = o.slug ?? `test-commitment-${Date.now().toString(36)}-${k}`;
  const launchedOn = o.launchedOn ?? dayFromToday(ctx.deps, -1);
  const id = await createCommitment(
    ctx.deps,
    { userId: null },
    {
      title,
      slug,
      body: o.body ?? 'We commit to **resilience**.',
      launchedOn,
      signers: o.signers ?? 'governments',
      open: o.open === false ? undefined : 'yes',
    },
  );
  return { id, slug, title };
}
