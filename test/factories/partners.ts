// Test factories of partners (issue 20, R1–R2): a relationship recorded through the module's own
// use case, as partnerships staff would (its timeline and audit rows included), optionally moved
// along its lifecycle with an agreement.
import { changeStatus, createRelationship, saveAgreement } from '../../src/modules/partners/index.js';
import { dayFromToday } from '../helpers.js';
import type { FactoryContext } from './context.js';

let n = 0;
export interface RelationshipOverrides {
  kind?: 'alliance' | 'partnership' | 'branch' | 'chapter';
  name?: string;
  city?: string;
  state?: string | null;
  at?: [number, number] | null;
  listed?: boolean;
  /** moved through the lifecycle up to here ('active' gets an agreement of a year) */
  status?: 'inquiry' | 'discussion' | 'drafted' | 'active' | 'ended';
  amountCents?: number | null;
}

export async function aPartnerRelationship(ctx: FactoryContext, o: RelationshipOverrides = {}): Promise<{ id: string; name: string }> {
  const name = o.name ?? `Test Partner ${++n}`;
  const actor = { userId: null };
  const id = await createRelationship(ctx.deps, actor, {
    kind: o.kind ?? 'alliance',
    partnerName: name,
    organizationSlug: '',
    purpose: 'Working together.',
    city: o.city ?? '',
    state: o.state ?? null,
    latitude: o.at?.[0] ?? null,
    longitude: o.at?.[1] ?? null,
    listed: o.listed === false ? undefined : 'yes',
  });
  const steps = ['discussion', 'drafted', 'active'] as const;
  const target = o.status ?? 'inquiry';
  if (target === 'ended') {
    await changeStatus(ctx.deps, actor, id, 'ended', 'Not pursued.');
    return { id, name };
  }
  for (const step of steps) {
    if (target === 'inquiry') break;
    if (step === 'active') {
      const day = (d: number) => dayFromToday(ctx.deps, d);
      await saveAgreement(ctx.deps, actor, id, { start: day(0), end: day(365), scope: 'Everything.', project: 'Secret project', amount: o.amountCents ?? null }, null);
    }
    await changeStatus(ctx.deps, actor, id, step, '');
    if (step === target) break;
  }
  return { id, name };
}
