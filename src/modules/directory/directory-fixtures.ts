// Test factories for the directory: individual members with a profile, a level and a membership
// (with a private salary), written straight to the tables; and a multipart body for the photo form.
import { randomBytes } from 'node:crypto';
import { createAccount, type TestContext } from '../../../test/helpers.js';
import type { Visibility } from '../../db/types.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}${randomBytes(2).toString('hex')}`;

/** A private salary no response may ever show, in cents, and the ways it could be printed. */
export const SECRET_SALARY_CENTS = 13_579_246;
export const SALARY_SPELLINGS = ['13579246', '135792.46', '135,792.46', '$135,792'];

async function levelId(ctx: TestContext): Promise<string> {
  await ctx.deps.db
    .insertInto('member_levels')
    .values({ slug: 'directory-test', name: 'Manager (test)', rule: 'salary_share', rate_bp: 65, cap_cents: 120_000, eligibility: '{}' })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await ctx.deps.db.selectFrom('member_levels').select('id').where('slug', '=', 'directory-test').executeTakeFirstOrThrow();
  return row.id;
}

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
export async function createMember(ctx: TestContext, o: MemberOptions = {}): Promise<TestMember> {
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

/** A multipart/form-data body with `_csrf` first, as the browser sends the photo form. */
export function multipartBody(fields: Array<[string, string]>, file?: { field: string; filename: string; type: string; bytes: Buffer }) {
  const boundary = `----civnet${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A real 1×1 PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
