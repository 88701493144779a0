// Demo data of ethics cases: two demo members on the ethics committee (Naomi Feld and Walter
// Brandt), a complaint waiting for intake review, a case waiting for the member's response (Walter
// Brandt assigned), and a public censure in effect, so that /ethics/censures is not empty.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { sha256 } from '../../lib/crypto.js';
import { isoDay } from '../../lib/format.js';
import { seedUsers } from '../accounts/index.js';

export const DEMO_COMMITTEE_EMAILS = ['academic@example.org', 'retired@example.org'];
export const DEMO_RESPONDENT_EMAIL = 'v.hale@example.org';

const day = (now: Date, days: number) => isoDay(new Date(now.getTime() + days * 86_400_000));
const at = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);

export async function seedEthicsCasesDemo(trx: Transaction<DB>, now: Date, passwordHash: string): Promise<void> {
  const respondents = await seedUsers(
    trx,
    [
      { email: DEMO_RESPONDENT_EMAIL, name: 'Victor Hale', roles: [] },
      { email: 'g.pike@example.org', name: 'Gerald Pike', roles: [] },
    ],
    passwordHash,
  );
  const committee = await trx.selectFrom('users').select(['id', 'email']).where('email', 'in', DEMO_COMMITTEE_EMAILS).execute();
  if (committee.length)
    await trx
      .insertInto('ethics_committee_members')
      .values(committee.map((u) => ({ user_id: u.id, added_by: null, added_at: at(now, -200) })))
      .execute();
  const walter = committee.find((u) => u.email === 'retired@example.org')?.id;
  const base = { complainant_user_id: null, confirm_token_hash: null, confirm_expires_at: null, code_version: 1 };

  const intake = await trx
    .insertInto('ethics_cases')
    .values({
      ...base,
      reference: 'ETH-DEMO0001',
      stage: 'intake',
      complainant_name: 'Jamie Ortiz',
      complainant_email: 'jamie.ortiz@example.net',
      status_token_hash: sha256('demo-status-intake'),
      respondent_name: 'Pat Lindgren',
      respondent_organization: 'Town of Fairview',
      respondent_position: 'Town Manager',
      tenets: [3],
      facts: 'The town manager hired a relative as deputy clerk without disclosing the relationship to the council.',
      filed_at: at(now, -3),
      received_at: at(now, -3),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const response = await trx
    .insertInto('ethics_cases')
    .values({
      ...base,
      reference: 'ETH-DEMO0002',
      stage: 'response',
      complainant_name: 'Morgan Reyes',
      complainant_email: 'morgan.reyes@example.net',
      status_token_hash: sha256('demo-status-response'),
      respondent_name: 'Victor Hale',
      respondent_organization: 'City of Lakeside',
      respondent_position: 'City Manager',
      respondent_user_id: respondents.get(DEMO_RESPONDENT_EMAIL) ?? null,
      tenets: [1, 4],
      facts: 'The city manager endorsed a vendor’s product in a paid advertisement while the city was evaluating bids.',
      filed_at: at(now, -20),
      received_at: at(now, -20),
      response_due_on: day(now, 15),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const censure = await trx
    .insertInto('ethics_cases')
    .values({
      ...base,
      reference: 'ETH-DEMO0003',
      stage: 'final',
      complainant_name: 'Lee Carver',
      complainant_email: 'lee.carver@example.net',
      status_token_hash: sha256('demo-status-final'),
      respondent_name: 'Gerald Pike',
      respondent_organization: 'Village of Millbrook',
      respondent_position: 'Village Administrator',
      respondent_user_id: respondents.get('g.pike@example.org') ?? null,
      tenets: [3],
      facts: 'The administrator accepted gifts of travel from a developer seeking a zoning change.',
      filed_at: at(now, -300),
      received_at: at(now, -300),
      response_due_on: day(now, -270),
      response_text: 'The travel was a conference invitation.',
      responded_at: at(now, -275),
      fact_finder: 'State Association Ethics Committee',
      fact_finding_due_on: day(now, -200),
      report_text: 'The trips were paid by the developer and were not conference travel.',
      reported_at: at(now, -205),
      outcome: 'public_censure',
      outcome_reasons: 'Accepting gifts from a party with business before the village breaks Tenet 3.',
      decided_at: at(now, -150),
      appeal_closes_on: day(now, -120),
      effective_on: day(now, -119),
      sanction_until: day(now, -119 + 365 * 5),
      final_at: at(now, -119),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const events: Array<{ case_id: string; at: Date; summary: string }> = [
    { case_id: intake.id, at: at(now, -3), summary: 'Complaint filed and received' },
    { case_id: response.id, at: at(now, -20), summary: 'Complaint filed and received' },
    { case_id: response.id, at: at(now, -15), summary: 'Opened: the member’s account linked (Victor Hale); written response due in 30 days' },
    { case_id: censure.id, at: at(now, -300), summary: 'Complaint filed and received' },
    { case_id: censure.id, at: at(now, -299), summary: 'Opened: the member’s account linked (Gerald Pike)' },
    { case_id: censure.id, at: at(now, -275), summary: 'Written response received from the member' },
    { case_id: censure.id, at: at(now, -205), summary: 'Fact-finding report recorded; the case goes to the committee' },
    { case_id: censure.id, at: at(now, -150), summary: 'Committee decision: public censure' },
    { case_id: censure.id, at: at(now, -119), summary: 'Decision final and in effect' },
  ];
  await trx
    .insertInto('ethics_case_events')
    .values(events.map((e) => ({ ...e, actor_user_id: null })))
    .execute();
  if (walter)
    await trx
      .insertInto('ethics_case_assignments')
      .values({ case_id: response.id, user_id: walter, assigned_by: null, assigned_at: at(now, -14) })
      .execute();
}
