// The national data set's people: names from the Census frequency tables (frequencies.ts), each
// working at one of the organizations (chosen in proportion to the square root of its
// population, so big cities have more staff but not all of it), each an individual member with a
// history: most active in a yearly term that began on their anniversary, some lapsed in the last
// year, some ended; on the salary-based 'manager' level with a salary (a few gave none, so their
// renewal cannot be priced); and a directory profile for most of them. Generated in chunks and
// loaded side by side (lanes.ts) while the next chunk is generated, so that a million people never
// sit in memory at once.
import type { Database } from '../../db/client.js';
import { type BulkUser, bulkGrantRole, bulkInsertUsers } from '../../modules/accounts/index.js';
import { type ScalePerson, seedScaleDirectory } from '../../modules/directory/index.js';
import { type BulkIndividualMembership, bulkInsertIndividualMemberships } from '../../modules/individuals/index.js';
import type { BulkOrganization } from '../../modules/organizations/index.js';
import { plusDays as addDays, plusYears as addYears } from './days.js';
import { type Distribution, draw, firstNameDistribution, surnameDistribution } from './frequencies.js';
import { at } from './history.js';
import type { Lanes } from './lanes.js';
import { slugify } from './places.js';
import type { Rng } from './random.js';

/** Share of people with a directory profile. */
export const PROFILE_SHARE = 0.9;
/** Share of members on the salary-based level who gave no salary (cannot be priced). */
export const UNPRICED_SHARE = 0.01;
const CHUNK = 100_000;

export interface PeopleContext {
  r: Rng;
  uuid: () => string;
  today: string;
  seed: number;
  batch: number;
  levelId: string;
  organizations: BulkOrganization[];
  /** every email address already used (the contacts'); new ones are added */
  emails: Set<string>;
  /** where the rows load (the caller drains them) */
  lanes: Lanes;
}

/** Picks organizations in proportion to the square root of their population. */
function employerPicker(orgs: BulkOrganization[], r: Rng): () => BulkOrganization {
  const cumulative = new Float64Array(orgs.length);
  let sum = 0;
  orgs.forEach((o, i) => {
    sum += Math.sqrt(Math.max(o.population, 1));
    cumulative[i] = sum;
  });
  return () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = orgs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return orgs[lo] as BulkOrganization;
  };
}

/** A yearly individual membership with its history (see the file's comment). */
function membership(ctx: PeopleContext, userId: string, population: number): BulkIndividualMembership {
  const { r, today } = ctx;
  const roll = r.next();
  const status = roll < 0.86 ? 'active' : roll < 0.95 ? 'lapsed' : 'ended';
  // Active: the current term began within the last year; lapsed: it ended within the last year.
  const start = status === 'active' ? addDays(today, -r.int(0, 364)) : addDays(today, -r.int(366, status === 'lapsed' ? 729 : 1_800));
  const end = addDays(addYears(start, 1), -1);
  const salary = r.chance(UNPRICED_SHARE) ? null : r.int(55, 260) * 1_000_00;
  const quoted = salary === null ? 0 : Math.min(Math.round((salary * 65) / 10_000), 120_000);
  const firstYear = addYears(start, -r.int(0, 12));
  return {
    user_id: userId,
    level_id: ctx.levelId,
    status,
    term_start: start,
    term_end: end,
    quoted_cents: quoted,
    activated_at: at(firstYear, 12),
    salary_cents: salary,
    employer_population: population,
    // The general fund with the population (the discount needs both): $800–$2,000 a resident.
    employer_general_fund_cents: population * r.int(800, 2_000) * 100,
    lapsed_at: status === 'lapsed' ? at(addDays(end, 31), 6) : null,
  };
}

/** Makes the given people individual members with profiles (most of them); returns the profiles.
 * The rows are generated first (the random stream in a fixed order), then the three tables load
 * in lanes of their own. The role's grant bumps the privileges of accounts with a session, which
 * new accounts do not have, whether or not their rows are in yet. */
