// Importing contacts and individual members over HTTP as membership staff (the organizations
// import is imports.test.ts): planted problems of each kind — the row checks and the ones that
// need the database (an organization not imported from the source, a level Civnet does not
// have, a person who is a member already) — yield exactly those rows and import nothing; the
// fixed file imports every row through the background job; the same file again changes nothing;
// an edited row updates what it became. Only import staff may import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAccount, anIndividualMembership, seedLevels, signedInAs, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { IMPORT_QUEUE } from './index.js';

let ctx: TestContext;
let staff: TestClient;
let levels: Record<string, string>;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'membership')).client;
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);

async function uploaded(kind: string, content: Buffer, source = 'Kinds CRM'): Promise<string> {
  const res = await staff.postMultipart('/staff/import', { source, kind }, [{ field: 'file', filename: `${kind}.csv`, type: 'text/csv', content }]);
  expect(res.statusCode, res.body).toBe(303);
  return String(res.headers.location);
}

/** Uploads, checks (expecting `status`) and, when the check passed, imports through the job. */
async function importing(kind: string, content: Buffer, mapping: Record<string, string>, source = 'Kinds CRM') {
  const page = await uploaded(kind, content, source);
  const checked = await staff.postForm(`${page}/check`, mapping);
  if (checked.statusCode !== 200) return { page, checked };
  const run = await staff.postForm(`${page}/run`, {});
  expect(run.statusCode, run.body).toBe(303);
  await ctx.deps.jobs.drain(IMPORT_QUEUE);
  return { page, checked, after: await staff.get(page) };
}

/** The report's rows and columns (the header is row 1). */
async function reported(page: string): Promise<string[]> {
  const report = await staff.get(`${page}/report.csv`);
  return report.body
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').slice(0, 2).join(','));
}

const CONTACTS_HEADER = 'Contact ID,Org ID,Email,Full Name,Role,Job Title,Phone';
const contactRows = (o: { title?: string } = {}) => [
  'C1,KO1,mayor@kinds-one.gov,Ada Mayor,admin,Mayor,555-0101',
  `C2,KO1,clerk@kinds-one.gov,Ben Clerk,contact,${o.title ?? 'Clerk'},`,
  'C3,KO2,existing-person@test.example,New Name Ignored,,Manager,',
  'C4,KO3,mayor@kinds-one.gov,Ada Mayor,contact,Board member,',
];
const CONTACT_MAPPING = { external_id: 'Contact ID', organization_external_id: 'Org ID', email: 'Email', name: 'Full Name', role: 'Role', title: 'Job Title', phone: 'Phone' };

