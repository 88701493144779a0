// Demo data of the Code of Ethics: version 1, published by the ethics staff member, with twelve
// tenets modelled on the ICMA Code of Ethics (our own wording), guidelines for several, and a
// summary of the rules of procedure. Written once: a demo that has a version already is left alone.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

type Trx = Transaction<DB>;

const PREAMBLE = `The members of this association believe that responsive, democratic local government is essential to the well-being of every community, and that professional management serves it best. This Code of Ethics sets the standard of conduct that every member accepts on joining and keeps for as long as they are a member.

The code binds members in their public work and in the personal conduct that bears on it. A complaint that a member has broken it is handled under the rules of procedure below, fairly, in confidence, and with the member’s full chance to respond.`;

const TENETS: Array<{ title: string; body: string; guidelines?: string }> = [
  {
    title: 'Commitment to democratic local government',
    body: 'Be committed to the principle that responsive, democratic local government, led by elected officials and run by professional management, is essential to the communities we serve.',
  },
  {
    title: 'Dignity of public service',
    body: 'Uphold the dignity and worth of local government service, and keep a constructive, creative and practical attitude toward local government affairs and a deep sense of responsibility as a public servant.',
  },
  {
    title: 'Personal integrity',
    body: 'Show the highest standards of honesty and integrity in all public and personal relationships, so that the member earns the respect and confidence of elected officials, colleagues, employees and the public.',
    guidelines: `## Public confidence
- Conduct yourself so that the public can rely on your word and on the fairness of the decisions you take or advise on.
- Do not make false or misleading statements about your own or others' qualifications, records or work.

## Seeking employment
- Do not accept a position before the terms are agreed and before you can give your current employer the notice you agreed to.
- Once you have accepted an offer, do not keep interviewing elsewhere without telling both employers.

## Length of service
- Expect to serve at least two years in a post, barring serious circumstances, so that the community gets the return on the appointment it made.`,
  },
  {
    title: 'Service to the public',
    body: 'Serve the best interests of all the people of the community, with fairness and without favor to any person or group.',
    guidelines: `- Recommend policies and programs on their merits for the whole community, not for the benefit of one neighborhood, business or faction.
- Give every resident the same courtesy and the same access to information and services.`,
  },
  {
    title: 'Advice on policy',
    body: 'Put forward proposals for policy to elected officials, give them the facts and the technical and professional advice they need to decide, and carry out faithfully the policies they adopt.',
    guidelines: `- Present every option that is reasonably open, with its costs and consequences, even when you favor one of them.
- Once a policy is adopted, implement it in full, including a policy you advised against.`,
  },
  {
    title: 'Elected officials set policy',
    body: 'Recognize that the elected officials are accountable to the community for policy, and that members are responsible for carrying it out.',
  },
  {
    title: 'Political neutrality',
    body: 'Refrain from any political activity that would undermine public confidence in professional administrators. Do not take part in the election of the members of the employing governing body.',
    guidelines: `## What a member may do
- Vote, and keep private political opinions.
- Take part in elections and ballot measures of bodies other than their employer’s governing body, where the law allows and it does not bear on their duties.
- Explain the facts of a ballot measure that affects the organization, without campaigning for or against it.

## What a member may not do
- Endorse, fund or campaign for candidates for their own governing body, or ask others to.
- Let staff time, equipment or information of the organization be used for a campaign.`,
  },
  {
    title: 'Professional development',
    body: 'Make it a duty to keep improving one’s professional ability, and to help colleagues and those entering the profession develop theirs.',
    guidelines: `- Keep a plan of professional development and take part in training, conferences and peer learning each year.
- Encourage and support the development of employees, and share what you learn with colleagues.`,
  },
  {
    title: 'Open communication',
    body: 'Keep the community informed about local government affairs; encourage communication between residents and their officials; stress courteous, friendly service to the public.',
  },
  {
    title: 'Freedom from interference',
    body: 'Resist any encroachment on professional responsibilities, believing that the member should be free to carry out official policies without interference, and handle each problem without discrimination on the basis of principle and justice.',
    guidelines: `- Decline to make an appointment, award a contract or treat a case in a way that an official or outside party demands for reasons other than merit, and say so to the governing body.
- Keep a written record of any attempt to interfere with an administrative decision.`,
  },
  {
    title: 'Merit and equal treatment',
    body: 'Handle every personnel matter on the basis of merit, so that fairness and impartiality govern decisions about appointments, pay, promotion and discipline, and treat every person with respect, whatever their background.',
  },
  {
    title: 'Gifts, conflicts of interest and confidential information',
    body: 'Public office is a public trust. Do not use one’s position for personal gain; do not accept a gift or favor that could, or could reasonably appear to, influence the performance of official duties; disclose and step away from any conflict of interest; and do not use or disclose confidential information for a private purpose.',
    guidelines: `## Gifts
- Do not ask for, or accept, any gift of money or of more than nominal value from anyone who does or seeks to do business with, or is regulated by, the organization.
- A gift of nominal value offered openly (a plaque, a modest meal at a public event) may be accepted when refusing it would give offense; record it.

## Conflicts of interest
- Disclose to the governing body, in writing, any financial or personal interest you or your family have in a matter before the organization, and take no part in it.
- Do not hold investments or outside work that conflict, or appear to conflict, with your duties.

## Confidential information
- Do not disclose confidential information obtained in your work without proper authority, nor use it for personal gain or to harm others.

## Endorsements
- Do not endorse a commercial product or service in a way that suggests the organization’s endorsement; testimony about a product the organization uses, given for public information and without payment, is acceptable.`,
  },
];

