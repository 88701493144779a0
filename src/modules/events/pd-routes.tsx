// The signed-in person's PD log and their certificates of attendance. A certificate is only its
// attendee's: anyone else (another member, staff) gets a 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { certificateFilename, renderCertificatePdf } from './certificate.js';
import { certificateOf, pdLog } from './pd.js';
import { PdLogPage } from './pd-views.js';

const eventParams = z.object({ eventId: z.string().max(100) });

export async function pdRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const signedIn = { access: access.signedIn() };
  const me = (req: FastifyRequest) => {
    if (!req.principal) throw new AppError('unauthenticated');
    return req.principal.userId;
  };

  app.get('/me/pd', { config: signedIn }, async (req, reply) => {
    const ctx = await pageContext(req, reply);
    const log = await pdLog(deps.db, me(req));
    const thisYear = DateTime.fromJSDate(deps.clock.now(), { zone: ctx.timeZone }).year;
    return sendPage(reply, PdLogPage({ ctx, ...log, thisYear }));
  });

  app.get('/me/pd/:eventId/certificate.pdf', { config: signedIn, schema: { params: eventParams } }, async (req, reply) => {
    const id = req.params.eventId;
    const data = isUuid(id) ? await certificateOf(deps.db, me(req), id) : undefined;
    if (!data) throw new AppError('not_found', { message: 'There is no certificate of yours for this event.' });
    const pdf = await renderCertificatePdf(data);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${certificateFilename(data.title)}"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });
}
