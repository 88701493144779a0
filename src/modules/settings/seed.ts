// Demo data of settings: the association profile (the only row of `association`).
import type { Insertable, Transaction } from 'kysely';
import type { AssociationTable, DB } from '../../db/types.js';

export async function seedAssociation(trx: Transaction<DB>, values: Insertable<AssociationTable>): Promise<void> {
  await trx.insertInto('association').values(values).execute();
}

/** The demo's default advisor: who takes an organization of a state no advisor covers. */
export async function seedDefaultAdvisor(trx: Transaction<DB>, userId: string): Promise<void> {
  await trx.updateTable('association').set({ default_advisor_user_id: userId }).where('id', '=', 1).execute();
}

/** The demo association's membership terms (Markdown), as staff admins would write them in the
 * settings: what /membership-terms shows and applicants agree to. */
export const DEMO_MEMBERSHIP_TERMS = `These terms apply to every government that joins the network: cities, counties, towns, regions and Tribal nations.

# Who may join
Any local government in the United States or its territories, by an application that a person authorized to act for it submits. Membership staff review each application and may ask for more information before approving it.

# Dues
- Annual dues are set by the published dues schedule, by type of government and population (the [dues calculator](/dues) shows them).
- The first invoice is issued when an application is approved and is due within 30 days; membership starts once it is paid.
- Each membership runs for a year from the day it starts. A renewal invoice is sent before the term ends; a membership stays active for a 30-day grace period after its term while the renewal is unpaid, and lapses after it. Paying a lapsed membership’s renewal reinstates it.

# Taking part
Members take part in the network in good faith: they name the people who act for them, keep their contacts and public profile current, and use what other members share for the work of local government only.

# Ending a membership
A member may end its membership at the end of any term by telling membership staff; dues already paid are not refunded for a term that has begun. The association may end a membership that breaks these terms, after notice to the government’s administrators.

# Data
The association keeps the member’s data to run the membership. It shows a member on its public network map and member list (name, kind of government, state and population band) only if the member chooses to be listed: the application asks, and an administrator of the member can change the choice at any time on its profile. A member that is not listed is still counted in the network’s totals.`;