const RULES = `## 1. Filing a complaint
Anyone may file a complaint that a member has broken the code, on the association’s site at /ethics/complaints/new, naming the member, the tenets at issue and the facts, with any documents. The complainant’s address must be confirmed. Complaints are confidential: only ethics staff and the members of the ethics committee assigned to the case see them.

## 2. Intake review
Ethics staff review each complaint. A complaint that does not concern a member, does not name conduct covered by the code, or is plainly without basis is dismissed, and the complainant is told. Otherwise a case is opened.

## 3. The member’s response
The member concerned receives the complaint and must answer it in writing within 30 days. Reminders are sent before the deadline. A member who does not answer may be decided against on the facts available.

## 4. Fact-finding
The committee may ask a fact-finder — for example a state association’s ethics committee — to look into the facts, speak with the people involved and report in writing.

## 5. The committee’s decision
The ethics committee decides on the complaint, the response and the fact-finding report, and records its reasons. It may:
- close the case with no action;
- issue a private censure;
- issue a public censure;
- suspend the member for a set period of up to five years;
- expel the member and bar them from membership;
- revoke the member’s credential.

## 6. Appeal
The member may appeal a decision within 30 days of being told of it. The appeal is decided by the association’s board, on the record; it may uphold, change or overturn the decision. A sanction takes effect when the 30 days pass without an appeal, or when the appeal upholds it.

## 7. Publication
Public censures and expulsions are published at /ethics/censures with the member’s name, position and the tenets broken. Private censures and cases closed with no action are never published.`;

/** Publishes version 1 of the demo code (published by `publishedBy`), unless a version exists. */
export async function seedEthicsCodeDemo(trx: Trx, now: Date, publishedBy: string | null): Promise<void> {
  const existing = await trx.selectFrom('ethics_code_versions').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const publishedAt = new Date(now.getTime() - 400 * 86_400_000);
  const v = await trx
    .insertInto('ethics_code_versions')
    .values({
      version: 1,
      title: 'Code of Ethics',
      preamble: PREAMBLE,
      rules_of_procedure: RULES,
      published_at: publishedAt,
      published_by: publishedBy,
      created_by: publishedBy,
      created_at: publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ethics_tenets')
    .values(TENETS.map((t, i) => ({ version_id: v.id, number: i + 1, title: t.title, body: t.body, guidelines: t.guidelines ?? '' })))
    .execute();
}
