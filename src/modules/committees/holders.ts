// Elections and appointments recorded by programs staff (O14): an accepted nominee elected to a
// place of a term (eligibility checked again), or an eligible person appointed, who holds the place
// only once they accept. One holder per place, one place per person in a term. Audited, with emails.
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { ineligibility, requireEligible } from './eligibility.js';
import { appointmentAcceptedEmail, appointmentOfferedEmail, electedEmail } from './emails.js';
import { type Actor, type CommitteeDeps, notFound, programsStaffEmails, type Trx } from './service.js';

/** The term, locked (one recording at a time per term), with its seat and committee. */
async function lockedTerm(trx: Trx, committeeId: string, termId: string) {
  return trx
    .selectFrom('committee_terms as t')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['t.id', 't.seat_id', 't.starts_on', 't.ends_on', 's.title as seat', 's.seat_count', 'c.id as committee_id', 'c.name as committee', 'c.slug'])
    .where('t.id', '=', termId)
    .where('c.id', '=', committeeId)
    .forUpdate('t')
    .executeTakeFirst();
}

/** The first place of the term nobody holds or is offered; a 409 when all are taken. */
async function freePlace(trx: Trx, term: { id: string; seat_count: number }): Promise<number> {
  const taken = await trx.selectFrom('committee_holders').select('place').where('term_id', '=', term.id).where('status', '<>', 'declined').execute();
  const used = new Set(taken.map((t) => t.place));
  for (let p = 1; p <= term.seat_count; p++) if (!used.has(p)) return p;
  throw new AppError('committees.term_full', { status: 409, message: `Every place of this term is already held or offered (${term.seat_count} of ${term.seat_count}).` });
}

/** Staff record that an accepted nominee won the seat for the term: eligibility is checked again. */
export async function recordElection(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; termId: string; nominationId: string }): Promise<string> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const term = await lockedTerm(trx, input.committeeId, input.termId);
      if (!term) throw fieldError({ termId: 'Choose a term of this committee.' });
      const n = await trx
        .selectFrom('committee_nominations as n')
        .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
        .select(['n.id', 'n.status', 'n.seat_id', 'n.nominee_user_id', 'n.organization_id', 'u.name', 'u.email'])
        .where('n.id', '=', input.nominationId)
        .forUpdate('n')
        .executeTakeFirst();
      if (!n || n.seat_id !== term.seat_id) throw fieldError({ nominationId: `Choose a nomination for ${term.seat}.` });
      if (n.status === 'awaiting') throw new AppError('committees.not_accepted', { status: 409, message: `${n.name} has not accepted the nomination: it does not stand yet.` });
      if (n.status !== 'accepted') throw new AppError('conflict', { message: `This nomination is ${n.status === 'elected' ? 'already elected' : 'declined'}.` });
      const seats = await requireEligible(trx, n.nominee_user_id, { self: false, name: n.name, field: 'nominationId' });
      const place = await freePlace(trx, term);
      const organizationId = (seats.find((s) => s.organizationId === n.organization_id) ?? seats[0])?.organizationId ?? null;
      const row = await trx
        .insertInto('committee_holders')
        .values({
          term_id: term.id,
          place,
          user_id: n.nominee_user_id,
          organization_id: organizationId,
          method: 'elected',
          nomination_id: n.id,
          status: 'holding',
          recorded_by: actor.userId,
          recorded_at: now,
          accepted_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('committee_nominations').set({ status: 'elected' }).where('id', '=', n.id).execute();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.elected',
        entityType: 'committee_holder',
        entityId: row.id,
        after: { termId: term.id, place, userId: n.nominee_user_id, nominationId: n.id, organizationId },
        requestId: actor.requestId,
      });
      await deps.mail.queue(trx, {
        to: n.email,
        template: electedEmail.name,
        data: {
          committee: term.committee,
          seat: term.seat,
          termStart: formatDay(term.starts_on),
          termEnd: formatDay(term.ends_on),
          url: `${deps.config.publicUrl}/committees/${term.slug}`,
        },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_holders_person')) throw new AppError('conflict', { message: 'This person already has a place in this term.' });
    if (isUniqueViolation(err, 'committee_holders_place')) throw new AppError('committees.term_full', { status: 409, message: 'That place was just filled. Reload the page.' });
    throw err;
  }
}

