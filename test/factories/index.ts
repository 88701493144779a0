// Typed test factories: each makes one thing a test needs, through the owning module's own
// functions where it has one (accounts, billing, individuals, pathways), else by writing the row
// with the state the test asks for. Named `aThing`/`anThing` for what they make; the helpers that
// put a thing in a state on purpose (disabled, expired, archived) say so in their names.
export * from './advising.js';
export * from './assistance.js';
export * from './billing.js';
// cohorts and delegations
export * from './cohorts.js';
// committees (issue 16, leadership roles)
export * from './committees.js';
export type { FactoryContext } from './context.js';
export * from './directory.js';
export * from './dues.js';
export * from './ethics.js';
export * from './events.js';
export * from './files.js';
export * from './individuals.js';
export * from './organizations.js';
export * from './pathways.js';
export * from './people.js';
export * from './portal.js';
export * from './settings.js';
