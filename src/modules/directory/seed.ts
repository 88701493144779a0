// Demo profiles for the two demo individual members (their active memberships come from the
// individuals module's demo data): mixed visibilities, positions over time and expertise.
import type { Transaction } from 'kysely';
import type { DB, Visibility } from '../../db/types.js';

interface DemoProfile {
  email: string;
  employer: string;
  state: string;
  title: string;
  education: string;
  expertise: string[];
  bio: string;
  workEmail: [string, Visibility];
  phone: [string, Visibility];
  mailingAddress: [string, Visibility];
  positions: Array<{ title: string; employer: string; state: string; start: number; end: number | null }>;
}

const DEMO: DemoProfile[] = [
  {
    email: 'member@example.org',
    employer: 'City of Springfield',
    state: 'IL',
    title: 'Assistant City Manager',
    education: 'MPA, University of Illinois Springfield',
    expertise: ['budgeting', 'performance management', 'public safety'],
    bio: 'Leads the budget office and the city’s performance program.',
    workEmail: ['dmorales@springfield.example.gov', 'everyone'],
    phone: ['(217) 555-0134', 'members'],
    mailingAddress: ['800 E Monroe St\nSpringfield, IL 62701', 'staff'],
    positions: [
      { title: 'Assistant City Manager', employer: 'City of Springfield', state: 'IL', start: 2021, end: null },
      { title: 'Budget Director', employer: 'City of Peoria', state: 'IL', start: 2015, end: 2021 },
    ],
  },
  {
    email: 'manager@example.org',
    employer: 'King County',
    state: 'WA',
    title: 'County Administrator',
    education: 'MPP, University of Washington',
    expertise: ['climate resilience', 'budgeting', 'intergovernmental relations'],
    bio: 'Twenty years in county government, the last eight as administrator.',
    workEmail: ['coduya@kingcounty.example.gov', 'members'],
    phone: ['(206) 555-0188', 'staff'],
    mailingAddress: ['500 4th Ave\nSeattle, WA 98104', 'members'],
    positions: [
      { title: 'County Administrator', employer: 'King County', state: 'WA', start: 2017, end: null },
      { title: 'Deputy County Administrator', employer: 'Pierce County', state: 'WA', start: 2010, end: 2017 },
      { title: 'Management Analyst', employer: 'City of Tacoma', state: 'WA', start: 2004, end: 2010 },
    ],
  },
];

export async function seedDirectoryDemo(trx: Transaction<DB>): Promise<void> {
  for (const d of DEMO) {
    const user = await trx.selectFrom('users').select('id').where('email', '=', d.email).executeTakeFirst();
    if (!user) continue;
    const org = await trx.selectFrom('organizations').select('id').where('name', '=', d.employer).where('state', '=', d.state).executeTakeFirst();
    await trx
      .insertInto('member_profiles')
      .values({
        user_id: user.id,
        employer_name: d.employer,
        employer_state: d.state,
        employer_organization_id: org?.id ?? null,
        title: d.title,
        education: d.education,
        expertise: d.expertise,
        bio: d.bio,
        work_email: d.workEmail[0],
        work_email_visibility: d.workEmail[1],
        phone: d.phone[0],
        phone_visibility: d.phone[1],
        mailing_address: d.mailingAddress[0],
        mailing_address_visibility: d.mailingAddress[1],
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    for (const p of d.positions) {
      await trx
        .insertInto('member_positions')
        .values({ user_id: user.id, title: p.title, employer_name: p.employer, state: p.state, start_year: p.start, end_year: p.end })
        .execute();
    }
  }
}
