// A person's record: their account and roles, seats, individual memberships and invoices, profile
// with its visibility settings, sign-in activity, and invitations waiting for them. Gathered from
// the owners' index.ts and the shared tables (queries.ts).
import type { Deps } from '../../deps.js';
import { listOpenStaffInvitations, pendingEmailChange, type SignInActivity, type StaffInvitation, signInActivity } from '../accounts/index.js';
import { profileForStaff, type StaffProfileView } from '../directory/index.js';
import { type PersonMembership, personMemberships } from '../individuals/index.js';
import { openSeatInvitationsTo, type SeatInvitation } from '../portal/index.js';
import { invoicesOf, type PersonAccount, type PersonInvoice, personAccount, type Seat, seatsOf } from './queries.js';

export interface PersonRecord {
  account: PersonAccount;
  pendingEmail: string | null;
  seats: Seat[];
  memberships: PersonMembership[];
  invoices: PersonInvoice[];
  profile: StaffProfileView | null;
  signIn: SignInActivity;
  seatInvitations: SeatInvitation[];
  staffInvitations: StaffInvitation[];
}

export async function personRecord(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<PersonRecord | null> {
  const account = await personAccount(deps.db, id);
  if (!account) return null;
  const [pendingEmail, seats, memberships, invoices, profile, signIn, seatInvitations, staffInvitations] = await Promise.all([
    pendingEmailChange(deps, id),
    seatsOf(deps.db, id),
    personMemberships(deps.db, id),
    invoicesOf(deps.db, id),
    profileForStaff(deps.db, id),
    signInActivity(deps, id),
    openSeatInvitationsTo(deps, account.email),
    listOpenStaffInvitations(deps, account.email),
  ]);
  return { account, pendingEmail, seats, memberships, invoices, profile, signIn, seatInvitations, staffInvitations };
}