describe('importing contacts', () => {
  let existing: string;
  beforeAll(async () => {
    existing = await anAccount(ctx, { email: 'existing-person@test.example', name: 'Existing Person' }).then((a) => a.id);
    const orgs = await importing('organizations', csv(['external_id,name,entity_type,state', 'KO1,Kinds One,city,OH', 'KO2,Kinds Two,county,TX', 'KO3,Kinds Three,town,WA']), {
      external_id: 'external_id',
      name: 'name',
      entity_type: 'entity_type',
      state: 'state',
    });
    expect(orgs.after?.body).toContain('3 organizations created');
  });

  const seats = () =>
    ctx.deps.db
      .selectFrom('organization_contacts as c')
      .innerJoin('organizations as o', 'o.id', 'c.organization_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['o.name', 'u.email', 'u.name as person', 'c.role', 'c.title', 'c.phone'])
      .where('o.name', 'like', 'Kinds %')
      .orderBy('o.name')
      .orderBy('u.email')
      .execute();

  it('reports exactly the planted problems, including an organization not imported from the source, and imports nothing', async () => {
    const before = await seats();
    const { page, checked } = await importing(
      'contacts',
      csv([
        CONTACTS_HEADER,
        ...contactRows(),
        'C5,KO1,,No Email,contact,,',
        'C6,KO2,not-an-address,Bad Email,contact,,',
        'C7,NOPE,someone@kinds.gov,Unknown Org,contact,,',
        'C8,KO2,role@kinds.gov,Bad Role,owner,,',
        'C9,KO1,Clerk@Kinds-One.gov,Same Person Again,contact,,',
        'C1,KO2,repeat@kinds.gov,Repeated Id,contact,,',
      ]),
      CONTACT_MAPPING,
    );
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain('6 problems in 10 rows');
    expect(await reported(page)).toEqual(['6,Email', '7,Email', '9,Role', '10,Email', '11,Contact ID', '8,Org ID']);
    expect((await staff.get(`${page}/report.csv`)).body).toContain('No organization with this external id was imported from “Kinds CRM”');
    expect((await staff.postForm(`${page}/run`, {})).statusCode).toBe(422);
    expect(await seats()).toEqual(before);
  });

  it('imports every contact, reusing an account that exists; the same file again changes nothing; an edited row updates its seat', async () => {
    const first = await importing('contacts', csv([CONTACTS_HEADER, ...contactRows()]), CONTACT_MAPPING);
    expect(first.after?.body).toContain('4 rows: 4 contacts created, 0 updated, 0 unchanged');
    // each contact created, linked to the person's record (an account that existed keeps its name)
    const links = dom(first.after?.body ?? '').querySelectorAll('#made-heading + ul a');
    expect(links.map((a) => a.text)).toEqual([
      'mayor@kinds-one.gov at organization KO1',
      'clerk@kinds-one.gov at organization KO1',
      'existing-person@test.example at organization KO2',
      'mayor@kinds-one.gov at organization KO3',
    ]);
    expect(links[2]?.getAttribute('href')).toBe(`/staff/people/${existing}`);
    expect((await staff.get(`/staff/people/${existing}`)).statusCode).toBe(200);
    expect(await seats()).toEqual([
      { name: 'Kinds One', email: 'clerk@kinds-one.gov', person: 'Ben Clerk', role: 'contact', title: 'Clerk', phone: '' },
      { name: 'Kinds One', email: 'mayor@kinds-one.gov', person: 'Ada Mayor', role: 'admin', title: 'Mayor', phone: '555-0101' },
      { name: 'Kinds Three', email: 'mayor@kinds-one.gov', person: 'Ada Mayor', role: 'contact', title: 'Board member', phone: '' },
      { name: 'Kinds Two', email: 'existing-person@test.example', person: 'Existing Person', role: 'contact', title: 'Manager', phone: '' },
    ]);
    expect((await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'existing-person@test.example').execute()).map((u) => u.id)).toEqual([existing]);
    const made = await ctx.deps.db.selectFrom('users').select(['password_hash', 'email_verified_at']).where('email', '=', 'mayor@kinds-one.gov').executeTakeFirstOrThrow();
    expect(made).toEqual({ password_hash: null, email_verified_at: null });
    const after = await seats();

    // the mapping is remembered for the kind and source
    expect((await staff.get(await uploaded('contacts', csv([CONTACTS_HEADER, ...contactRows()])))).body).toMatch(/<option value="Org ID" selected/);
    const again = await importing('contacts', csv([CONTACTS_HEADER, ...contactRows()]), CONTACT_MAPPING);
    expect(again.after?.body).toContain('0 contacts created, 0 updated, 4 unchanged');
    expect(await seats()).toEqual(after);

    const edited = await importing('contacts', csv([CONTACTS_HEADER, ...contactRows({ title: 'City Clerk' })]), CONTACT_MAPPING);
    expect(edited.after?.body).toContain('0 contacts created, 1 updated, 3 unchanged');
    expect((await seats()).find((s) => s.email === 'clerk@kinds-one.gov')?.title).toBe('City Clerk');
    const audits = await ctx.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'imports.contacts_imported').execute();
    expect(audits).toHaveLength(3);
  });
});

const MEMBERS_HEADER = 'Member ID,Email,Name,Level,Start,End,Dues';
const memberRows = (o: { level?: string } = {}) => [
  `M1,ana.member@kinds.example,Ana Member,${o.level ?? 'manager'},2026-01-01,2099-12-31,"1,250.00"`,
  'M2,bo.member@kinds.example,Bo Member,Academic,1/1/2020,12/31/2020,90',
  'M3,cy.member@kinds.example,Cy Member,student,2026-01-01,2099-12-31,',
];
const MEMBER_MAPPING = { external_id: 'Member ID', email: 'Email', name: 'Name', level: 'Level', term_start: 'Start', term_end: 'End', dues: 'Dues' };

