// Nominations (O14): a member nominates themself (it stands at once) or another member, who must
// accept before it stands; only while the election's nomination window is open, and only an
// elected official of a member organization in good standing. Audited, with its emails.
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { notListed, requireEligible } from './eligibility.js';
import { nominationAcceptedEmail, nominationReceivedEmail } from './emails.js';
import { type Actor, type CommitteeDeps, notFound, programsStaffEmails, type Trx, todayOf } from './service.js';

async function electionContext(db: Trx, electionId: string, seatId: string) {
  const row = await db
    .selectFrom('committee_elections as e')
    .innerJoin('committees as c', 'c.id', 'e.committee_id')
    .innerJoin('committee_seats as s', (j) => j.onRef('s.committee_id', '=', 'c.id').on('s.id', '=', seatId))
    .select(['e.id', 'e.title', 'e.opens_on', 'e.closes_on', 'c.id as committee_id', 'c.name as committee', 'c.slug', 's.title as seat'])
    .where('e.id', '=', electionId)
    .executeTakeFirst();
  return row;
}

const windowClosed = (e: { opens_on: string; closes_on: string }, today: string) =>
  new AppError('committees.nominations_closed', {
    status: 409,
    message:
      today < e.opens_on
        ? `Nominations are not open yet: they open on ${formatDay(e.opens_on)} and close on ${formatDay(e.closes_on)}.`
        : `Nominations are closed: they were open from ${formatDay(e.opens_on)} to ${formatDay(e.closes_on)}.`,
  });

/** Whether the person is a member: an individual member, or a contact of a member organization. */
async function isMember(db: Trx, userId: string): Promise<boolean> {
  const role = await db.selectFrom('user_roles').select('user_id').where('user_id', '=', userId).where('role', '=', 'member').executeTakeFirst();
  if (role) return true;
  const seat = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select('c.user_id')
    .where('c.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .executeTakeFirst();
  return !!seat;
}

export interface NominationInput {
  /** the committee whose page the nomination comes from */
  committeeId: string;
  electionId: string;
  seatId: string;
  /** the nominee's email; empty: the nominator themself */
  nomineeEmail: string;
  statement: string;
}

/**
 * A member nominates themself (the nomination stands at once) or another member by the email of
 * their account (it stands when they accept). Refused outside the nomination window, and when the
 * nominee is not an elected official of a member organization in good standing.
 */
export async function nominate(deps: CommitteeDeps, actor: Actor, input: NominationInput): Promise<{ id: string; self: boolean }> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const e = await electionContext(trx, input.electionId, input.seatId);
      if (!e || e.committee_id !== input.committeeId) throw fieldError({ seatId: 'Choose a seat of this committee.' });
      if (today < e.opens_on || today > e.closes_on) throw windowClosed(e, today);
      const nominator = await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const email = input.nomineeEmail.trim().toLowerCase();
      const self = email === '' || email === nominator.email.toLowerCase();
      // An eligible person is a member; someone else's nominator must be one (checked first, so
      // that a stranger learns nothing of the person they name).
      if (!self && !(await isMember(trx, actor.userId))) {
        throw new AppError('forbidden', { message: 'Only members can nominate: individual members and contacts of member organizations.' });
      }
      const nominee = self
        ? nominator
        : await trx
            .selectFrom('users')
            .select(['id', 'name', 'email'])
            .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
            .where('disabled_at', 'is', null)
            .executeTakeFirst();
      if (!nominee) {
        // the same words as for an account that is not eligible: whether an address has an account is not told
        const reason = notListed(`${email} is`);
        throw new AppError('committees.not_eligible', { status: 422, message: reason, fields: { nominee: reason } });
      }
      const seats = await requireEligible(trx, nominee.id, { self, name: self ? nominee.name : email, field: 'nominee', discreet: !self });
      const qualifying = seats[0];
      if (!qualifying) throw new AppError('internal');
      const row = await trx
        .insertInto('committee_nominations')
        .values({
          election_id: e.id,
          seat_id: input.seatId,
          nominee_user_id: nominee.id,
          nominated_by: actor.userId,
          organization_id: qualifying.organizationId,
          statement: input.statement,
          status: self ? 'accepted' : 'awaiting',
          created_at: now,
          answered_at: self ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.nominated',
        entityType: 'committee_nomination',
        entityId: row.id,
        after: { electionId: e.id, seatId: input.seatId, nomineeUserId: nominee.id, self, organizationId: qualifying.organizationId },
        requestId: actor.requestId,
      });
      const base = deps.config.publicUrl;
      if (self) {
        for (const to of await programsStaffEmails(trx)) {
          await deps.mail.queue(trx, {
            to,
            template: nominationAcceptedEmail.name,
            data: { committee: e.committee, seat: e.seat, election: e.title, nominee: nominee.name, url: `${base}/staff/committees/${e.committee_id}` },
          });
        }
      } else {
        await deps.mail.queue(trx, {
          to: nominee.email,
          template: nominationReceivedEmail.name,
          data: { committee: e.committee, seat: e.seat, election: e.title, nominatedBy: nominator.name, closesOn: formatDay(e.closes_on), url: `${base}/committees/mine` },
        });
      }
      return { id: row.id, self };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_nominations_one')) {
      throw new AppError('conflict', {
        message: 'This person is already nominated for this seat in this election.',
        fields: { nominee: 'Already nominated for this seat in this election.' },
      });
    }
    throw err;
  }
}

/** The nominee accepts (the nomination stands) or declines (it is set aside), while nominations are open. */
export async function answerNomination(deps: CommitteeDeps, actor: Actor, input: { nominationId: string; accept: boolean }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('committee_nominations as n')
      .innerJoin('committee_elections as e', 'e.id', 'n.election_id')
      .innerJoin('committees as c', 'c.id', 'e.committee_id')
      .innerJoin('committee_seats as s', 's.id', 'n.seat_id')
      .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
      .select(['n.id', 'n.status', 'e.title as election', 'e.opens_on', 'e.closes_on', 'c.id as committee_id', 'c.name as committee', 's.title as seat', 'u.name as nominee'])
      .where('n.id', '=', input.nominationId)
      .where('n.nominee_user_id', '=', actor.userId)
      .forUpdate('n')
      .executeTakeFirst();
    if (!n) throw notFound('nomination');
    if (n.status !== 'awaiting') throw new AppError('conflict', { message: 'You have already answered this nomination.' });
    if (input.accept) {
      if (today > n.closes_on) throw windowClosed(n, today);
      await requireEligible(trx, actor.userId, { self: true, name: n.nominee, field: 'nomination' });
    }
    await trx
      .updateTable('committee_nominations')
      .set({ status: input.accept ? 'accepted' : 'declined', answered_at: now })
      .where('id', '=', n.id)
      .where('status', '=', 'awaiting')
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.accept ? 'committees.nomination_accepted' : 'committees.nomination_declined',
      entityType: 'committee_nomination',
      entityId: n.id,
      before: { status: 'awaiting' },
      after: { status: input.accept ? 'accepted' : 'declined' },
      requestId: actor.requestId,
    });
    if (input.accept) {
      for (const to of await programsStaffEmails(trx)) {
        await deps.mail.queue(trx, {
          to,
          template: nominationAcceptedEmail.name,
          data: { committee: n.committee, seat: n.seat, election: n.election, nominee: n.nominee, url: `${deps.config.publicUrl}/staff/committees/${n.committee_id}` },
        });
      }
    }
  });
}