async function loadMembers(database: Database, ctx: PeopleContext, people: Array<{ person: ScalePerson; population: number }>, chunk: number): Promise<number> {
  const userIds = people.map((p) => p.person.userId);
  const memberships = people.map((p) => membership(ctx, p.person.userId, p.population));
  const listed = people.filter(() => ctx.r.chance(PROFILE_SHARE)).map((p) => p.person);
  await ctx.lanes.add(() => bulkGrantRole(database, userIds, 'member', ctx.batch));
  await ctx.lanes.add(() => bulkInsertIndividualMemberships(database, memberships, ctx.batch));
  // Each chunk its own directory stream, so the profiles do not depend on the chunk size's history.
  const seed = (ctx.seed ^ (chunk * 0x9e3779b1)) >>> 0;
  await ctx.lanes.add(() => seedScaleDirectory(database, listed, { seed, batch: ctx.batch, analyze: false }));
  return listed.length;
}

function person(user: BulkUser, org: BulkOrganization, rank: number): ScalePerson {
  return {
    userId: user.id,
    email: user.email,
    organizationId: org.id,
    organizationName: org.name,
    state: org.state,
    entityType: org.entity_type,
    rank,
  };
}

export interface PeopleResult {
  people: number;
  profiles: number;
}

/**
 * Loads `extra` new people, and makes them and the organizations' contacts (loaded by the caller,
 * with their organization and rank) individual members. The loads are left running in `ctx.lanes`.
 */
export async function seedPeople(
  database: Database,
  ctx: PeopleContext,
  contacts: Array<{ user: BulkUser; org: BulkOrganization; rank: number }>,
  extra: number,
): Promise<PeopleResult> {
  const { r, uuid, today, emails } = ctx;
  const firstNames: Distribution = firstNameDistribution();
  const surnames: Distribution = surnameDistribution();
  const employer = employerPicker(ctx.organizations, r);
  let profiles = 0;
  let chunk = 0;
  /** the last number added to each address taken (john.smith2@…, john.smith3@…): common names at
   * large employers are taken hundreds of times, and counting from 2 each time was quadratic */
  const taken = new Map<string, number>();
  for (let i = 0; i < contacts.length; i += CHUNK) {
    const part = contacts.slice(i, i + CHUNK).map((c) => ({ person: person(c.user, c.org, c.rank), population: c.org.population }));
    profiles += await loadMembers(database, ctx, part, chunk++);
  }
  for (let done = 0; done < extra; done += CHUNK) {
    const n = Math.min(CHUNK, extra - done);
    const users: BulkUser[] = [];
    const part: Array<{ person: ScalePerson; population: number }> = [];
    for (let k = 0; k < n; k++) {
      const org = employer();
      const first = draw(firstNames, r);
      const last = draw(surnames, r);
      const base = slugify(`${first} ${last}`).replace(/-/g, '.');
      let email = `${base}@${org.email_domain}`;
      if (emails.has(email)) {
        // the first free number from 2: every number below the last one given here is taken
        const key = email;
        let j = Math.max(2, (taken.get(key) ?? 1) + 1);
        for (; emails.has(`${base}${j}@${org.email_domain}`); j++);
        taken.set(key, j);
        email = `${base}${j}@${org.email_domain}`;
      }
      emails.add(email);
      const created = at(addDays(today, -r.int(30, 4_000)), r.int(8, 18));
      const user: BulkUser = { id: uuid(), email, name: `${first} ${last}`, password_changed_at: created, created_at: created };
      users.push(user);
      part.push({ person: person(user, org, 1), population: org.population });
    }
    // the lexicon of name words: rebuilt with the directory's index at the end (national.ts)
    await ctx.lanes.add(() => bulkInsertUsers(database, users, ctx.batch));
    profiles += await loadMembers(database, ctx, part, chunk++);
  }
  return { people: contacts.length + extra, profiles };
}
