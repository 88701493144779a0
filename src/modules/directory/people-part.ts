// What the staff People pages show of a person's profile: the fields and who may see each (staff
// always may). Not the photo's bytes.
import type { Db } from '../../db/client.js';
import type { ProfileVisibility, Visibility } from '../../db/types.js';

export interface StaffProfileView {
  title: string;
  employerName: string;
  employerState: string | null;
  workEmail: string | null;
  workEmailVisibility: Visibility;
  phone: string;
  phoneVisibility: Visibility;
  mailingAddress: string;
  mailingAddressVisibility: Visibility;
  listed: boolean;
  profileVisibility: ProfileVisibility;
  hasPhoto: boolean;
}

export async function profileForStaff(db: Db, userId: string): Promise<StaffProfileView | null> {
  const p = await db
    .selectFrom('member_profiles')
    .select([
      'title',
      'employer_name',
      'employer_state',
      'work_email',
      'work_email_visibility',
      'phone',
      'phone_visibility',
      'mailing_address',
      'mailing_address_visibility',
      'listed',
      'profile_visibility',
      'photo_type',
    ])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!p) return null;
  return {
    title: p.title,
    employerName: p.employer_name,
    employerState: p.employer_state,
    workEmail: p.work_email,
    workEmailVisibility: p.work_email_visibility,
    phone: p.phone,
    phoneVisibility: p.phone_visibility,
    mailingAddress: p.mailing_address,
    mailingAddressVisibility: p.mailing_address_visibility,
    listed: p.listed,
    profileVisibility: p.profile_visibility,
    hasPhoto: p.photo_type !== null,
  };
}