describe('importing individual members', () => {
  const memberships = () =>
    ctx.deps.db
      .selectFrom('individual_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('member_levels as l', 'l.id', 'm.level_id')
      .select(['u.email', 'l.slug', 'm.status', 'm.term_start', 'm.term_end', 'm.quoted_cents'])
      .where('u.email', 'like', '%@kinds.example')
      .orderBy('u.email')
      .execute();

  it('reports exactly the planted problems, including a level Civnet lacks and a person who is a member already, and imports nothing', async () => {
    const member = await anAccount(ctx, { email: 'already@kinds.example' });
    await anIndividualMembership(ctx, member.id, levels.manager as string);
    const before = await memberships();
    const { page, checked } = await importing(
      'individuals',
      csv([
        MEMBERS_HEADER,
        ...memberRows(),
        'M4,dee@kinds.example,Dee,Emperor,2026-01-01,2026-12-31,',
        'M5,eve@kinds.example,Eve,manager,2026-02-30,2026-12-31,',
        'M6,fay@kinds.example,Fay,manager,2026-06-01,2026-01-01,',
        'M7,gus@kinds.example,Gus,manager,2026-01-01,2026-12-31,lots',
        'M8,,Hal,manager,2026-01-01,2026-12-31,',
        'M9,already@kinds.example,Already,manager,2026-01-01,2026-12-31,',
        'M10,ANA.member@kinds.example,Ana Again,manager,2026-01-01,2026-12-31,',
      ]),
      MEMBER_MAPPING,
    );
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain('7 problems in 10 rows');
    expect(await reported(page)).toEqual(['6,Start', '7,End', '8,Dues', '9,Email', '11,Email', '5,Level', '10,Email']);
    expect(await memberships()).toEqual(before);
  });

  it('imports every member (active or lapsed by the term), then changes nothing, then updates an edited row', async () => {
    const first = await importing('individuals', csv([MEMBERS_HEADER, ...memberRows()]), MEMBER_MAPPING);
    expect(first.after?.body).toContain('3 rows: 3 individual members created');
    // no page of an individual membership is open to membership staff: the counts alone
    expect(dom(first.after?.body ?? '').querySelector('#made-heading')).toBeNull();
    const rows = (await memberships()).filter((m) => m.email !== 'already@kinds.example');
    expect(rows).toEqual([
      { email: 'ana.member@kinds.example', slug: 'manager', status: 'active', term_start: '2026-01-01', term_end: '2099-12-31', quoted_cents: 125_000 },
      { email: 'bo.member@kinds.example', slug: 'academic', status: 'lapsed', term_start: '2020-01-01', term_end: '2020-12-31', quoted_cents: 9000 },
      { email: 'cy.member@kinds.example', slug: 'student', status: 'active', term_start: '2026-01-01', term_end: '2099-12-31', quoted_cents: 0 },
    ]);
    const roles = await ctx.deps.db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.email')
      .where('r.role', '=', 'member')
      .where('u.email', 'in', ['ana.member@kinds.example', 'bo.member@kinds.example', 'cy.member@kinds.example'])
      .orderBy('u.email')
      .execute();
    expect(roles.map((r) => r.email)).toEqual(['ana.member@kinds.example', 'cy.member@kinds.example']);
    const all = await memberships();

    const again = await importing('individuals', csv([MEMBERS_HEADER, ...memberRows()]), MEMBER_MAPPING);
    expect(again.after?.body).toContain('0 individual members created, 0 updated, 3 unchanged');
    expect(await memberships()).toEqual(all);

    const edited = await importing('individuals', csv([MEMBERS_HEADER, ...memberRows({ level: 'retired' })]), MEMBER_MAPPING);
    expect(edited.after?.body).toContain('0 individual members created, 1 updated, 2 unchanged');
    expect((await memberships()).find((m) => m.email === 'ana.member@kinds.example')?.slug).toBe('retired');
    expect(await memberships()).toHaveLength(all.length);
  });

  it('an import refused as it runs, having been checked before, shows why on its page, not that it has started', async () => {
    const rows = csv([MEMBERS_HEADER, 'N1,nia.member@kinds.example,Nia Member,manager,2026-01-01,2099-12-31,']);
    const first = await uploaded('individuals', rows, 'First CRM');
    const second = await uploaded('individuals', rows, 'Second CRM');
    for (const page of [first, second]) expect((await staff.postForm(`${page}/check`, MEMBER_MAPPING)).statusCode).toBe(200);
    // Nia becomes a member from the first source; the second file, checked before that, is refused when it runs.
    for (const page of [first, second]) {
      expect((await staff.postForm(`${page}/run`, {})).statusCode).toBe(303);
      await ctx.deps.jobs.drain(IMPORT_QUEUE);
    }
    const shown = dom((await staff.get(second)).body);
    expect(shown.querySelector('.flash')).toBeNull();
    expect(textOf(shown, '#failure-heading')).toBe('The import did not finish');
    expect(textOf(shown, '#failure-heading + p')).toBe('1 problem in 1 row: nothing was imported.');
  });

  it('is for membership staff and staff admins only', async () => {
    const finance = await signedInAs(ctx, ['finance']);
    const res = await finance.postMultipart('/staff/import', { source: 'X', kind: 'individuals' }, [
      { field: 'file', filename: 'm.csv', type: 'text/csv', content: csv([MEMBERS_HEADER, ...memberRows()]) },
    ]);
    expect(res.statusCode).toBe(403);
    const bad = await staff.postMultipart('/staff/import', { source: 'X', kind: 'invoices-of-doom' }, [
      { field: 'file', filename: 'm.csv', type: 'text/csv', content: csv([MEMBERS_HEADER]) },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose what the file holds');
  });
});
