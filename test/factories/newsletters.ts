// Test factories of newsletters (issue 19, C4): a list through the module's use case, and many
// confirmed subscribers at once (multi-row inserts), optionally members — contacts of member
// organizations in one state — for the 50,000-address campaign.
import { randomBytes } from 'node:crypto';
import { createList } from '../../src/modules/newsletters/index.js';
import { todayThere } from '../helpers.js';
import type { FactoryContext } from './context.js';

let n = 0;

export async function aNewsletterList(ctx: FactoryContext, o: { name?: string; audience?: 'public' | 'members' } = {}): Promise<{ id: string; name: string; slug: string }> {
  const i = ++n;
  const name = o.name ?? `List ${i}`;
  const slug = `list-${i}-${Date.now().toString(36)}`;
  const id = await createList(ctx.deps, { name, slug, description: '', audience: o.audience ?? 'public' }, { userId: null });
  return { id, name, slug };
}

const chunks = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Confirmed subscriptions of these addresses to a list (as if each had confirmed). */
export async function confirmedSubscribers(ctx: FactoryContext, listId: string, emails: string[]): Promise<void> {
  const db = ctx.deps.db;
  const now = ctx.deps.clock.now();
  for (const part of chunks(emails, 5_000)) {
    const rows = await db
      .insertInto('newsletter_subscribers')
      .values(part.map((email) => ({ email, link_key: randomBytes(16).toString('base64url'), created_at: now })))
      .onConflict((oc) => oc.column('email').doUpdateSet({ email: (eb) => eb.ref('excluded.email') }))
      .returning('id')
      .execute();
    await db
      .insertInto('newsletter_subscriptions')
      .values(rows.map((r) => ({ subscriber_id: r.id, list_id: listId, status: 'subscribed' as const, requested_at: now, confirmed_at: now })))
      .execute();
  }
}

/** Accounts with these addresses, contacts of active member organizations in `state` (one
 * organization per 100 people). */
export async function memberContacts(ctx: FactoryContext, emails: string[], o: { state: string; entityType?: 'city' | 'county' | 'town'; population?: number }): Promise<void> {
  const db = ctx.deps.db;
  const stamp = `${Date.now().toString(36)}-${++n}`;
  const today = todayThere(ctx.deps);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  // Multi-row inserts of up to 5,000 rows: a statement per organization and per 100 people made
  // the 50,000-member campaign test's setup take most of a minute.
  const parts = chunks(emails, 100);
  const orgIds: string[] = [];
  for (const group of chunks(
    parts.map((_, k) => k),
    5_000,
  )) {
    const orgs = await db
      .insertInto('organizations')
      .values(
        group.map((k) => ({
          slug: `nl-${stamp}-${k}`,
          name: `Newsletter City ${stamp} ${k}`,
          entity_type: o.entityType ?? 'city',
          state: o.state,
          population: o.population ?? 20_000,
          status: 'active' as const,
          billing_address: '1 Main St',
        })),
      )
      .returning(['id', 'slug'])
      .execute();
    // returning gives no order to count on: by the slug's number
    const bySlug = new Map(orgs.map((r) => [r.slug, r.id]));
    for (const k of group) orgIds.push(bySlug.get(`nl-${stamp}-${k}`) ?? '');
    await db
      .insertInto('memberships')
      .values(orgs.map((r) => ({ organization_id: r.id, status: 'active' as const, term_start: today, term_end: nextYear, application_id: null })))
      .execute();
  }
  const people = parts.flatMap((part, k) => part.map((email, i) => ({ email, name: `Reader ${i}`, organizationId: orgIds[k] ?? '' })));
  for (const group of chunks(people, 5_000)) {
    const users = await db
      .insertInto('users')
      .values(group.map((p) => ({ email: p.email, name: p.name, password_hash: null })))
      .returning(['id', 'email'])
      .execute();
    const byEmail = new Map(users.map((u) => [String(u.email), u.id]));
    await db
      .insertInto('organization_contacts')
      .values(group.map((p) => ({ organization_id: p.organizationId, user_id: byEmail.get(p.email) ?? '', role: 'contact' as const })))
      .execute();
  }
}
