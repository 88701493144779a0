// The same application sent twice: refused while the first is with membership staff.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import type { ApplicationFields } from './schemas.js';

export /** The same application sent again (the back button, a second press of Submit, a doubt whether it
 * went through): the same applicant, government and state while the first is with membership
 * staff. It is refused with what happened to the first, rather than becoming a duplicate staff
 * must find and decline. Its link is not shown (whoever types an address would get it): the
 * applicant's email has it. */
async function refuseResubmission(trx: Transaction<DB>, f: ApplicationFields, zone: string): Promise<void> {
  const first = await trx
    .selectFrom('applications')
    .select(['submitted_at', 'status'])
    .where(sql<string>`lower(applicant_email)`, '=', f.applicant_email.toLowerCase())
    .where(sql<string>`lower(legal_name)`, '=', f.legal_name.trim().toLowerCase())
    .where('state', '=', f.state ?? null)
    .where('status', 'in', ['submitted', 'more_info_requested'])
    .orderBy('submitted_at', 'desc')
    .executeTakeFirst();
  if (!first) return;
  const sent = first.submitted_at ? ` on ${formatZonedDay(first.submitted_at, zone)}` : '';
  const where =
    first.status === 'more_info_requested'
      ? 'Membership staff asked for more information: answer it through the link in their email, which reopens that application.'
      : 'Membership staff are reviewing it, usually within five working days; the confirmation we emailed you then has a link to it. There is nothing more to send.';
  throw new AppError('applications.already_sent', { status: 409, message: `You sent an application for ${f.legal_name} (${f.state}) from this address${sent}. ${where}` });
}
