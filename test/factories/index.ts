// Typed test factories: each makes one thing a test needs, through the owning module's own
// functions where it has one (accounts, billing, individuals, pathways), else by writing the row
// with the state the test asks for. Named `aThing`/`anThing` for what they make; the helpers that
// put a thing in a state on purpose (disabled, expired, archived) say so in their names.
export * from './advising.js';
// reports (issue 21, P4): applications at given times, for the application funnel
export * from './applications.js';
export * from './assistance.js';
export * from './billing.js';
// the business challenge (issue 20, O16)
export * from './challenges.js';
// student chapters (issue 17)
export * from './chapters.js';
// cohorts and delegations
export * from './cohorts.js';
// commitments (issue 20, O15)
export * from './commitments.js';
// committees (issue 16, leadership roles)
export * from './committees.js';
export type { FactoryContext } from './context.js';
// credentialing (issue 17, I7)
export * from './credentialing.js';
export * from './directory.js';
export * from './dues.js';
export * from './ethics.js';
// the Code of Ethics' editor (issue 17)
export * from './ethics-code.js';
export * from './events.js';
export * from './files.js';
// member groups (issue 19, C3)
export * from './groups.js';
// ethics sanctions in individual membership: bars on rejoining (issue 17)
export * from './individual-bars.js';
// reports (issue 21, P4): individual memberships in a given state
export * from './individual-memberships.js';
export * from './individuals.js';
// the job center (issue 18, C6)
export * from './jobs.js';
// news and stories (issue 18, C7)
export * from './news.js';
// newsletters (issue 19, C4)
export * from './newsletters.js';
export * from './organizations.js';
// partners (issue 20, R1–R2)
export * from './partners.js';
export * from './pathways.js';
export * from './people.js';
export * from './portal.js';
// resources (issue 18, O13, C5)
export * from './resources.js';
export * from './settings.js';
// sponsorship (issue 20, R3)
export * from './sponsorship.js';
