// Demo data for a first start: the association profile, one staff account per staff role,
// a few organizations with their contacts, and a few individual members. Orchestration only:
// each module writes its own tables through the seed functions on its index.ts.

import { sql } from 'kysely';
import { type Config, loadConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { type ContactDuty, type EntityType, type GlobalRole, type OrgRole, STAFF_ROLES } from '../db/types.js';
import { hashPassword } from '../lib/crypto.js';
import { seedUsers } from '../modules/accounts/index.js';
import { seedAdvisingDemo } from '../modules/advising/index.js';
import { seedApplicationsDemo } from '../modules/applications/index.js';
import { seedAssistanceDemo } from '../modules/assistance/index.js';
// the business challenge (issue 20, O16)
import { seedChallengesDemo } from '../modules/challenges/index.js';
import { seedChaptersDemo } from '../modules/chapters/index.js';
import { seedCohortsDemo } from '../modules/cohorts/index.js';
// commitments (issue 20, O15)
import { seedCommitmentsDemo } from '../modules/commitments/index.js';
import { seedCommitteesDemo } from '../modules/committees/index.js';
import { seedCredentialingDemo } from '../modules/credentialing/index.js';
import { seedDirectoryDemo } from '../modules/directory/index.js';
import { seedDuesDemo } from '../modules/dues/index.js';
import { seedEthicsCasesDemo, seedEthicsCodeDemo } from '../modules/ethics/index.js';
import { seedEventsDemo } from '../modules/events/index.js';
// member groups (issue 19, C3)
import { seedGroupsDemo } from '../modules/groups/index.js';
import { seedIndividualsDemo } from '../modules/individuals/index.js';
// the job center (issue 18, C6)
import { seedJobsDemo } from '../modules/jobs/index.js';
import { seedJoinDemo } from '../modules/join/index.js';
import { seedNetworkDemo } from '../modules/network/index.js';
// news and stories (issue 18, C7)
import { seedNewsDemo } from '../modules/news/index.js';
// newsletters (issue 19, C4)
import { seedNewslettersDemo } from '../modules/newsletters/index.js';
import { seedContactDetails, seedContacts, seedOrganizations } from '../modules/organizations/index.js';
// partners (issue 20, R1–R2)
import { seedPartnersDemo } from '../modules/partners/index.js';
import { seedPortalDemo } from '../modules/portal/index.js';
// resources (issue 18)
import { seedResourcesDemo } from '../modules/resources/index.js';
import { DEMO_MEMBERSHIP_TERMS, seedAssociation, seedDefaultAdvisor } from '../modules/settings/index.js';
// sponsorship (issue 20, R3)
import { seedSponsorshipDemo } from '../modules/sponsorship/index.js';
import { seedDemoActivity } from './demo-activity.js';
import { seedDemoEngagement } from './demo-engagement.js';

export const DEMO_PASSWORD = 'civnet-demo-password';
export const DEMO_DOMAIN = 'example.org';

export const demoStaffEmail = (role: string) => `${role}@${DEMO_DOMAIN}`;

const STAFF_NAMES: Record<string, string> = {
  membership: 'Maya Okafor',
  finance: 'Frank Delgado',
  advisor: 'Aisha Rahman',
  programs: 'Priya Natarajan',
  communications: 'Colin Baptiste',
  ethics: 'Elena Vasquez',
  partnerships: 'Paul Lindqvist',
  admin: 'Ada Whitfield',
};

const ORGS: Array<{ slug: string; name: string; type: EntityType; state: string; population: number; status: 'active' | 'pending' | 'prospect' }> = [
  { slug: 'city-of-springfield-il', name: 'City of Springfield', type: 'city', state: 'IL', population: 114_394, status: 'active' },
  { slug: 'king-county-wa', name: 'King County', type: 'county', state: 'WA', population: 2_269_675, status: 'active' },
  { slug: 'town-of-brookline-ma', name: 'Town of Brookline', type: 'town', state: 'MA', population: 63_191, status: 'active' },
  { slug: 'municipality-of-anchorage-ak', name: 'Municipality of Anchorage', type: 'city', state: 'AK', population: 291_247, status: 'active' },
  { slug: 'city-and-county-of-honolulu-hi', name: 'City and County of Honolulu', type: 'county', state: 'HI', population: 1_016_508, status: 'pending' },
];

const PEOPLE: Array<{ email: string; name: string; roles: GlobalRole[]; org?: { slug: string; role: OrgRole } }> = [
  { email: `orgadmin@${DEMO_DOMAIN}`, name: 'Jordan Ellis', roles: [], org: { slug: 'city-of-springfield-il', role: 'admin' } },
  { email: `orgcontact@${DEMO_DOMAIN}`, name: 'Sam Whitaker', roles: [], org: { slug: 'city-of-springfield-il', role: 'contact' } },
  { email: `kingcounty@${DEMO_DOMAIN}`, name: 'Rosa Chen', roles: [], org: { slug: 'king-county-wa', role: 'admin' } },
  { email: `member@${DEMO_DOMAIN}`, name: 'Dana Morales', roles: ['member'] },
  { email: `manager@${DEMO_DOMAIN}`, name: 'Chris Oduya', roles: ['member'] },
  // individual members on the other levels (their memberships: individuals' demo data)
  { email: `academic@${DEMO_DOMAIN}`, name: 'Naomi Feld', roles: ['member'] },
  { email: `retired@${DEMO_DOMAIN}`, name: 'Walter Brandt', roles: ['member'] },
  { email: `international@${DEMO_DOMAIN}`, name: 'Ines Carvalho', roles: ['member'] },
  { email: `student@${DEMO_DOMAIN}`, name: 'Theo Park', roles: [] },
  // the second advisor: every state the first does not cover (advising's demo data)
  { email: `advisor.south@${DEMO_DOMAIN}`, name: 'Marcus Bell', roles: ['advisor'] },
  // a member whose Members in Transition request is approved (individuals' demo data)
  { email: `transition@${DEMO_DOMAIN}`, name: 'Robin Hale', roles: ['member'] },
  // contacts of City of Fairbanks, which the network's demo data adds (seated after it)
  { email: `fairbanks@${DEMO_DOMAIN}`, name: 'Nora Atkins', roles: [], org: { slug: 'city-of-fairbanks-ak', role: 'admin' } },
  { email: `clerk.fairbanks@${DEMO_DOMAIN}`, name: 'Ben Ryder', roles: [], org: { slug: 'city-of-fairbanks-ak', role: 'contact' } },
  // contacts of Hennepin County (network's demo data), so its meeting's invitations reach someone
  { email: `hennepin@${DEMO_DOMAIN}`, name: 'Maya Lindqvist', roles: [], org: { slug: 'hennepin-county-mn', role: 'admin' } },
  { email: `sustainability.hennepin@${DEMO_DOMAIN}`, name: 'Omar Haddad', roles: [], org: { slug: 'hennepin-county-mn', role: 'contact' } },
];

/** Titles, phones and duties of the contacts seated after the network's demo data. */
const LATER_CONTACT_DETAILS: Record<string, { title: string; phone: string; duties: ContactDuty[] }> = {
  [`fairbanks@${DEMO_DOMAIN}`]: { title: 'City Manager', phone: '(907) 555-0142', duties: ['staff', 'billing'] },
  [`clerk.fairbanks@${DEMO_DOMAIN}`]: { title: 'City Clerk', phone: '(907) 555-0187', duties: ['staff'] },
  [`hennepin@${DEMO_DOMAIN}`]: { title: 'County Administrator', phone: '(612) 555-0133', duties: ['staff', 'billing'] },
  [`sustainability.hennepin@${DEMO_DOMAIN}`]: { title: 'Sustainability Manager', phone: '(612) 555-0176', duties: ['staff'] },
};

/** Some of the demo accounts, whose password is public, if this database holds any. */
export async function demoAccounts(db: Db): Promise<string[]> {
  // the staff admin first: it is the account people know from the README
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('email', 'like', `%@${DEMO_DOMAIN}`)
    .orderBy(sql`email <> ${`admin@${DEMO_DOMAIN}`}`)
    .orderBy('email')
    .limit(3)
    .execute();
  return rows.map((r) => r.email);
}

export async function isSeeded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('association').select('id').executeTakeFirst();
  return !!row;
}

