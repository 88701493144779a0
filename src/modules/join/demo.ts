// Demo content of the join page, written in plain language from the sustainability network's
// public pages (../shared/seeds). Used by `civnet seed` and by tests.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { SectionKey } from './sections.js';
import { writeJoinSections } from './service.js';

export const JOIN_DEMO_SECTIONS: ReadonlyArray<{ key: SectionKey; title: string; body: string }> = [
  {
    key: 'intro',
    title: 'Sustainability starts with local government',
    body: `When your city, county, town, region or Tribal nation joins, you become part of a network of local governments that learn from each other and work on climate and sustainability together.

We start from where you are. Whether you are taking your first steps or growing a program you already run, we bring tools, expertise and partners to help you reach your own goals.

Membership covers your elected officials and your staff, so that the people who set the direction and the people who do the work move forward together.`,
  },
  {
    key: 'elected_officials',
    title: 'For elected officials',
    body: `Mayors, council members, commissioners and other local leaders get support to lead on sustainability and resilience, at home and abroad.

- Leadership cohorts: learn with other local leaders, share what works and solve common problems together.
- A voice on the world stage: represent your community at international climate and biodiversity meetings.
- Policy at home: guidance on ambitious policies based on evidence, such as science-based emission targets and climate emergency declarations.
- Exchanges with peers: programs that connect you with local leaders in other countries.
- Leadership roles: stand for a seat on the association’s regional and international committees.`,
  },
  {
    key: 'staff',
    title: 'For staff',
    body: `Practical, flexible help that fits your community’s plans and the time your team has.

- A dedicated advisor who knows how local government works and is your first point of contact.
- Technical help shaped around your priorities.
- Tools and guides used by local governments across the country, for example for greenhouse gas inventories and climate plans.
- Help with planning, data, funding and delivering projects.
- Trainings, cohorts and workshops with staff from communities like yours.
- Recognition that shows your residents and peers the work your community is doing.`,
  },
  {
    key: 'dues',
    title: 'What membership costs',
    body: 'Dues follow your population, so that membership is fair to small and large communities alike. The calculator shows the yearly amount for your community in a few seconds.',
  },
  {
    key: 'steps',
    title: 'How to join',
    body: `Cities, counties, towns and Tribal nations join in five steps:

1. Fill in the application.
2. Membership staff review it, usually within five working days.
3. We send you an invoice.
4. You pay the invoice, and your membership begins.
5. We email you the name of your dedicated advisor, and you book a first meeting with them on your organization’s page.`,
  },
  {
    key: 'regional',
    title: 'Regional entities',
    body: 'Regional governments, councils of governments and other regional bodies apply online like any government, choosing “Region (regional council or agency)” as the type. Their dues are not set by population: our membership team agrees them with you before we send an invoice. Questions first? Email us about your organization.',
  },
];

/** Demo data: the join page's sections (does not overwrite sections already written). */
export async function seedJoinDemo(trx: Transaction<DB>): Promise<void> {
  await writeJoinSections(trx, JOIN_DEMO_SECTIONS, new Date());
}
