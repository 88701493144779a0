// Member profiles (I3): a person's own profile with every field, the profile as another viewer
// may see it, saving (profile and positions replaced together, audited by field name only),
// and the photo. Knows nothing of HTTP.
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ProfileVisibility, Visibility } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { fieldError } from '../../lib/errors.js';
import type { PositionInput, ProfileForm } from './schemas.js';
import { type Audience, shown, type Viewer } from './visibility.js';

export interface Position {
  id: string;
  title: string;
  employerName: string;
  state: string | null;
  startYear: number;
  endYear: number | null;
}

export interface OwnProfile {
  userId: string;
  name: string;
  employerName: string;
  employerState: string | null;
  employerOrganizationId: string | null;
  title: string;
  education: string;
  expertise: string[];
  bio: string;
  workEmail: string;
  workEmailVisibility: Visibility;
  phone: string;
  phoneVisibility: Visibility;
  mailingAddress: string;
  mailingAddressVisibility: Visibility;
  listed: boolean;
  profileVisibility: ProfileVisibility;
  hasPhoto: boolean;
  currentMember: boolean;
  positions: Position[];
}

/** A profile as one viewer may see it: hidden or empty contact fields are null. */
export interface ProfileView {
  userId: string;
  name: string;
  employerName: string;
  employerState: string | null;
  /** the employer's public network page, when it is a listed organization */
  employerSlug: string | null;
  title: string;
  education: string;
  expertise: string[];
  bio: string;
  workEmail: string | null;
  phone: string | null;
  mailingAddress: string | null;
  hasPhoto: boolean;
  listed: boolean;
  profileVisibility: ProfileVisibility;
  currentMember: boolean;
  isSelf: boolean;
  audience: Audience;
  positions: Position[];
  /** who may see each contact field, told only to the person themself (their own choices) */
  ownChoices: { workEmail: Visibility; phone: Visibility; mailingAddress: Visibility } | null;
}

type Executor = Db | Transaction<DB>;

const isCurrentMember = async (db: Executor, userId: string) =>
  !!(await db.selectFrom('individual_memberships').select('id').where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst());

async function positionsOf(db: Executor, userId: string): Promise<Position[]> {
  const rows = await db
    .selectFrom('member_positions')
    .select(['id', 'title', 'employer_name', 'state', 'start_year', 'end_year'])
    .where('user_id', '=', userId)
    .orderBy('start_year', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, employerName: r.employer_name, state: r.state, startYear: r.start_year, endYear: r.end_year }));
}

// The photo bytes are never selected here; only whether there is one.
const PROFILE_COLUMNS = [
  'p.employer_name',
  'p.employer_state',
  'p.employer_organization_id',
  'p.title',
  'p.education',
  'p.expertise',
  'p.bio',
  'p.work_email',
  'p.work_email_visibility',
  'p.phone',
  'p.phone_visibility',
  'p.mailing_address',
  'p.mailing_address_visibility',
  'p.listed',
  'p.profile_visibility',
  sql<boolean>`p.photo is not null`.as('has_photo'),
] as const;

