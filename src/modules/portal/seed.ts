// Demo data of the organization portal: titles, phones and duties for City of Springfield's
// contacts, its website, and one pending login request from someone at its domain.
import type { Transaction } from 'kysely';
import type { ContactDuty, DB } from '../../db/types.js';
import { seedContactDetails, seedWebsite } from '../organizations/index.js';

const SPRINGFIELD = 'city-of-springfield-il';
const CONTACTS: Array<{ email: string; title: string; phone: string; duties: ContactDuty[] }> = [
  { email: 'orgadmin@example.org', title: 'Sustainability Director', phone: '(217) 555-0142', duties: ['staff'] },
  { email: 'orgcontact@example.org', title: 'Finance Manager', phone: '(217) 555-0178', duties: ['staff', 'billing'] },
];

export async function seedPortalDemo(trx: Transaction<DB>): Promise<void> {
  const org = await trx.selectFrom('organizations').select('id').where('slug', '=', SPRINGFIELD).executeTakeFirst();
  if (!org) return;
  await seedWebsite(trx, org.id, 'https://www.springfield.il.us');
  for (const c of CONTACTS) {
    const user = await trx.selectFrom('users').select('id').where('email', '=', c.email).executeTakeFirst();
    if (!user) continue;
    await seedContactDetails(trx, org.id, user.id, { title: c.title, phone: c.phone, duties: c.duties });
  }
  await trx
    .insertInto('login_requests')
    .values({
      name: 'Morgan Reyes',
      email: 'morgan.reyes@springfield.il.us',
      title: 'Energy Program Coordinator',
      organization_name: 'City of Springfield',
      organization_id: org.id,
      domain_matches: true,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'email']).where('status', '=', 'pending').doNothing())
    .execute();
}
