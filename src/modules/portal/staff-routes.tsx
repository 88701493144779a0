// Membership staff decide the login requests nobody else can: those for a member organization
// with no administrator, and those whose organization matched no member (staff then choose the
// member among the similar names, or decline).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { approveLoginRequest, declineLoginRequest, listRequestsForStaff, similarMembers } from './login-requests.js';
import { idParams } from './schemas.js';
import { StaffRequestsPage } from './staff-views.js';

export async function staffLoginRequestRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const membership = () => access.staff('membership');

  const load = async () => {
    const requests = await listRequestsForStaff(deps.db);
    return Promise.all(requests.map(async (r) => ({ ...r, candidates: r.organizationId ? [] : await similarMembers(deps.db, r.organizationName) })));
  };

  app.get('/staff/login-requests', { config: { access: membership() } }, async (req, reply) => {
    return sendPage(reply, StaffRequestsPage({ ctx: await pageContext(req, reply), requests: await load() }));
  });

  const notFound = () => new AppError('not_found', { message: 'There is no such login request waiting for a decision.' });

  app.post('/staff/login-requests/:id/approve', { config: { access: membership() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const body = (req.body ?? {}) as { organization?: unknown; admin?: unknown };
    const organizationId = isUuid(body.organization) ? body.organization : undefined;
    try {
      await approveLoginRequest(deps, {
        id: req.params.id,
        scope: { kind: 'staff', organizationId },
        asAdmin: body.admin === 'yes',
        actorUserId: req.principal?.userId ?? '',
        actorName: req.principal?.name ?? 'Membership staff',
        requestId: req.id,
      });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, StaffRequestsPage({ ctx: await pageContext(req, reply), requests: await load(), errors, failedId: req.params.id }), 400);
    }
    setFlash(reply, 'Approved. We emailed the person an invitation: they become a contact of the organization when they accept it.');
    return reply.redirect('/staff/login-requests', 303);
  });

  app.post('/staff/login-requests/:id/decline', { config: { access: membership() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    await declineLoginRequest(deps, { id: req.params.id, scope: { kind: 'staff' }, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    setFlash(reply, 'Declined. We let the person know by email.');
    return reply.redirect('/staff/login-requests', 303);
  });
}