async function profileRow(db: Executor, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.name', sql<boolean>`p.user_id is not null`.as('has_profile'), ...PROFILE_COLUMNS])
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function loadOwnProfile(db: Db, userId: string): Promise<OwnProfile | null> {
  const row = await profileRow(db, userId);
  if (!row) return null;
  return {
    userId: row.id,
    name: row.name,
    employerName: row.employer_name ?? '',
    employerState: row.employer_state ?? null,
    employerOrganizationId: row.employer_organization_id ?? null,
    title: row.title ?? '',
    education: row.education ?? '',
    expertise: row.expertise ?? [],
    bio: row.bio ?? '',
    workEmail: row.work_email ?? '',
    workEmailVisibility: row.work_email_visibility ?? 'members',
    phone: row.phone ?? '',
    phoneVisibility: row.phone_visibility ?? 'members',
    mailingAddress: row.mailing_address ?? '',
    mailingAddressVisibility: row.mailing_address_visibility ?? 'members',
    listed: row.listed ?? true,
    profileVisibility: row.profile_visibility ?? 'members',
    hasPhoto: !!row.has_photo,
    currentMember: await isCurrentMember(db, userId),
    positions: await positionsOf(db, userId),
  };
}

/**
 * Whether this viewer may see this person's profile at all: the person themself always; membership
 * staff and staff admins anyone with a profile or a current membership; members, and other staff
 * (advisor, finance, programs…: they do not keep member records, so they see a profile exactly as a
 * member does, as they see its contact fields), listed current members; visitors and organization
 * contacts only listed current members who chose to show their profile to everyone.
 */
function mayView(viewer: Viewer, personId: string, facts: { currentMember: boolean; listed: boolean; hasProfile: boolean; profileVisibility: ProfileVisibility }): boolean {
  if (viewer.userId === personId) return true;
  if (viewer.audience === 'staff') return facts.currentMember || facts.hasProfile;
  if (!(facts.currentMember && facts.listed)) return false;
  return viewer.audience === 'members' || viewer.audience === 'otherStaff' || facts.profileVisibility === 'everyone';
}

/** The profile as this viewer may see it, or null when they may not see it (the page says 404). */
export async function viewProfile(db: Db, personId: string, viewer: Viewer): Promise<ProfileView | null> {
  const row = await profileRow(db, personId);
  if (!row) return null;
  const currentMember = await isCurrentMember(db, personId);
  const listed = row.listed ?? true;
  const profileVisibility = row.profile_visibility ?? 'members';
  if (!mayView(viewer, personId, { currentMember, listed, hasProfile: row.has_profile, profileVisibility })) return null;
  const employer = row.employer_organization_id
    ? await db.selectFrom('organizations').select(['slug', 'listed', 'status']).where('id', '=', row.employer_organization_id).executeTakeFirst()
    : undefined;
  return {
    userId: row.id,
    name: row.name,
    employerName: row.employer_name ?? '',
    employerState: row.employer_state ?? null,
    // Only a listed current member has a page in the network (a lapsed one's address is a 404).
    employerSlug: employer?.listed && employer.status === 'active' ? employer.slug : null,
    title: row.title ?? '',
    education: row.education ?? '',
    expertise: row.expertise ?? [],
    bio: row.bio ?? '',
    workEmail: shown(row.work_email ?? null, row.work_email_visibility ?? 'members', viewer, personId),
    phone: shown(row.phone ?? null, row.phone_visibility ?? 'members', viewer, personId),
    mailingAddress: shown(row.mailing_address ?? null, row.mailing_address_visibility ?? 'members', viewer, personId),
    hasPhoto: !!row.has_photo,
    listed,
    profileVisibility,
    currentMember,
    isSelf: viewer.userId === personId,
    audience: viewer.audience,
    positions: await positionsOf(db, personId),
    ownChoices:
      viewer.userId === personId
        ? { workEmail: row.work_email_visibility ?? 'members', phone: row.phone_visibility ?? 'members', mailingAddress: row.mailing_address_visibility ?? 'members' }
        : null,
  };
}

/** The organization a jurisdiction names, when one matches by name and state (case-insensitive):
 * an active one first, then the oldest; organizations loaded together share created_at, so then
 * the slug (unique; the first of a name got the plain one), never whichever row came first. */
async function organizationNamed(trx: Executor, name: string, state: string | null): Promise<string | null> {
  if (!name || !state) return null;
  const row = await trx
    .selectFrom('organizations')
    .select('id')
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .where('state', '=', state)
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy('created_at')
    .orderBy('slug')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function saveProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { userId: string; actorUserId: string; requestId?: string; form: ProfileForm; positions: PositionInput[] },
): Promise<void> {
  const f = input.form;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('member_profiles').selectAll().where('user_id', '=', input.userId).forUpdate().executeTakeFirst();
    const values = {
      employer_name: f.employer_name,
      employer_state: f.employer_state,
      employer_organization_id: await organizationNamed(trx, f.employer_name, f.employer_state),
      title: f.title,
      education: f.education,
      expertise: f.expertise,
      bio: f.bio,
      work_email: f.work_email || null,
      work_email_visibility: f.work_email_visibility,
      phone: f.phone,
      phone_visibility: f.phone_visibility,
      mailing_address: f.mailing_address,
      mailing_address_visibility: f.mailing_address_visibility,
      listed: f.listed === 'yes',
      profile_visibility: f.profile_visibility,
      updated_at: now,
    };
    await trx
      .insertInto('member_profiles')
      .values({ user_id: input.userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    const beforePositions = await positionsOf(trx, input.userId);
    await trx.deleteFrom('member_positions').where('user_id', '=', input.userId).execute();
    for (const p of input.positions) {
      await trx
        .insertInto('member_positions')
        .values({
          user_id: input.userId,
          title: p.title,
          employer_name: p.employerName,
          employer_organization_id: await organizationNamed(trx, p.employerName, p.state),
          state: p.state,
          start_year: p.startYear,
          end_year: p.endYear,
        })
        .execute();
    }
    // Names of what changed, never the values: contact details may be hidden from some staff views.
    const changed = (Object.keys(values) as Array<keyof typeof values>).filter(
      (k) => k !== 'updated_at' && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(values[k] ?? null),
    );
    const key = (p: { title: string; employerName: string; state: string | null; startYear: number; endYear: number | null }) =>
      JSON.stringify([p.title, p.employerName, p.state, p.startYear, p.endYear]);
    if (beforePositions.map(key).join() !== input.positions.map(key).join()) changed.push('positions' as never);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'directory.profile_updated',
      entityType: 'user',
      entityId: input.userId,
      after: { changed, positions: input.positions.length },
      requestId: input.requestId,
    });
  });
}

