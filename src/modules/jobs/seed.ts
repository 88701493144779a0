// Demo data of the job center: eight open postings by demo member organizations (posted by one of
// their contacts, free, approved over the last weeks), and one waiting for review.
import type { Transaction } from 'kysely';
import type { DB, EmploymentType, Workplace } from '../../db/types.js';
import { expiryOf } from './shared.js';

interface DemoJob {
  title: string;
  workplace: Workplace;
  type: EmploymentType;
  min: number;
  max: number;
  body: string;
  apply: string;
}

const JOBS: DemoJob[] = [
  {
    title: 'Assistant Town Administrator',
    workplace: 'on_site',
    type: 'full_time',
    min: 128000,
    max: 156000,
    body: '## The role\n\nThe Assistant Town Administrator oversees public works, parks and the budget office, and leads the **capital improvement plan**.\n\n## What you bring\n\n- Five years of progressively responsible local government management\n- A degree in public administration or a related field\n- Our voluntary credential a plus',
    apply: 'https://jobs.example.gov/assistant-town-administrator',
  },
  {
    title: 'Sustainability Program Manager',
    workplace: 'hybrid',
    type: 'full_time',
    min: 92000,
    max: 118000,
    body: 'Lead the climate action plan: building decarbonization, fleet electrification and community resilience grants.\n\n- Three years managing environmental programs\n- Experience with federal grants',
    apply: 'https://jobs.example.gov/sustainability-manager',
  },
  {
    title: 'Budget Analyst',
    workplace: 'hybrid',
    type: 'full_time',
    min: 68000,
    max: 84000,
    body: 'Prepare the operating budget, forecast revenues and support departments through the budget cycle.',
    apply: 'hr@example.gov',
  },
  {
    title: 'GIS Analyst (remote)',
    workplace: 'remote',
    type: 'contract',
    min: 70000,
    max: 90000,
    body: 'A one-year contract to build the city’s parcel and stormwater layers. Remote, with two site visits.',
    apply: 'https://jobs.example.gov/gis-analyst',
  },
  {
    title: 'Management Intern',
    workplace: 'on_site',
    type: 'internship',
    min: 38000,
    max: 42000,
    body: 'A twelve-month management internship for a recent MPA graduate: rotations through the manager’s office, finance and planning.',
    apply: 'https://jobs.example.gov/management-intern',
  },
  {
    title: 'Emergency Management Coordinator',
    workplace: 'on_site',
    type: 'full_time',
    min: 74000,
    max: 95000,
    body: 'Coordinate hazard mitigation planning, the emergency operations center and community preparedness.',
    apply: 'https://jobs.example.gov/emergency-coordinator',
  },
  {
    title: 'Planning Director',
    workplace: 'on_site',
    type: 'full_time',
    min: 135000,
    max: 165000,
    body: 'Direct long-range planning, zoning and development review; lead the comprehensive plan update.',
    apply: 'https://jobs.example.gov/planning-director',
  },
  {
    title: 'Part-time Grants Writer',
    workplace: 'remote',
    type: 'part_time',
    min: 35000,
    max: 45000,
    body: 'Write and manage state and federal grant applications, 20 hours a week.',
    apply: 'grants@example.gov',
  },
  {
    title: 'Deputy Finance Director',
    workplace: 'hybrid',
    type: 'full_time',
    min: 112000,
    max: 138000,
    body: 'Lead accounting, treasury and the annual audit; deputize for the finance director.',
    apply: 'https://jobs.example.gov/deputy-finance-director',
  },
];

export async function seedJobsDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const orgs = await trx
    .selectFrom('organizations as o')
    .innerJoin('organization_contacts as c', 'c.organization_id', 'o.id')
    .select(['o.id', 'o.name', 'o.state', 'c.user_id'])
    .where('o.status', '=', 'active')
    .orderBy('o.name')
    .orderBy('c.user_id')
    .execute();
  const byOrg = [...new Map(orgs.map((o) => [o.id, o] as const)).values()].reverse();
  if (byOrg.length === 0) return;
  const rows = JOBS.map((j, i) => {
    const org = byOrg[i % byOrg.length];
    if (!org) throw new Error('no organization');
    const published = new Date(now.getTime() - (i * 3 + 1) * 86_400_000);
    const email = j.apply.includes('@') && !j.apply.startsWith('https://');
    return {
      employer_user_id: org.user_id,
      organization_id: org.id,
      title: j.title,
      employer_name: org.name,
      city: j.workplace === 'remote' ? '' : org.name.replace(/^(City|Town|County|Village) of /, ''),
      state: org.state,
      workplace: j.workplace,
      salary_min: j.min,
      salary_max: j.max,
      employment_type: j.type,
      description: j.body,
      apply_url: email ? null : j.apply,
      apply_email: email ? j.apply : null,
      closes_on: null,
      status: i === JOBS.length - 1 ? ('in_review' as const) : ('published' as const),
      submitted_at: published,
      published_at: i === JOBS.length - 1 ? null : published,
      expires_at: i === JOBS.length - 1 ? null : expiryOf(published, null, 'UTC'),
      views: i === JOBS.length - 1 ? 0 : 40 - i * 4,
      apply_clicks: i === JOBS.length - 1 ? 0 : 9 - i,
      created_at: published,
      updated_at: published,
    };
  });
  await trx.insertInto('job_postings').values(rows).execute();
}