/** Staff appoint an eligible person (by the email of their account) to the term: an offer they accept. */
export async function appoint(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; termId: string; email: string }): Promise<string> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const term = await lockedTerm(trx, input.committeeId, input.termId);
      if (!term) throw fieldError({ termId: 'Choose a term of this committee.' });
      const email = input.email.trim().toLowerCase();
      const person = await trx
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError({ email: 'There is no active account with this email. The person needs an account first.' });
      const seats = await requireEligible(trx, person.id, { self: false, name: person.name, field: 'email' });
      const place = await freePlace(trx, term);
      const row = await trx
        .insertInto('committee_holders')
        .values({
          term_id: term.id,
          place,
          user_id: person.id,
          organization_id: seats[0]?.organizationId ?? null,
          method: 'appointed',
          nomination_id: null,
          status: 'offered',
          recorded_by: actor.userId,
          recorded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.appointed',
        entityType: 'committee_holder',
        entityId: row.id,
        after: { termId: term.id, place, userId: person.id },
        requestId: actor.requestId,
      });
      await deps.mail.queue(trx, {
        to: person.email,
        template: appointmentOfferedEmail.name,
        data: {
          committee: term.committee,
          seat: term.seat,
          termStart: formatDay(term.starts_on),
          termEnd: formatDay(term.ends_on),
          url: `${deps.config.publicUrl}/committees/mine`,
        },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_holders_person')) throw fieldError({ email: 'This person already has a place in this term.' });
    if (isUniqueViolation(err, 'committee_holders_place')) throw new AppError('committees.term_full', { status: 409, message: 'That place was just filled. Reload the page.' });
    throw err;
  }
}

/** The appointee accepts (and holds the seat; eligibility checked again) or declines (the place is free again). */
export async function answerAppointment(deps: CommitteeDeps, actor: Actor, input: { holderId: string; accept: boolean }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom('committee_holders as h')
      .innerJoin('committee_terms as t', 't.id', 'h.term_id')
      .innerJoin('committee_seats as s', 's.id', 't.seat_id')
      .innerJoin('committees as c', 'c.id', 's.committee_id')
      .innerJoin('users as u', 'u.id', 'h.user_id')
      .select(['h.id', 'h.status', 's.title as seat', 'c.id as committee_id', 'c.name as committee', 'u.name'])
      .where('h.id', '=', input.holderId)
      .where('h.user_id', '=', actor.userId)
      .forUpdate('h')
      .executeTakeFirst();
    if (!h) throw notFound('appointment');
    if (h.status !== 'offered') throw new AppError('conflict', { message: 'You have already answered this appointment.' });
    if (input.accept) {
      const reason = await ineligibility(trx, actor.userId, { self: true, name: h.name });
      if (reason) throw new AppError('committees.not_eligible', { status: 422, message: reason });
    }
    await trx
      .updateTable('committee_holders')
      .set(input.accept ? { status: 'holding', accepted_at: now } : { status: 'declined' })
      .where('id', '=', h.id)
      .where('status', '=', 'offered')
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.accept ? 'committees.appointment_accepted' : 'committees.appointment_declined',
      entityType: 'committee_holder',
      entityId: h.id,
      before: { status: 'offered' },
      after: { status: input.accept ? 'holding' : 'declined' },
      requestId: actor.requestId,
    });
    if (input.accept) {
      for (const to of await programsStaffEmails(trx)) {
        await deps.mail.queue(trx, {
          to,
          template: appointmentAcceptedEmail.name,
          data: { committee: h.committee, seat: h.seat, holder: h.name, url: `${deps.config.publicUrl}/staff/committees/${h.committee_id}` },
        });
      }
    }
  });
}
