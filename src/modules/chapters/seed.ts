// Demo data of student chapters: four chapters at real universities, with demo student members
// (new accounts, each with an active Student membership through individuals):
// - University of Kansas: active for two years, four officers (Maya Chen, president), members,
//   events, and its reports of the past years filed and accepted; this year's is still to file.
// - Arizona State University: active, two officers, last year's report filed and waiting for staff.
// - UNC Chapel Hill: dormant (its report was missed), its officers' terms over.
// - Virginia Tech: requested, its founding president accepted: waiting for membership staff.
import type { Transaction } from 'kysely';
import type { ChapterRole, DB } from '../../db/types.js';
import { isoDay } from '../../lib/format.js';
import { seedUsers } from '../accounts/index.js';
import { seedDemoStudentMemberships } from '../individuals/index.js';
import { academicYearOf, addDays, chapterSettings, dueDate, owesReport, yearLabel } from './shared.js';

export const DEMO_CHAPTER_PRESIDENT_EMAIL = 'maya.chen@example.org';
export const DEMO_CHAPTER_SLUG = 'university-of-kansas';

const STUDENTS = [
  { email: DEMO_CHAPTER_PRESIDENT_EMAIL, name: 'Maya Chen' },
  { email: 'jordan.ellis@example.org', name: 'Jordan Ellis' },
  { email: 'priya.natarajan@example.org', name: 'Priya Natarajan' },
  { email: 'samuel.okafor@example.org', name: 'Samuel Okafor' },
  { email: 'noah.fischer@example.org', name: 'Noah Fischer' },
  { email: 'lucia.ramirez@example.org', name: 'Lucia Ramirez' },
  { email: 'ben.whitaker@example.org', name: 'Ben Whitaker' },
  { email: 'grace.liu@example.org', name: 'Grace Liu' },
  { email: 'ethan.brooks@example.org', name: 'Ethan Brooks' },
];

interface DemoChapter {
  slug: string | null;
  status: 'active' | 'dormant' | 'requested';
  name: string;
  university: string;
  city: string;
  state: string;
  advisor: [name: string, email: string, department: string];
  purpose: string;
  /** days before today */
  approvedAgo: number;
  officers: Array<[ChapterRole, string]>;
  members: string[];
  events: Array<{ title: string; inDays: number; place: string; description: string }>;
  reportsAccepted: boolean;
}

const CHAPTERS: DemoChapter[] = [
  {
    slug: DEMO_CHAPTER_SLUG,
    status: 'active',
    name: 'Student Chapter at the University of Kansas',
    university: 'University of Kansas',
    city: 'Lawrence',
    state: 'KS',
    advisor: ['Dr. Rachel Holloway', 'r.holloway@ku.example.edu', 'School of Public Affairs and Administration'],
    purpose: 'Connects MPA students with city and county managers across Kansas: site visits, a mentoring program and a yearly career panel.',
    approvedAgo: 800,
    officers: [
      ['president', DEMO_CHAPTER_PRESIDENT_EMAIL],
      ['vice_president', 'jordan.ellis@example.org'],
      ['secretary', 'priya.natarajan@example.org'],
      ['treasurer', 'samuel.okafor@example.org'],
    ],
    members: [DEMO_CHAPTER_PRESIDENT_EMAIL, 'jordan.ellis@example.org', 'priya.natarajan@example.org', 'samuel.okafor@example.org', 'noah.fischer@example.org'],
    events: [
      { title: 'City manager career panel', inDays: 21, place: 'Wescoe Hall, room 4002', description: 'Three managers from Kansas cities talk about their first jobs.' },
      { title: 'Site visit: Lawrence City Hall', inDays: -40, place: 'Lawrence City Hall', description: 'A morning with the budget office.' },
    ],
    reportsAccepted: true,
  },
  {
    slug: 'arizona-state-university',
    status: 'active',
    name: 'ASU Student Chapter',
    university: 'Arizona State University',
    city: 'Tempe',
    state: 'AZ',
    advisor: ['Prof. Daniel Ortega', 'd.ortega@asu.example.edu', 'School of Public Affairs'],
    purpose: 'Brings together students who want to work in local government in the Phoenix region.',
    approvedAgo: 420,
    officers: [
      ['president', 'lucia.ramirez@example.org'],
      ['treasurer', 'ben.whitaker@example.org'],
    ],
    members: ['lucia.ramirez@example.org', 'ben.whitaker@example.org'],
    events: [{ title: 'Budget simulation night', inDays: 10, place: 'University Center, Phoenix', description: 'Balance a city’s budget in two hours.' }],
    reportsAccepted: false,
  },
  {
    slug: 'unc-chapel-hill',
    status: 'dormant',
    name: 'UNC Chapel Hill Student Chapter',
    university: 'University of North Carolina at Chapel Hill',
    city: 'Chapel Hill',
    state: 'NC',
    advisor: ['Dr. Helen Marsh', 'h.marsh@unc.example.edu', 'School of Government'],
    purpose: 'A forum for students of local government law and administration.',
    approvedAgo: 1200,
    officers: [['president', 'grace.liu@example.org']],
    members: ['grace.liu@example.org'],
    events: [],
    reportsAccepted: true,
  },
  {
    slug: null,
    status: 'requested',
    name: 'Virginia Tech Student Chapter',
    university: 'Virginia Tech',
    city: 'Blacksburg',
    state: 'VA',
    advisor: ['Dr. Karen Lee', 'k.lee@vt.example.edu', 'Center for Public Administration and Policy'],
    purpose: 'Students of urban affairs and planning who want to meet practitioners in southwest Virginia.',
    approvedAgo: 0,
    officers: [['president', 'ethan.brooks@example.org']],
    members: [],
    events: [],
    reportsAccepted: false,
  },
];

