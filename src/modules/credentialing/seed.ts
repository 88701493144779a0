// Demo data of the credentialing program: two credentialed managers (Chris Oduya, awarded two
// years ago and a few hours short of this year's 40; Naomi Feld, awarded last year), and the
// current quarter's open review cycle with Naomi Feld on its panel, a submitted application of
// Walter Brandt (fee paid) and a draft of Ines Carvalho. Dated from `now`.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { monthsOfService, quarterEnd } from './rules.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const positions = (from: string) => JSON.stringify([{ title: 'City Manager', organization: 'City of Springfield', from, to: '' }]);
const referees = JSON.stringify([
  { name: 'Mayor Ruth Adams', email: 'ruth.adams@example.org', relationship: 'Mayor I report to' },
  { name: 'Omar Haddad', email: 'omar.haddad@example.org', relationship: 'Fellow county administrator' },
]);
const assessment = JSON.stringify({
  leadership: 'Led a staff of 400 through a reorganization.',
  finance: 'Prepared eleven balanced budgets.',
  community: 'Ran the participatory budgeting program.',
  ethics: 'Chaired the city’s ethics training.',
});

export async function seedCredentialingDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const year = Number(day.slice(0, 4));
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', ['manager@example.org', 'academic@example.org', 'retired@example.org', 'international@example.org'])
    .execute();
  const id = (email: string) => users.find((u) => u.email === email)?.id;
  const chris = id('manager@example.org');
  const naomi = id('academic@example.org');
  const walter = id('retired@example.org');
  const ines = id('international@example.org');
  if (!chris || !naomi || !walter || !ines) return;

  await trx
    .insertInto('credentials')
    .values([
      { user_id: chris, status: 'current', awarded_on: `${year - 2}-05-14`, updated_at: now },
      { user_id: naomi, status: 'current', awarded_on: `${year - 1}-09-30`, updated_at: now },
    ])
    .execute();
  // Chris is a few hours short of this year's goal (36 of 40 hours, self-reported).
  const activities: Array<[string, string, string, number]> = [
    ['Budgeting for resilience (online course)', 'State Municipal League', `${year}-02-10`, 12 * 60],
    ['Regional managers’ roundtable', 'County Administrators Association', `${year}-04-22`, 8 * 60],
    ['Graduate seminar in public finance (guest lecturer)', 'State University', `${year}-06-05`, 16 * 60],
    ['Last year’s leadership institute', 'State Municipal League', `${year - 1}-10-03`, 40 * 60],
  ];
  await trx
    .insertInto('credential_activities')
    .values(
      activities.map(([title, provider, done_on, minutes]) => ({
        user_id: chris,
        title,
        provider,
        done_on: done_on > day ? day : done_on,
        minutes,
        filename: 'certificate.pdf',
        content_type: 'application/pdf',
        size_bytes: PDF.length,
        sha256: createHash('sha256').update(PDF).digest('hex'),
        content: PDF,
      })),
    )
    .execute();

  const q = quarterEnd(day);
  const cycle = await trx.insertInto('credential_cycles').values({ name: q.name, cutoff_on: q.cutoff }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('credential_panel_members').values({ cycle_id: cycle.id, user_id: naomi }).execute();
  await trx
    .insertInto('credential_applications')
    .values([
      {
        user_id: walter,
        status: 'submitted',
        cycle_id: cycle.id,
        degree: 'Master of Public Administration',
        institution: 'State University',
        degree_year: 1985,
        positions: positions('1990-01'),
        referees,
        self_assessment: assessment,
        months_senior: monthsOfService([{ title: '', organization: '', from: '1990-01', to: '' }], day.slice(0, 7)),
        fee_cents: 25_000,
        fee_paid_on: day,
        submitted_at: now,
        submitted_on: day,
      },
      {
        user_id: ines,
        status: 'draft',
        positions: positions('2015-03'),
        months_senior: monthsOfService([{ title: '', organization: '', from: '2015-03', to: '' }], day.slice(0, 7)),
      },
    ])
    .execute();
}
