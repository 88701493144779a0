// Changes the staff workspace makes itself: staff notes (its own table), each with its audit row
// in the same transaction. The audit row says a note was added, never what it says: audit rows
// reach other pages (the audit log) and notes are for the record page only.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';

export async function addStaffNote(deps: Pick<Deps, 'db' | 'clock'>, input: { organizationId: string; body: string; actorUserId: string; requestId?: string }): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select('id').where('id', '=', input.organizationId).executeTakeFirst();
    if (!org) throw new AppError('not_found');
    const at = deps.clock.now();
    const note = await trx
      .insertInto('staff_notes')
      .values({ organization_id: org.id, author_user_id: input.actorUserId, body: input.body, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at,
      actorUserId: input.actorUserId,
      action: 'records.note_added',
      entityType: 'organization',
      entityId: org.id,
      after: { noteId: note.id, length: input.body.length },
      requestId: input.requestId,
    });
    return note.id;
  });
}
