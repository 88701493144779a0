// The way on from a refused organization page (403) names the organization when one is at hand
// ("Back to City of Elm"), as the portal's other pages do; with none at hand (a contact of several
// organizations, none asked for) it leads to their organizations, never to "your organization".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, anOrganization, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const links = (html: string) =>
  dom(html)
    .querySelectorAll('main a')
    .map((a) => [a.getAttribute('href'), a.textContent.trim()]);

describe('the way back from a refused administrator’s page', () => {
  it('a plain contact of one organization is led back to it by name', async () => {
    const elm = await anOrganization(ctx, { name: 'City of Elmwood Park', state: 'IL', entity_type: 'city' });
    const plain = await createAccount(ctx, { org: { role: 'contact', organizationId: elm.id } });
    const c = await signedIn(ctx, plain.email);
    for (const url of ['/org/contacts/new', `/org/contacts/new?org=${elm.id}`]) {
      const page = await c.get(url);
      expect(page.statusCode, url).toBe(403);
      expect(links(page.body), url).toContainEqual([`/org?org=${elm.id}`, 'Back to City of Elmwood Park']);
      expect(page.body, url).not.toContain('Back to your organization');
    }
  });

  it('a plain contact of two, none asked for, goes to their organizations; one asked for is named', async () => {
    const a = await anOrganization(ctx, { name: 'Town of Ashby', state: 'MA', entity_type: 'town' });
    const b = await anOrganization(ctx, { name: 'Town of Bolton', state: 'MA', entity_type: 'town' });
    const person = await createAccount(ctx, { org: { role: 'contact', organizationId: a.id } });
    await aContact(ctx, { organizationId: b.id, userId: person.id, role: 'contact' });
    const c = await signedIn(ctx, person.email);
    const none = await c.get('/org/contacts/new');
    expect(none.statusCode).toBe(403);
    expect(links(none.body)).toContainEqual(['/org', 'Go to your organizations']);
    expect(none.body).not.toContain('Back to your organization');
    const asked = await c.get(`/org/contacts/new?org=${b.id}`);
    expect(links(asked.body)).toContainEqual([`/org?org=${b.id}`, 'Back to Town of Bolton']);
  });

  it('an administrator of one organization refused at another’s (orgScope) is led back to that one by name', async () => {
    const mine = await anOrganization(ctx, { name: 'City of Carmel', state: 'IN', entity_type: 'city' });
    const theirs = await anOrganization(ctx, { name: 'City of Fishers', state: 'IN', entity_type: 'city' });
    const person = await createAccount(ctx, { org: { role: 'admin', organizationId: mine.id } });
    await aContact(ctx, { organizationId: theirs.id, userId: person.id, role: 'contact' });
    const c = await signedIn(ctx, person.email);
    const page = await c.get(`/org/contacts/new?org=${theirs.id}`);
    expect(page.statusCode).toBe(403);
    expect(links(page.body)).toContainEqual([`/org?org=${theirs.id}`, 'Back to City of Fishers']);
    expect(page.body).not.toContain('Back to your organization');
  });
});
