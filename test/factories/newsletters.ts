// Test factories of newsletters (issue 19, C4): a list through the module's use case, and many
// confirmed subscribers at once (multi-row inserts), optionally members — contacts of member
// organizations in one state — for the 50,000-address campaign.
import { randomBytes } from 'node:crypto';
import { createList } from '../../src/modules/newsletters/index.js';
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
  const today = ctx.deps.clock.now().toISOString().slice(0, 10);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  let k = 0;
  for (const part of chunks(emails, 100)) {
    const org = await db
      .insertInto('organizations')
      .values({
        slug: `nl-${stamp}-${k}`,
        name: `Newsletter City ${stamp} ${k++}`,
        entity_type: o.entityType ?? 'city',
        state: o.state,
        population: o.population ?? 20_000,
        status: 'active',
        billing_address: '1 Main St',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ organization_id: org.id, status: 'active', term_start: today, term_end: nextYear, application_id: null }).execute();
    const users = await db
      .insertInto('users')
      .values(part.map((email, i) => ({ email, name: `Reader ${i}`, password_hash: null })))
      .returning('id')
      .execute();
    await db
      .insertInto('organization_contacts')
      .values(users.map((u) => ({ organization_id: org.id, user_id: u.id, role: 'contact' as const })))
      .execute();
  }
}
