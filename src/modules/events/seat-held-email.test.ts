// The email that holds a seat until its invoice is paid writes like the rest of the site: its
// apostrophes typographic (the invoice’s page), in the plain text and the HTML alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { registerForEvent } from './registration.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-05-04T15:00:00Z');
});
afterAll(() => ctx?.close());

describe('the email of a seat held until its invoice is paid', () => {
  it('says where to pay with a typographic apostrophe, in text and HTML, and no straight one', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Basics', tickets: [{ name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000 }] });
    const person = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text', 'body_html'])
      .where('to_address', '=', person.email)
      .where('template', '=', 'events.seat_held')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('the invoice’s page says how to pay it');
    expect(mail.body_html).toContain('the invoice’s page says how to pay it');
    for (const part of [mail.subject, mail.body_text, mail.body_html.replace(/<[^>]*>/g, ' ')]) expect(part).not.toMatch(/[A-Za-z]'[A-Za-z]|&#39;|&#x27;/);
  });
});