/** Inserts the demo data in one transaction; does nothing when the association already exists.
 * Dates are counted from `now` (today), so the demo's renewals and overdue invoices stay current. */
export async function seedDemo(db: Db, opts: { config?: Config; now?: Date } = {}): Promise<boolean> {
  const now = opts.now ?? new Date();
  if (await isSeeded(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await seedAssociation(trx, {
      id: 1,
      name: 'Local Governments for Sustainability Network',
      short_name: 'LGSN',
      contact_email: `membership@${DEMO_DOMAIN}`,
      phone: '(202) 555-0142',
      address: '1200 Example Avenue NW, Suite 400\nWashington, DC 20005',
      website: 'https://example.org',
      founded_year: 1991,
      membership_year_start_month: 1,
      membership_terms: DEMO_MEMBERSHIP_TERMS,
      updated_at: new Date(),
    });
    const users = [...STAFF_ROLES.map((role) => ({ email: demoStaffEmail(role), name: STAFF_NAMES[role] ?? role, roles: [role] as GlobalRole[] })), ...PEOPLE];
    const userIds = await seedUsers(trx, users, passwordHash);
    const orgs = await seedOrganizations(
      trx,
      ORGS.map((o) => ({ slug: o.slug, name: o.name, entity_type: o.type, state: o.state, population: o.population, status: o.status })),
    );
    await seedContacts(
      trx,
      PEOPLE.flatMap((p) => {
        const organizationId = p.org && orgs.get(p.org.slug)?.id;
        const userId = userIds.get(p.email);
        return p.org && organizationId && userId ? [{ organizationId, userId, role: p.org.role }] : [];
      }),
    );
    // Demo data of later modules, one call each:
    // dues demo data
    await seedDuesDemo(trx);
    // join pages demo data
    await seedJoinDemo(trx);
    // applications demo data
    await seedApplicationsDemo(trx);
    // network demo data
    await seedNetworkDemo(trx, now);
    // the seats at organizations the network's demo data added (City of Fairbanks, Hennepin County)
    const later = PEOPLE.filter((p) => p.org && !orgs.has(p.org.slug));
    const laterOrgs = later.length
      ? await trx
          .selectFrom('organizations')
          .select(['id', 'slug'])
          .where(
            'slug',
            'in',
            later.map((p) => p.org?.slug ?? ''),
          )
          .execute()
      : [];
    for (const p of later) {
      const organizationId = laterOrgs.find((o) => o.slug === p.org?.slug)?.id;
      const userId = userIds.get(p.email);
      const details = LATER_CONTACT_DETAILS[p.email];
      if (!p.org || !organizationId || !userId) continue;
      await seedContacts(trx, [{ organizationId, userId, role: p.org.role }]);
      if (details) await seedContactDetails(trx, organizationId, userId, details);
    }
    // advising demo data
    await seedAdvisingDemo(trx, now);
    // individual membership demo data (levels, memberships of member@ and manager@)
    await seedIndividualsDemo(trx, now.toISOString().slice(0, 10));
    // technical assistance demo data
    await seedAssistanceDemo(trx);
    // organization portal demo data (contact titles and duties, a pending login request)
    await seedPortalDemo(trx);
    // cohorts and delegations demo data (an open leadership cohort and a delegation call)
    await seedCohortsDemo(trx, now);
    // directory demo data (profiles of the demo individual members)
    await seedDirectoryDemo(trx);
    // committees demo data (issue 16): a committee with seats, terms, an open nomination window
    await seedCommitteesDemo(trx, now, passwordHash);
    // events demo data (the conference, a webinar, a members-only training, a past workshop)
    await seedEventsDemo(trx, now);
    // the Code of Ethics (issue 17): version 1, published by the ethics staff member
    await seedEthicsCodeDemo(trx, now, userIds.get(demoStaffEmail('ethics')) ?? null);
    // student chapters demo data (issue 17): Kansas (reports filed), ASU, UNC (dormant), Virginia Tech (requested)
    await seedChaptersDemo(trx, now, passwordHash);
    // credentialing demo data (issue 17): credentialed managers, an open review cycle with applications
    await seedCredentialingDemo(trx, now);
    // ethics cases demo data (issue 17): committee members, cases in two stages, a public censure
    await seedEthicsCasesDemo(trx, now, passwordHash);
    // news and stories (issue 18, C7): six stories, three featuring demo members, one scheduled, one draft
    await seedNewsDemo(trx, now, userIds.get(demoStaffEmail('communications')) ?? null);
    // the job center (issue 18, C6): eight open postings by demo member organizations, one to review
    await seedJobsDemo(trx, now);
    // resources demo data (issue 18): a dozen resources, some for members only, two topic pages
    await seedResourcesDemo(trx, now, userIds.get(demoStaffEmail('communications')) ?? null);
    // member groups (issue 19, C3): two open groups with threads, an ask-to-join group, a private roundtable
    await seedGroupsDemo(trx, now, userIds, DEMO_DOMAIN);
    // partners (issue 20, R1–R2): a chapter and a branch on the network map, an alliance, a grant partnership, an inquiry
    await seedPartnersDemo(trx, now, userIds.get(demoStaffEmail('partnerships')) ?? null);
    // newsletters (issue 19, C4): two lists, a past public issue in the archive, a draft
    await seedNewslettersDemo(trx, now, userIds.get(demoStaffEmail('communications')) ?? null);
    // commitments (issue 20, O15): two commitments with demo signatories (and one withdrawn signature)
    await seedCommitmentsDemo(trx, now, userIds.get(demoStaffEmail('communications')) ?? null);
    // sponsorship (issue 20, R3): two packages for the annual conference and a year-round one
    await seedSponsorshipDemo(trx, now, userIds.get(demoStaffEmail('partnerships')) ?? null);
    // the business challenge (issue 20, O16): a template of ten actions; Springfield's running challenge with three businesses
    await seedChallengesDemo(trx, now, { organizationId: orgs.get('city-of-springfield-il')?.id, reviewerId: userIds.get(`orgadmin@${DEMO_DOMAIN}`) ?? null, passwordHash });
    // the default advisor (settings), for a state no advisor covers
    const defaultAdvisor = userIds.get(demoStaffEmail('advisor'));
    if (defaultAdvisor) await seedDefaultAdvisor(trx, defaultAdvisor);
    // invoices and payments, through billing (gapless numbers, payments applied once)
    await seedDemoActivity(trx, { config: opts.config ?? loadConfig({}), now });
  });
  // assistance requests and booked meetings, through the modules' use cases (their own transactions)
  await seedDemoEngagement(db, { config: opts.config ?? loadConfig({}), now });
  return true;
}
