// Test factories of student chapters: student and faculty members (an account with an active
// individual membership at a level whose eligibility says so), and an approved chapter made
// through the chapters module's own use cases (requested, its president accepting, approved by
// membership staff).
import { randomBytes } from 'node:crypto';
import { answerOfficerInvitation, approveChapter, requestChapter } from '../../src/modules/chapters/index.js';
import { createAccount } from '../helpers.js';
import type { FactoryContext } from './context.js';

async function levelFor(ctx: FactoryContext, kind: 'student' | 'academic' | 'staff'): Promise<string> {
  const slug = `chapters-test-${kind}`;
  await ctx.deps.db
    .insertInto('member_levels')
    .values({ slug, name: `Chapters test ${kind}`, rule: 'free', eligibility: JSON.stringify(kind === 'staff' ? { local_government: true } : { [kind]: true }) })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await ctx.deps.db.selectFrom('member_levels').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

export interface TestChapterPerson {
  id: string;
  email: string;
  name: string;
}

/** A person with the member role and an active individual membership of this kind (a student by default). */
export async function aChapterMember(
  ctx: FactoryContext,
  opts: { kind?: 'student' | 'academic' | 'staff'; name?: string; status?: 'active' | 'lapsed' } = {},
): Promise<TestChapterPerson> {
  const name = opts.name ?? `Student ${randomBytes(3).toString('hex')}`;
  const account = await createAccount(ctx, { roles: ['member'], name });
  await ctx.deps.db
    .insertInto('individual_memberships')
    .values({
      user_id: account.id,
      level_id: await levelFor(ctx, opts.kind ?? 'student'),
      status: opts.status ?? 'active',
      term_start: '2020-01-01',
      term_end: '2099-12-31',
      quoted_cents: 0,
      answers: '{}',
    })
    .execute();
  return { id: account.id, email: account.email, name };
}

export interface TestChapter {
  id: string;
  slug: string;
  name: string;
  president: TestChapterPerson;
  staff: { id: string; email: string };
}

let n = 0;

/** An active chapter: requested by a faculty member with a president who accepted, approved by membership staff (today, by the clock). */
export async function aChapter(ctx: FactoryContext, opts: { name?: string; university?: string; state?: string } = {}): Promise<TestChapter> {
  const i = ++n;
  const faculty = await aChapterMember(ctx, { kind: 'academic', name: 'Prof. Faculty' });
  const president = await aChapterMember(ctx, { name: `President ${i}` });
  const staff = await createAccount(ctx, { roles: ['membership'], name: 'Mina Membership' });
  const name = opts.name ?? `Test Chapter ${Date.now().toString(36)} ${i}`;
  const chapterId = await requestChapter(
    ctx.deps,
    { userId: faculty.id },
    {
      name,
      university: opts.university ?? `Test University ${i}`,
      city: 'Lawrence',
      state: opts.state ?? 'KS',
      advisorName: 'Prof. Faculty',
      advisorEmail: 'advisor@university.example.edu',
      advisorDepartment: 'Public Administration',
      purpose: 'A chapter for tests.',
      officers: [{ role: 'president', name: president.name, email: president.email }],
    },
  );
  const invitation = await ctx.deps.db
    .selectFrom('chapter_officers')
    .select('id')
    .where('chapter_id', '=', chapterId)
    .where('user_id', '=', president.id)
    .executeTakeFirstOrThrow();
  await answerOfficerInvitation(ctx.deps, { userId: president.id }, { officerId: invitation.id, accept: true });
  const { slug } = await approveChapter(ctx.deps, { userId: staff.id }, { chapterId });
  return { id: chapterId, slug, name, president, staff: { id: staff.id, email: staff.email } };
}
