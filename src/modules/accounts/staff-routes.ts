// Routes of staff accounts, for staff admins only (`/staff/users`), and the public page a staff
// invitation's link opens (the token is the proof). Thin: parse, call, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { idParams, staffAcceptForm, staffInvitationQuery, staffInviteForm, staffRolesForm } from './schemas.js';
import { redirectAfterSignIn } from './sign-in.js';
import { changeStaffRoles, deactivateStaffAccount, getStaffAccount, listStaffAccounts, reactivateStaffAccount } from './staff-accounts.js';
import {
  acceptStaffInvitation,
  findStaffInvitation,
  inviteStaffMember,
  listOpenStaffInvitations,
  newerOpenStaffInvitation,
  resendStaffInvitation,
  revokeStaffInvitation,
  STAFF_INVITATION_PATH,
  staffInvitationOfReplacedLink,
} from './staff-invitations.js';
import * as views from './staff-views.js';

const RULE_CODES = new Set(['accounts.last_admin', 'accounts.own_admin', 'accounts.own_confidential_role']);

export async function staffAccountRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const admin = { access: access.staff('admin') };
  const rateLimit = { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' };

  app.get('/staff/users', { config: admin }, async (req, reply) => {
    const [accounts, invitations] = await Promise.all([listStaffAccounts(deps), listOpenStaffInvitations(deps)]);
    return sendPage(reply, views.StaffUsersPage({ ctx: await pageContext(req, reply), accounts, invitations }));
  });

  app.get('/staff/users/invite', { config: admin }, async (req, reply) => sendPage(reply, views.StaffInvitePage({ ctx: await pageContext(req, reply) })));

  app.post('/staff/users/invite', { config: admin }, async (req, reply) => {
    const form = parseForm(staffInviteForm, req.body);
    if (!form.ok) return sendPage(reply, views.StaffInvitePage({ ctx: await pageContext(req, reply), ...form }), 400);
    try {
      await inviteStaffMember(deps, { ...form.data, actor: actorOf(req) });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, views.StaffInvitePage({ ctx: await pageContext(req, reply), values: formValues(req.body), errors }), 400);
    }
    setFlash(reply, `We emailed an invitation to ${form.data.email}. They get the roles when they accept it.`);
    return reply.redirect('/staff/users', 303);
  });

  // The confirmation step of withdrawing a staff invitation (the danger link on /staff/users).
  app.get('/staff/users/invitations/:id/revoke', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    const inv = (await listOpenStaffInvitations(deps)).find((i) => i.id === req.params.id);
    if (!inv) throw new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Withdraw ${inv.name}’s invitation?`,
        lead: `The link we emailed to ${inv.email} stops working at once, and they get no staff role. You can invite them again later.`,
        action: `/staff/users/invitations/${inv.id}/revoke`,
        button: 'Withdraw the invitation',
        back: { href: '/staff/users', label: 'Back to staff accounts' },
      }),
    );
  });

  for (const action of ['resend', 'revoke'] as const) {
    app.post(`/staff/users/invitations/:id/${action}`, { config: admin, schema: { params: idParams } }, async (req, reply) => {
      const input = { invitationId: req.params.id, actor: actorOf(req) };
      if (action === 'resend') {
        const inv = await resendStaffInvitation(deps, input);
        setFlash(reply, `We emailed the invitation to ${inv.email} again, with a new link. The earlier link no longer works.`);
      } else {
        const inv = await revokeStaffInvitation(deps, input);
        setFlash(reply, `Withdrew the invitation to ${inv.email}. Its link no longer works.`);
      }
      return reply.redirect('/staff/users', 303);
    });
  }

  app.get('/staff/users/:id', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    const account = await getStaffAccount(deps, req.params.id);
    return sendPage(reply, views.StaffAccountPage({ ctx: await pageContext(req, reply), account }));
  });

  /** The person's page again, with what went wrong: a field error or a rule's refusal. */
  const refused = async (req: FastifyRequest, reply: FastifyReply, userId: string, err: unknown, chosen?: readonly string[]) => {
    const errors = fieldErrorsOf(err);
    const rule = err instanceof AppError && RULE_CODES.has(err.code) ? err : null;
    if (!errors && !rule) throw err;
    const account = await getStaffAccount(deps, userId);
    return sendPage(reply, views.StaffAccountPage({ ctx: await pageContext(req, reply), account, chosen, errors: errors ?? undefined, message: rule?.message }), rule ? 409 : 400);
  };

  app.post('/staff/users/:id/roles', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    const form = parseForm(staffRolesForm, req.body);
    const chosen = Object.keys(formValues(req.body))
      .filter((k) => k.startsWith('role_'))
      .map((k) => k.slice(5));
    try {
      if (!form.ok) throw new AppError('validation_failed', { fields: form.errors });
      const done = await changeStaffRoles(deps, { userId: req.params.id, roles: form.data.roles, actor: actorOf(req) });
      setFlash(reply, done.changed ? `Saved the roles of ${done.name}. They take effect at their next request.` : `The roles of ${done.name} were already these: nothing changed.`);
    } catch (err) {
      return refused(req, reply, req.params.id, err, chosen);
    }
    return reply.redirect(`/staff/users/${req.params.id}`, 303);
  });

  // Deactivating is destructive: a confirmation page first; the POST comes from it.
  app.get('/staff/users/:id/deactivate', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    const account = await getStaffAccount(deps, req.params.id);
    if (account.deactivatedAt || account.id === req.principal?.userId) return reply.redirect(`/staff/users/${account.id}`, 303);
    return sendPage(reply, views.DeactivateStaffPage({ ctx: await pageContext(req, reply), account }));
  });

  app.post('/staff/users/:id/deactivate', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    try {
      const done = await deactivateStaffAccount(deps, { userId: req.params.id, actor: actorOf(req) });
      setFlash(reply, `Deactivated the account of ${done.name}: their sessions have ended and they cannot sign in.`);
    } catch (err) {
      return refused(req, reply, req.params.id, err);
    }
    return reply.redirect(`/staff/users/${req.params.id}`, 303);
  });

  app.post('/staff/users/:id/reactivate', { config: admin, schema: { params: idParams } }, async (req, reply) => {
    const done = await reactivateStaffAccount(deps, { userId: req.params.id, actor: actorOf(req) });
    setFlash(reply, `Reactivated the account of ${done.name}: they can sign in again.`);
    return reply.redirect(`/staff/users/${req.params.id}`, 303);
  });

  // The invitation's link: a page with a button (mail scanners must not accept), never a change on GET.
  const gone = async (req: FastifyRequest, reply: FastifyReply, token: string) => {
    // A link a later email replaced (the invitation sent again, or the address invited again): said
    // so, with when the newest went; else the state of the invitation the link opens.
    const replaced = await staffInvitationOfReplacedLink(deps, token);
    if (!replaced) {
      const inv = await findStaffInvitation(deps, token);
      if (inv) {
        // withdrawn or expired, and the address invited again since: the newer email is the one to open
        const newer = inv.state === 'revoked' || inv.state === 'expired' ? await newerOpenStaffInvitation(deps, inv) : null;
        if (newer) return sendPage(reply, views.StaffInvitationGonePage({ ctx: await pageContext(req, reply), state: 'replaced', newestSentAt: newer }), 410);
        return sendPage(reply, views.StaffInvitationGonePage({ ctx: await pageContext(req, reply), state: inv.state === 'pending' ? 'expired' : inv.state }), 410);
      }
      return sendPage(reply, views.StaffInvitationGonePage({ ctx: await pageContext(req, reply), state: 'unknown' }), 404);
    }
    const state = replaced.state === 'pending' ? 'replaced' : replaced.state;
    return sendPage(reply, views.StaffInvitationGonePage({ ctx: await pageContext(req, reply), state, newestSentAt: replaced.sentAt }), 410);
  };

  app.get(STAFF_INVITATION_PATH, { config: { access: access.public() } }, async (req, reply) => {
    const { token } = staffInvitationQuery.parse(req.query);
    const inv = await findStaffInvitation(deps, token);
    if (inv?.state !== 'pending') return gone(req, reply, token);
    return sendPage(reply, views.StaffInvitationPage({ ctx: await pageContext(req, reply), invitation: inv, token }));
  });

  app.post(`${STAFF_INVITATION_PATH}/accept`, { config: { access: access.public(), rateLimit } }, async (req, reply) => {
    const form = parseForm(staffAcceptForm, req.body);
    const token = form.ok ? form.data.token : '';
    try {
      const accepted = await acceptStaffInvitation(deps, {
        token,
        password: form.ok ? form.data.password : undefined,
        signedInUserId: req.principal?.userId ?? null,
        userAgent: req.headers['user-agent'],
        previousSessionHash: req.sessionHash,
        requestId: req.id,
      });
      setFlash(reply, 'Welcome: you accepted the invitation and now have your staff roles.');
      if (accepted.signIn) return redirectAfterSignIn(req, reply, accepted.signIn, '/staff');
      return reply.redirect('/staff', 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'accounts.staff_invitation_invalid') return gone(req, reply, token);
      const errors = fieldErrorsOf(err);
      const signIn = err instanceof AppError && err.code === 'accounts.staff_invitation_sign_in' ? err : null;
      if (!errors && !signIn) throw err;
      const inv = await findStaffInvitation(deps, token);
      if (inv?.state !== 'pending') return gone(req, reply, token);
      const ctx = await pageContext(req, reply);
      return sendPage(reply, views.StaffInvitationPage({ ctx, invitation: inv, token, errors: errors ?? undefined, message: signIn?.message }), signIn ? 409 : 400);
    }
  });
}
