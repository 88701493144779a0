// Test factories of the directory: individual members with a profile, a level and a membership
// (with a private salary), and the states a test puts a profile in. The directory module saves a
// profile only from its owner's form, so the factories write the rows.
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { MemberProfilesTable, Visibility } from '../../src/db/types.js';
import { createAccount } from '../helpers.js';
import type { FactoryContext } from './context.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}${randomBytes(2).toString('hex')}`;

/** A private salary no response may ever show, in cents, and the ways it could be printed. */
export const SECRET_SALARY_CENTS = 13_579_246;
export const SALARY_SPELLINGS = ['13579246', '135792.46', '135,792.46', '$135,792'];

/** A member level (by slug, made once); its id. */
export async function aMemberLevel(ctx: FactoryContext, o: { slug: string; name: string; rule?: 'free' | 'salary_share'; rateBp?: number; capCents?: number }): Promise<string> {
  await ctx.deps.db
    .insertInto('member_levels')
    .values({
      slug: o.slug,
      name: o.name,
      rule: o.rule ?? 'free',
      ...(o.rateBp === undefined ? {} : { rate_bp: o.rateBp }),
      ...(o.capCents === undefined ? {} : { cap_cents: o.capCents }),
      eligibility: '{}',
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await ctx.deps.db.selectFrom('member_levels').select('id').where('slug', '=', o.slug).executeTakeFirstOrThrow();
  return row.id;
}

const levelId = (ctx: FactoryContext) => aMemberLevel(ctx, { slug: 'directory-test', name: 'Manager (test)', rule: 'salary_share', rateBp: 65, capCents: 120_000 });

export interface MemberOptions {
  name?: string;
  title?: string;
  employer?: string;
  state?: string | null;
  expertise?: string[];
  visibility?: Visibility;
  listed?: boolean;
  /** who may open the profile page; default everyone, so that the contact fields' own visibility decides */
  profileVisibility?: 'everyone' | 'members';
  status?: 'active' | 'lapsed' | 'pending' | null;
  profile?: boolean;
}

export interface TestMember {
  id: string;
  email: string;
  name: string;
  workEmail: string;
  phone: string;
  mailingAddress: string;
  membershipId: string | null;
}

/** A person with the member role, an individual membership (active by default, with a salary)
 * and a profile whose three contact fields share one visibility. */
export async function aMember(ctx: FactoryContext, o: MemberOptions = {}): Promise<TestMember> {
  const tag = unique();
  const name = o.name ?? `Member ${tag}`;
  const account = await createAccount(ctx, { roles: ['member'], name });
  const workEmail = `work-${tag}@city.example.gov`;
  const phone = `(303) 555-${tag.slice(-4)}`;
  const mailingAddress = `${tag} Civic Center Drive`;
  let membershipId: string | null = null;
  const status = o.status === undefined ? 'active' : o.status;
  if (status) {
    const row = await ctx.deps.db
      .insertInto('individual_memberships')
      .values({
        user_id: account.id,
        level_id: await levelId(ctx),
        status,
        term_start: '2026-01-01',
        term_end: '2026-12-31',
        salary_cents: SECRET_SALARY_CENTS,
        quoted_cents: 88_264,
        answers: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    membershipId = row.id;
  }
  if (o.profile !== false) {
    const visibility = o.visibility ?? 'members';
    await ctx.deps.db
      .insertInto('member_profiles')
      .values({
        user_id: account.id,
        employer_name: o.employer ?? 'City of Testville',
        employer_state: o.state === undefined ? 'CO' : o.state,
        title: o.title ?? 'City Manager',
        expertise: o.expertise ?? [],
        work_email: workEmail,
        work_email_visibility: visibility,
        phone,
        phone_visibility: visibility,
        mailing_address: mailingAddress,
        mailing_address_visibility: visibility,
        listed: o.listed ?? true,
        profile_visibility: o.profileVisibility ?? 'everyone',
      })
      .execute();
  }
  return { id: account.id, email: account.email, name, workEmail, phone, mailingAddress, membershipId };
}

/** Changes a member's profile behind the owner's back (what the owner's form would have saved). */
export async function updateProfile(ctx: FactoryContext, userId: string, set: Partial<Insertable<MemberProfilesTable>>): Promise<void> {
  await ctx.deps.db.updateTable('member_profiles').set(set).where('user_id', '=', userId).execute();
}

/** Makes sure the account with this address is an active individual member with the member role
 * (the demo's members get theirs from the individuals module's demo data); its user id. */
export async function ensureActiveMember(ctx: FactoryContext, email: string): Promise<string> {
  const db = ctx.deps.db;
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const active = await db.selectFrom('individual_memberships').select('id').where('user_id', '=', user.id).where('status', '=', 'active').executeTakeFirst();
  if (!active) {
    const levelId = await aMemberLevel(ctx, { slug: 'browser-test', name: 'Browser test level', rule: 'free' });
    await db.deleteFrom('individual_memberships').where('user_id', '=', user.id).where('status', 'in', ['pending', 'lapsed']).execute();
    await db
      .insertInto('individual_memberships')
      .values({ user_id: user.id, level_id: levelId, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', quoted_cents: 0, answers: '{}' })
      .execute();
  }
  await db
    .insertInto('user_roles')
    .values({ user_id: user.id, role: 'member' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return user.id;
}
