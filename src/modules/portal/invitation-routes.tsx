// Routes of seat invitations: the page an emailed invitation opens and its Accept button (public:
// the token is the proof), and an organization administrator's resend and cancel.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { endRequestSession, redirectAfterSignIn } from '../accounts/index.js';
import { cancelSeatInvitation, resendSeatInvitation } from './invitation-admin.js';
import { InvitationGonePage, InvitationPage } from './invitation-views.js';
import { acceptSeatInvitation, findInvitation, invitationOfReplacedLink, listSeatInvitations, newerOpenInvitation } from './invitations.js';
import { organizationName } from './queries.js';
import { idParams, orgQuery, tokenBody, tokenQuery } from './schemas.js';

export async function invitationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const rateLimit = { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' };

  /** The page of a link that does not work (any more), with the status that says so. */
  const gone = async (req: FastifyRequest, reply: FastifyReply, token: string) => {
    const inv = await findInvitation(deps, token);
    if (inv) {
      // cancelled or expired, and the address invited again since: the newer email is the one to open
      const newer = inv.state === 'cancelled' || inv.state === 'expired' ? await newerOpenInvitation(deps, inv) : null;
      if (newer) return sendPage(reply, InvitationGonePage({ ctx: await pageContext(req, reply), state: 'replaced', newestSentAt: newer }), 410);
      return sendPage(reply, InvitationGonePage({ ctx: await pageContext(req, reply), state: inv.state === 'pending' ? 'expired' : inv.state }), 410);
    }
    // A link an invitation's later email replaced: said so, with when the newest went.
    const replaced = await invitationOfReplacedLink(deps, token);
    if (!replaced) return sendPage(reply, InvitationGonePage({ ctx: await pageContext(req, reply), state: 'unknown' }), 404);
    const state = replaced.state === 'pending' ? 'replaced' : replaced.state;
    return sendPage(reply, InvitationGonePage({ ctx: await pageContext(req, reply), state, newestSentAt: replaced.sentAt }), 410);
  };

  // A page with a button, never an acceptance on GET: mail scanners that follow links must not
  // accept. The token rides in the query string (and the form's body), which logs leave out.
  app.get('/invitation', { config: { access: access.public() } }, async (req, reply) => {
    const { token } = tokenQuery.catch({ token: '' }).parse(req.query);
    const inv = await findInvitation(deps, token);
    if (inv?.state !== 'pending') return gone(req, reply, token);
    return sendPage(reply, InvitationPage({ ctx: await pageContext(req, reply), invitation: inv, token }));
  });

  app.post('/invitation/accept', { config: { access: access.public(), rateLimit } }, async (req, reply) => {
    const { token } = tokenBody.catch({ token: '' }).parse(req.body ?? {});
    try {
      const accepted = await acceptSeatInvitation(deps, {
        token,
        userAgent: req.headers['user-agent'],
        previousSessionHash: req.sessionHash,
        signedInUserId: req.principal?.userId ?? null,
        requestId: req.id,
      });
      const home = `/org?org=${accepted.organizationId}`;
      if (!accepted.signIn) {
        // Whoever else was signed in here is signed out, as the button said.
        await endRequestSession(req, reply);
        setFlash(reply, 'You accepted the invitation. Sign in with your password (or a sign-in link by email) to act for your organization.');
        return reply.redirect(`/login?next=${encodeURIComponent(home)}`, 303);
      }
      setFlash(
        reply,
        'Welcome: you accepted the invitation and now act for your organization. You need no password: to come back, use “Email me a sign-in link instead” on the sign-in page. To have a password too, use “Choose a password, or reset a forgotten one” there.',
      );
      return redirectAfterSignIn(req, reply, accepted.signIn, home);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'portal.invitation_invalid' || err.code === 'token_invalid')) return gone(req, reply, token);
      throw err;
    }
  });

  // The confirmation step of withdrawing an invitation (the danger link on /org leads here).
  app.get('/org/invitations/:id/cancel', { config: { access: access.orgAdmin() }, schema: { params: idParams, querystring: orgQuery } }, async (req, reply) => {
    const org = orgScope(req, 'admin');
    const inv = isUuid(req.params.id) ? (await listSeatInvitations(deps, org.id)).find((i) => i.id === req.params.id) : undefined;
    if (!inv) throw new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });
    // named, as the other contact pages do (an administrator of several must see which one)
    const back = { href: `/org?org=${org.id}#contacts`, label: `Back to ${await organizationName(deps.db, org.id)}` };
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Withdraw the invitation of ${inv.name}?`,
        lead: `The link we emailed to ${inv.email} stops working at once, and they will not become a contact. You can invite them again later.`,
        action: `/org/invitations/${inv.id}/cancel?org=${org.id}`,
        button: 'Withdraw the invitation',
        back,
      }),
    );
  });

  for (const action of ['resend', 'cancel'] as const) {
    app.post(`/org/invitations/:id/${action}`, { config: { access: access.orgAdmin() }, schema: { params: idParams, querystring: orgQuery } }, async (req, reply) => {
      const org = orgScope(req, 'admin');
      if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });
      const a = {
        organizationId: org.id,
        invitationId: req.params.id,
        actorUserId: req.principal?.userId ?? '',
        actorName: req.principal?.name ?? 'A colleague',
        requestId: req.id,
      };
      if (action === 'resend') {
        const inv = await resendSeatInvitation(deps, a);
        setFlash(reply, `We emailed the invitation to ${inv.email} again, with a new link. The earlier link no longer works.`);
      } else {
        const inv = await cancelSeatInvitation(deps, a);
        setFlash(reply, `Withdrew the invitation of ${inv.name}: its link no longer works.`);
      }
      return reply.redirect(`/org?org=${org.id}#contacts`, 303);
    });
  }
}
