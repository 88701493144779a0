// The rules of a posting's fields, shared by the form and the API: what is required, the salary
// range (whole dollars, minimum not above maximum), how to apply (an https address or an email
// address, nothing else: no `javascript:`), a closing date not in the past, and safe Markdown.
import { EMPLOYMENT_TYPES, type EmploymentType, WORKPLACES, type Workplace } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { isIsoDate } from '../../lib/validators.js';
import { markdownProblems } from '../publishing/index.js';

/** A posting as typed (form values or the API's body, as strings or numbers). */
export interface RawPosting {
  title?: unknown;
  employer?: unknown;
  organizationId?: unknown;
  city?: unknown;
  state?: unknown;
  workplace?: unknown;
  salaryMin?: unknown;
  salaryMax?: unknown;
  employmentType?: unknown;
  description?: unknown;
  apply?: unknown;
  closesOn?: unknown;
}

export interface PostingFields {
  title: string;
  employer: string;
  organizationId: string | null;
  city: string;
  state: string | null;
  workplace: Workplace;
  salaryMin: number;
  salaryMax: number;
  employmentType: EmploymentType;
  description: string;
  applyUrl: string | null;
  applyEmail: string | null;
  closesOn: string | null;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const MAX_SALARY = 10_000_000;

function dollars(v: unknown, label: string, errors: FieldErrors, key: string): number {
  const s = str(v).replace(/[$,\s]/g, '');
  if (!s) {
    errors[key] = `Enter the ${label} in whole dollars a year, for example 85000.`;
    return 0;
  }
  if (!/^\d+$/.test(s)) {
    errors[key] = `Enter the ${label} as a whole number of dollars, for example 85000.`;
    return 0;
  }
  const n = Number(s);
  if (n < 1 || n > MAX_SALARY) errors[key] = `Enter a ${label} between $1 and $${MAX_SALARY.toLocaleString('en-US')}.`;
  return n;
}

/** How to apply: an https:// address, or an email address (with or without `mailto:`). */
export function readApply(v: unknown): { url: string | null; email: string | null } | string {
  const s = str(v);
  if (!s) return 'Say how to apply: an https:// address of the application page, or an email address.';
  if (s.length > 500) return 'Use at most 500 characters.';
  const email = s.replace(/^mailto:/i, '');
  if (EMAIL.test(email) && !email.includes('/')) return { url: null, email };
  if (/^https:\/\//i.test(s)) {
    try {
      const u = new URL(s);
      if (u.protocol === 'https:' && u.hostname.includes('.') && !u.username && !u.password) return { url: u.toString(), email: null };
    } catch {
      // falls through to the message
    }
  }
  return 'Give an https:// address (like https://jobs.example.gov/123) or an email address; other kinds of links are not accepted.';
}

/** The posting's fields, or a message per field. `today` refuses a closing date in the past. */
export function readPosting(raw: RawPosting, today: string): { ok: true; data: PostingFields } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (key: keyof RawPosting, max: number, missing: string | null) => {
    const s = str(raw[key]);
    if (!s && missing) errors[key] = missing;
    else if (s.length > max) errors[key] = `Use at most ${max} characters.`;
    return s;
  };
  const title = text('title', 150, 'Enter the job’s title.');
  const employer = text('employer', 200, 'Enter the employer’s name.');
  const orgId = str(raw.organizationId) || null;
  const workplace = str(raw.workplace) as Workplace;
  if (!WORKPLACES.includes(workplace)) errors.workplace = 'Choose on-site, hybrid or remote.';
  const remote = workplace === 'remote';
  const city = text('city', 100, remote ? null : 'Enter the city where the job is.');
  const stateRaw = str(raw.state).toUpperCase();
  let state: string | null = stateRaw || null;
  if (!state && !remote) errors.state = 'Choose the state where the job is.';
  else if (state && !(STATE_CODES as readonly string[]).includes(state)) {
    errors.state = 'Choose a state from the list.';
    state = null;
  }
  const salaryMin = dollars(raw.salaryMin, 'minimum salary', errors, 'salaryMin');
  const salaryMax = dollars(raw.salaryMax, 'maximum salary', errors, 'salaryMax');
  if (!errors.salaryMin && !errors.salaryMax && salaryMin > salaryMax) {
    errors.salaryMax = `The maximum salary ($${salaryMax.toLocaleString('en-US')}) is less than the minimum ($${salaryMin.toLocaleString('en-US')}): the range goes from the minimum up to the maximum.`;
  }
  const employmentType = str(raw.employmentType) as EmploymentType;
  if (!EMPLOYMENT_TYPES.includes(employmentType)) errors.employmentType = 'Choose the type of job: full-time, part-time, contract, internship or temporary.';
  const description = typeof raw.description === 'string' ? raw.description.replace(/\r\n/g, '\n').trim() : '';
  if (!description) errors.description = 'Describe the job: its duties, the qualifications and the benefits.';
  else {
    const problems = markdownProblems(description);
    if (problems.length) errors.description = problems.join(' ');
  }
  const apply = readApply(raw.apply);
  if (typeof apply === 'string') errors.apply = apply;
  const closesRaw = str(raw.closesOn);
  let closesOn: string | null = null;
  if (closesRaw) {
    if (!isIsoDate(closesRaw)) errors.closesOn = 'Enter the closing date as year-month-day, for example 2027-03-31.';
    else if (closesRaw < today) errors.closesOn = 'The closing date has passed: choose today or a later day, or leave it empty.';
    else closesOn = closesRaw;
  }
  if (Object.keys(errors).length > 0 || typeof apply === 'string') return { ok: false, errors };
  return {
    ok: true,
    data: {
      title,
      employer,
      organizationId: orgId,
      city,
      state,
      workplace,
      salaryMin,
      salaryMax,
      employmentType,
      description,
      applyUrl: apply.url,
      applyEmail: apply.email,
      closesOn,
    },
  };
}
