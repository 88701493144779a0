// Why a person may not join or request a chapter, said from where they stand (no membership yet,
// a Student membership that has not started or has lapsed, another level), with the page that
// takes them further: the pages show the link, a refused POST says the same words.
import type { AcademicStanding } from '../individuals/index.js';

export interface Refusal {
  message: string;
  /** where the person goes next, when there is somewhere */
  next?: { href: string; label: string };
}

const MY_MEMBERSHIP = '/me/membership';

/** What is said to a person who is not a student member, for joining (`join`) or requesting a
 * chapter (`request`: faculty members may too). */
function notYet(s: AcademicStanding, what: 'join' | 'request'): Refusal {
  const who = what === 'join' ? 'Only student members can join a chapter' : 'Only student members and faculty members can request a chapter';
  const then = what === 'join' ? 'join a chapter' : 'request a chapter';
  if (s.studentPending)
    return {
      message: `${who}, and your Student membership has not started yet: it starts once its invoice is paid or membership staff have confirmed you are a student. Come back to ${then} when it is active.`,
      next: { href: MY_MEMBERSHIP, label: 'See what your membership is waiting for' },
    };
  if (s.studentLapsed)
    return { message: `${who}, and your Student membership has lapsed. Renew it, then come back to ${then}.`, next: { href: MY_MEMBERSHIP, label: 'Renew your membership' } };
  if (s.otherLevel) return { message: `${who}: your membership is at the ${s.otherLevel} level.` };
  return { message: `${who}, and your account has no Student membership yet.`, next: { href: '/join/individual', label: 'Join as a student member' } };
}

/** What a visitor is told: joining takes a Student membership, and where to get one. */
export const VISITOR_NOTE: Refusal = {
  message: 'Joining a chapter takes a Student membership of the association.',
  next: { href: '/join/individual', label: 'Join as a student member' },
};

/** Why this person cannot join a chapter, or null. */
export function joinRefusalOf(s: AcademicStanding): Refusal | null {
  if (s.student) return null;
  if (s.faculty)
    return {
      message: 'Only student members can join a chapter. Faculty members advise chapters, and can request a new one at their university.',
      next: { href: '/chapters/new', label: 'Request a new chapter' },
    };
  return notYet(s, 'join');
}

/** Why this person cannot request a chapter, or null. */
export function requestRefusalOf(s: AcademicStanding): Refusal | null {
  return s.student || s.faculty ? null : notYet(s, 'request');
}
