// A search's criteria read from a query string (the page, the API and a saved search share it),
// the words that describe them, and the query string they come back as.
import { EMPLOYMENT_TYPES, type EmploymentType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { STATE_CODES, US_STATES } from '../../lib/us-states.js';
import type { SearchCriteria } from './queries.js';
import { TYPE_LABELS } from './shared.js';

export const WITHIN_DAYS = [1, 7, 14, 30] as const;

export function readCriteria(raw: Record<string, unknown>): { criteria: SearchCriteria; page: number; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const s = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : typeof raw[k] === 'number' ? String(raw[k]) : '');
  const criteria: SearchCriteria = {};
  const q = s('q');
  if (q.length > 200) errors.q = 'Use at most 200 characters.';
  else if (q) criteria.q = q;
  const state = s('state').toUpperCase();
  if (state) {
    if ((STATE_CODES as readonly string[]).includes(state)) criteria.state = state;
    else errors.state = 'Choose a state from the list.';
  }
  const salary = s('salaryMin').replace(/[$,\s]/g, '');
  if (salary) {
    if (/^\d{1,8}$/.test(salary)) {
      if (Number(salary) > 0) criteria.salaryMin = Number(salary);
    } else errors.salaryMin = 'Enter the least salary you want, in whole dollars, for example 80000.';
  }
  const type = s('type');
  if (type) {
    if ((EMPLOYMENT_TYPES as readonly string[]).includes(type)) criteria.type = type as EmploymentType;
    else errors.type = 'Choose a type from the list.';
  }
  const within = s('within');
  if (within) {
    if ((WITHIN_DAYS as readonly number[]).includes(Number(within))) criteria.within = Number(within);
    else errors.within = 'Choose 1, 7, 14 or 30 days.';
  }
  const pageRaw = s('page');
  let page = 1;
  if (pageRaw) {
    if (/^\d{1,4}$/.test(pageRaw) && Number(pageRaw) >= 1) page = Number(pageRaw);
    else errors.page = 'Give a page number from 1.';
  }
  return { criteria, page, errors };
}

/** The criteria as a query string (without the page). */
export function criteriaQuery(c: SearchCriteria): string {
  const p = new URLSearchParams();
  if (c.q) p.set('q', c.q);
  if (c.state) p.set('state', c.state);
  if (c.salaryMin) p.set('salaryMin', String(c.salaryMin));
  if (c.type) p.set('type', c.type);
  if (c.within) p.set('within', String(c.within));
  return p.toString();
}

/** The criteria in words, as a saved search's name. */
export function describeCriteria(c: SearchCriteria): string {
  const parts: string[] = [];
  if (c.q) parts.push(`“${c.q}”`);
  if (c.type) parts.push(TYPE_LABELS[c.type].toLowerCase());
  if (c.state) parts.push(`in ${US_STATES.find((x) => x[0] === c.state)?.[1] ?? c.state}`);
  if (c.salaryMin) parts.push(`paying at least $${c.salaryMin.toLocaleString('en-US')}`);
  return parts.length ? `Jobs ${parts.join(', ')}` : 'All jobs';
}
