// A dormant chapter's way back: a current officer asks membership staff to reactivate it (once,
// until staff decide: they are emailed, and the chapter's record says who asked and when); staff
// reactivate it (requests.ts), which clears the ask.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { reactivationAskedEmail } from './emails.js';
import { requireOfficer } from './officers.js';
import { type Actor, type ChapterDeps, membershipStaffEmails, notFound, todayOf } from './shared.js';

export async function askReactivation(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  const zone = await deps.association.timeZone();
  await deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('chapters')
      .select(['id', 'name', 'status', 'dormant_reason', 'reactivation_asked_at'])
      .where('id', '=', input.chapterId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound();
    await requireOfficer(trx, c.id, actor.userId, today);
    if (c.status !== 'dormant') throw new AppError('conflict', { message: 'The chapter is not dormant: there is nothing to reactivate.' });
    if (c.reactivation_asked_at) {
      throw new AppError('conflict', { message: `Membership staff were asked on ${formatZonedDay(c.reactivation_asked_at, zone)} and have been emailed; they will decide.` });
    }
    await trx.updateTable('chapters').set({ reactivation_asked_at: now, reactivation_asked_by: actor.userId }).where('id', '=', c.id).execute();
    await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'chapters.reactivation_asked', entityType: 'chapter', entityId: c.id, requestId: actor.requestId });
    const officer = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    for (const to of await membershipStaffEmails(trx)) {
      await deps.mail.queue(trx, {
        to,
        template: reactivationAskedEmail.name,
        data: {
          chapter: c.name,
          officer: officer.name,
          reason: c.dormant_reason || 'it missed its report or had no officers.',
          url: `${deps.config.publicUrl}/staff/chapters/${c.id}`,
        },
      });
    }
  });
}
