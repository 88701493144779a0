// Organization-scoped access in one place: the scope a request acts for, or a 404 / 403.
import { describe, expect, it } from 'vitest';
import type { OrgRole } from '../db/types.js';
import { actorOf, actsFor, orgScope, type Principal } from './access.js';
import { AppError } from './errors.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const principal = (orgs: Array<[string, OrgRole]>): Principal => ({
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'pat@example.gov',
  name: 'Pat',
  roles: new Set(),
  orgs: new Map(orgs),
  totpEnabled: false,
  sessionHash: 'h',
});
const pat = principal([
  [A, 'contact'],
  [B, 'admin'],
]);

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected an AppError');
};

describe('orgScope', () => {
  it('is the organization asked for by ?org=, else by the form, else the first', () => {
    expect(orgScope({ principal: pat, query: { org: B } })).toEqual({ id: B, role: 'admin' });
    expect(orgScope({ principal: pat, query: {}, body: { org: B } })).toEqual({ id: B, role: 'admin' });
    expect(orgScope({ principal: pat, query: { org: A }, body: { org: B } })).toEqual({ id: A, role: 'contact' });
    expect(orgScope({ principal: pat, query: { org: '' } })).toEqual({ id: A, role: 'contact' });
    expect(orgScope({ principal: pat }, 'contact', { ordered: [B, A] })).toEqual({ id: B, role: 'admin' });
    expect(orgScope({ principal: pat, query: { org: A } }, 'contact', { asked: '' })).toEqual({ id: A, role: 'contact' });
    expect(orgScope({ principal: pat, query: { org: A } }, 'contact', { asked: B })).toEqual({ id: B, role: 'admin' });
  });

  it('is a 404 for another organization, a malformed id, or nobody', () => {
    const notFound = { status: 404, message: 'We could not find that organization among yours.' };
    expect(failure(() => orgScope({ principal: pat, query: { org: C } }))).toEqual(notFound);
    expect(failure(() => orgScope({ principal: pat, query: { org: 'x' } }))).toEqual(notFound);
    expect(failure(() => orgScope({ principal: principal([]) }))).toEqual(notFound);
    expect(failure(() => orgScope({ principal: null }))).toEqual(notFound);
    expect(failure(() => orgScope({ principal: pat, query: { org: C } }, 'admin', { notFound: 'No.' }))).toEqual({ status: 404, message: 'No.' });
  });

  it('is a 403 for a contact where an administrator is required', () => {
    expect(orgScope({ principal: pat, query: { org: B } }, 'admin')).toEqual({ id: B, role: 'admin' });
    expect(failure(() => orgScope({ principal: pat, query: { org: A } }, 'admin'))).toEqual({ status: 403, message: 'Only an administrator of your organization can do that.' });
    expect(failure(() => orgScope({ principal: pat }, 'admin', { forbidden: 'Admins only.' }))).toEqual({ status: 403, message: 'Admins only.' });
  });
});

describe('actsFor and actorOf', () => {
  it('says whether the person acts for an organization, with the role asked', () => {
    expect(actsFor({ principal: pat }, A)).toBe(true);
    expect(actsFor({ principal: pat }, A, 'admin')).toBe(false);
    expect(actsFor({ principal: pat }, B, 'admin')).toBe(true);
    expect(actsFor({ principal: pat }, C)).toBe(false);
    expect(actsFor({ principal: pat }, null)).toBe(false);
    expect(actsFor({ principal: null }, A)).toBe(false);
  });

  it('names who acts in a request, and requires someone signed in', () => {
    expect(actorOf({ principal: pat, id: 'req-1' })).toEqual({ userId: pat.userId, name: 'Pat', requestId: 'req-1' });
    expect(failure(() => actorOf({ principal: null, id: 'req-1' }))).toEqual({ status: 401, message: 'Please sign in to continue.' });
  });
});