/**
 * The employer and title a person gave when joining, written to their profile inside the join's
 * transaction. Only what they typed is written: a blank answer leaves what the profile has.
 */
export async function recordWorkplace(trx: Transaction<DB>, input: { userId: string; employerName: string; title: string; now: Date }): Promise<void> {
  const values = {
    ...(input.employerName ? { employer_name: input.employerName } : {}),
    ...(input.title ? { title: input.title } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await trx
    .insertInto('member_profiles')
    .values({ user_id: input.userId, ...values, updated_at: input.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: input.now }))
    .execute();
}

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
type PhotoType = (typeof PHOTO_TYPES)[number];

/** Stores a photo after checking its size and its type by content (never by the declared type). */
export async function savePhoto(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; bytes: Buffer; tooLarge: boolean; requestId?: string }): Promise<void> {
  if (input.tooLarge || input.bytes.length > PHOTO_MAX_BYTES) throw fieldError({ photo: 'Choose an image of 2 MB or less.' });
  if (input.bytes.length === 0) throw fieldError({ photo: 'Choose an image file.' });
  const sniffed = await fileTypeFromBuffer(input.bytes);
  const type = PHOTO_TYPES.find((t) => t === sniffed?.mime);
  if (!type) throw fieldError({ photo: 'Choose a PNG, JPEG or WebP image.' });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('member_profiles')
      .values({ user_id: input.userId, photo: input.bytes, photo_type: type, photo_updated_at: now, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ photo: input.bytes, photo_type: type, photo_updated_at: now, updated_at: now }))
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.userId,
      action: 'directory.photo_updated',
      entityType: 'user',
      entityId: input.userId,
      after: { type, bytes: input.bytes.length },
      requestId: input.requestId,
    });
  });
}

export async function removePhoto(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; requestId?: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('member_profiles')
      .set({ photo: null, photo_type: null, photo_updated_at: null, updated_at: now })
      .where('user_id', '=', input.userId)
      .where('photo', 'is not', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return;
    await writeAudit(trx, { at: now, actorUserId: input.userId, action: 'directory.photo_removed', entityType: 'user', entityId: input.userId, requestId: input.requestId });
  });
}

/** The photo, when this viewer may see the profile it belongs to. */
export async function photoFor(db: Db, personId: string, viewer: Viewer): Promise<{ bytes: Uint8Array; type: PhotoType } | null> {
  const row = await db
    .selectFrom('member_profiles')
    .select(['photo', 'photo_type', 'listed', 'profile_visibility'])
    .where('user_id', '=', personId)
    .where('photo', 'is not', null)
    .executeTakeFirst();
  if (!row?.photo || !row.photo_type) return null;
  const currentMember = await isCurrentMember(db, personId);
  if (!mayView(viewer, personId, { currentMember, listed: row.listed, hasProfile: true, profileVisibility: row.profile_visibility })) return null;
  return { bytes: row.photo, type: row.photo_type };
}
