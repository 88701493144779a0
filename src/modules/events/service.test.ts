// Events' core use cases through the service: a draft, its tickets and agenda, publishing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { createEvent, publishEvent } from './service.js';

describe('events: create and publish', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('an event is made with its ticket types and sessions, and published', async () => {
    const e = await anEvent(ctx, {
      tickets: [{ name: 'Member day', memberCents: 5_000, nonmemberCents: 9_000 }],
      sessions: [{ title: 'Morning', startsInHours: 0, hours: 2, pdMinutes: 120 }],
    });
    const row = await ctx.deps.db.selectFrom('events').select(['status', 'published_at']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(e.ticketTypeIds).toHaveLength(1);
    expect(e.sessionIds).toHaveLength(1);
  });

  it('a slug already taken is refused, and an event without tickets cannot be published', async () => {
    const first = await anEvent(ctx, { published: false, tickets: [] });
    await expect(
      ctx.deps.db
        .transaction()
        .execute((trx) =>
          createEvent(
            trx,
            ctx.deps,
            { slug: first.slug, title: 'Again', kind: 'webinar', format: 'online', timeZone: 'UTC', startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) },
            { userId: null },
          ),
        ),
    ).rejects.toMatchObject({ code: 'events.slug_taken' });
    await expect(ctx.deps.db.transaction().execute((trx) => publishEvent(trx, ctx.deps, first.id, { userId: null }))).rejects.toMatchObject({ code: 'events.no_tickets' });
  });
});

describe('events: who counts as a member', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('a contact of an active organization or an individual member counts; others do not', async () => {
    const { countsAsMember } = await import('./member.js');
    const { createAccount } = await import('../../../test/helpers.js');
    const { anOrganization, aMembership } = await import('../../../test/factories/index.js');
    const active = await anOrganization(ctx, { state: 'IL' });
    await aMembership(ctx, active.id);
    const lapsed = await anOrganization(ctx, { state: 'IL', status: 'lapsed' });
    const contact = await createAccount(ctx, { org: { role: 'contact', organizationId: active.id } });
    const lapsedContact = await createAccount(ctx, { org: { role: 'contact', organizationId: lapsed.id } });
    const individual = await createAccount(ctx, { roles: ['member'] });
    const nobody = await createAccount(ctx, {});
    expect(await countsAsMember(ctx.deps.db, contact.id)).toBe(true);
    expect(await countsAsMember(ctx.deps.db, individual.id)).toBe(true);
    expect(await countsAsMember(ctx.deps.db, lapsedContact.id)).toBe(false);
    expect(await countsAsMember(ctx.deps.db, nobody.id)).toBe(false);
  });
});