export async function seedChaptersDemo(trx: Transaction<DB>, now: Date, passwordHash: string): Promise<void> {
  const today = isoDay(now);
  const ids = await seedUsers(
    trx,
    STUDENTS.map((s) => ({ email: s.email, name: s.name, roles: [] })),
    passwordHash,
  );
  await seedDemoStudentMemberships(trx, [...ids.values()], today);
  const s = await chapterSettings(trx);
  const current = academicYearOf(today, s);
  const staff = await trx.selectFrom('users').select('id').where('email', '=', 'membership@example.org').executeTakeFirst();
  for (const c of CHAPTERS) {
    const president = ids.get(c.officers[0]?.[1] ?? '');
    if (!president) continue;
    const approvedOn = c.status === 'requested' ? null : addDays(today, -c.approvedAgo);
    const requestedAt = new Date(Date.parse(`${approvedOn ?? addDays(today, -6)}T15:00:00Z`) - 14 * 86_400_000);
    const dormant = c.status === 'dormant';
    // the year whose report the dormant chapter missed: the last one whose grace period is over
    let missed = current;
    while (addDays(dueDate(missed, s), s.graceDays) >= today) missed--;
    const chapter = await trx
      .insertInto('chapters')
      .values({
        status: c.status,
        slug: c.slug,
        name: c.name,
        university: c.university,
        city: c.city,
        state: c.state,
        advisor_name: c.advisor[0],
        advisor_email: c.advisor[1],
        advisor_department: c.advisor[2],
        purpose: c.purpose,
        requested_by: president,
        requested_at: requestedAt,
        decided_by: approvedOn ? (staff?.id ?? null) : null,
        decided_at: approvedOn ? new Date(`${approvedOn}T16:00:00Z`) : null,
        approved_on: approvedOn,
        dormant_since: dormant ? addDays(dueDate(missed, s), s.graceDays + 1) : null,
        dormant_reason: dormant ? `its yearly report for ${yearLabel(missed)} was not filed.` : '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Current officers serve this academic year; the dormant chapter's served until its last report.
    const termStart = c.status === 'requested' ? today : addDays(dueDate(dormant ? missed - 2 : current - 1, s), 1);
    const termEnd = c.status === 'requested' ? dueDate(current, s) : dueDate(dormant ? missed - 1 : current, s);
    for (const [role, email] of c.officers) {
      const userId = ids.get(email);
      if (!userId) continue;
      await trx
        .insertInto('chapter_officers')
        .values({
          chapter_id: chapter.id,
          role,
          user_id: userId,
          status: 'accepted',
          term_start: termStart,
          term_end: termEnd,
          founding: c.status === 'requested',
          invited_by: president,
          invited_at: requestedAt,
          answered_at: requestedAt,
        })
        .execute();
    }
    for (const email of c.members) {
      const userId = ids.get(email);
      if (userId) await trx.insertInto('chapter_members').values({ chapter_id: chapter.id, user_id: userId, joined_at: requestedAt }).execute();
    }
    for (const e of c.events) {
      await trx
        .insertInto('chapter_events')
        .values({
          chapter_id: chapter.id,
          title: e.title,
          happens_on: addDays(today, e.inDays),
          place: e.place,
          description: e.description,
          created_by: president,
          created_at: requestedAt,
        })
        .execute();
    }
    if (!approvedOn) continue;
    // the past years' reports (the dormant chapter's stop before the year it missed)
    for (const year of [current - 3, current - 2, current - 1]) {
      if (!owesReport(approvedOn, year, s) || (dormant && year >= missed)) continue;
      const submittedAt = new Date(`${addDays(dueDate(year, s), -5)}T18:00:00Z`);
      await trx
        .insertInto('chapter_reports')
        .values({
          chapter_id: chapter.id,
          year,
          activities: `During ${yearLabel(year)} the chapter met monthly, ran a mentoring program with local managers and hosted a career panel.`,
          events_held: c.events.map((e) => e.title).join('\n'),
          member_count: c.members.length,
          submitted_by: president,
          submitted_at: submittedAt,
          accepted_by: c.reportsAccepted ? (staff?.id ?? null) : null,
          accepted_at: c.reportsAccepted ? new Date(submittedAt.getTime() + 7 * 86_400_000) : null,
        })
        .execute();
    }
  }
}
