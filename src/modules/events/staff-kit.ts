// What programs staff's authoring routes share (staff-routes.tsx: the event itself;
// staff-agenda-routes.tsx: its sessions and ticket types): the policy, the actor, the transaction
// that turns a taken web address into a field error, loading an event (404), the event's overview
// answering with a problem or a form's errors, and the check that the event is still open.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { type EventDetail, eventForStaff } from './queries.js';
import type { Actor, Trx } from './service.js';
import { StaffEventPage } from './staff-views.js';

export const idParams = z.object({ id: z.string().max(100) });

export const notFound = (what = 'event') => new AppError('not_found', { message: `There is no such ${what}.` });

type OverviewExtra = Partial<Parameters<typeof StaffEventPage>[0]>;

export function staffKit(app: FastifyInstance) {
  const deps = app.deps;
  const programs = { access: access.staff('programs') };
  const actor = (req: FastifyRequest): Actor => ({ userId: req.principal?.userId ?? null, requestId: req.id });
  // Two staff saving the same web address at once: the second gets the field error, not a 500.
  const tx = async <T>(fn: (trx: Trx) => Promise<T>) => {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err, 'events_slug_key'))
        throw new AppError('events.slug_taken', {
          status: 409,
          message: 'Another event already has this web address.',
          fields: { slug: 'Another event already has this web address; choose another.' },
        });
      throw err;
    }
  };

  async function loadEvent(id: string): Promise<EventDetail> {
    const e = await eventForStaff(deps.db, id);
    if (!e) throw notFound();
    return e;
  }

  async function sendOverview(req: FastifyRequest, reply: FastifyReply, event: EventDetail, extra: OverviewExtra = {}, status = 200) {
    return sendPage(reply, StaffEventPage({ ctx: await pageContext(req, reply), event, ...extra }), status);
  }

  return { deps, programs, actor, tx, loadEvent, sendOverview };
}

export async function assertOpen(event: EventDetail) {
  if (event.status === 'cancelled' || event.status === 'completed')
    throw new AppError('events.closed', { status: 409, message: `This event is ${event.status}; it can no longer be changed.` });
}
