// Moderation routes of a group: members report a post; the group's moderators and community staff
// (`standing.moderates`, else 404 for a group one cannot see and 403 inside it) see the queue,
// decide on posts, threads and members, and invite.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { loadGroup, loadThread } from './load.js';
import { ManagePage, type MemberDecision } from './manage-views.js';
import { moderatePost, moderateThread, type PostAction, reportPost, type ThreadAction } from './moderation.js';
import { groupBySlug, membershipOf, membersOf, moderationQueue, postById } from './queries.js';
import { actOnMember, inviteToGroup, type MemberAction } from './service.js';
import { type GroupRow, postNotFound, standingIn } from './shared.js';

const slugParams = z.object({ slug: z.string().max(100) }).strict();
const idParams = z.object({ slug: z.string().max(100), id: z.string().max(100) }).strict();
const POST_ACTIONS: PostAction[] = ['approve', 'hide', 'restore', 'remove', 'dismiss'];
const THREAD_ACTIONS: ThreadAction[] = ['pin', 'unpin', 'lock', 'unlock', 'move'];
const MEMBER_ACTIONS: MemberAction[] = ['approve', 'decline', 'suspend', 'reinstate', 'moderator', 'member'];

/** What the moderator is told once a decision about a member is made. */
const memberDone = (action: MemberAction, name: string) =>
  ({
    approve: `${name} is a member now, and is told by email.`,
    decline: `${name}’s request is declined; they are told by email, with your reason.`,
    suspend: `${name} is suspended: they can read the group but not post, and are told by email, with your reason.`,
    reinstate: `${name} is reinstated and may post again; they are told by email.`,
    moderator: `${name} is a moderator of the group now.`,
    member: `${name} is a plain member now, no longer a moderator.`,
  })[action];

const notModerator = () => new AppError('forbidden', { message: 'Only this group’s moderators and community staff may do that.' });

export async function moderateRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const who = access.memberOrStaff();

  const moderated = async (req: FastifyRequest, slug: string) => {
    const g = await loadGroup(app, req, slug);
    if (!g.standing.moderates) throw notModerator();
    return g;
  };

  /** The moderators' page; with a decision sent back (400), its message beside that member's reason. */
  async function sendManage(req: FastifyRequest, reply: FastifyReply, group: GroupRow, failed?: MemberDecision) {
    const [queue, members] = await Promise.all([moderationQueue(deps.db, group.id), membersOf(deps.db, group.id)]);
    if (failed && !members.some((m) => m.id === failed.memberId)) throw new AppError('not_found', { message: 'There is no such member of this group.' });
    return sendPage(reply, ManagePage({ ctx: await pageContext(req, reply), group, queue, members, failed }), failed ? 400 : 200);
  }

  app.get('/groups/:slug/manage', { config: { access: who }, schema: { params: slugParams } }, async (req, reply) => {
    const { group } = await moderated(req, req.params.slug);
    return sendManage(req, reply, group);
  });

  app.post('/groups/:slug/posts/:id/report', { config: { access: who, rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { params: idParams } }, async (req, reply) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    const post = isUuid(req.params.id) ? await postById(deps.db, req.params.id) : undefined;
    if (!post || post.group_id !== group.id || !standing.canRead || post.status !== 'visible') throw postNotFound();
    if (!standing.canPost) throw new AppError('groups.not_member', { status: 403, message: 'Join the group to report its posts.' });
    await reportPost(deps, actorOf(req), post.id, (formValues(req.body).reason ?? '').slice(0, 2000));
    setFlash(reply, 'Thank you: the moderators will look at the post.');
    return reply.redirect(`/groups/${group.slug}/threads/${post.thread_id}`, 303);
  });

  app.post('/groups/:slug/posts/:id/moderate', { config: { access: who }, schema: { params: idParams } }, async (req, reply) => {
    const { group } = await moderated(req, req.params.slug);
    const v = formValues(req.body);
    const action = v.action as PostAction;
    if (!POST_ACTIONS.includes(action)) throw new AppError('validation_failed', { fields: { action: 'Choose an action.' } });
    if (!isUuid(req.params.id)) throw postNotFound();
    await moderatePost(deps, actorOf(req), group, req.params.id, action, (v.reason ?? '').slice(0, 500));
    const post = await postById(deps.db, req.params.id);
    setFlash(
      reply,
      {
        approve: 'Approved: the post is published.',
        hide: 'The post is hidden.',
        restore: 'The post shows again.',
        remove: 'The post is removed.',
        dismiss: 'The reports are dismissed.',
      }[action],
    );
    return reply.redirect(v.back === 'manage' || !post ? `/groups/${group.slug}/manage` : `/groups/${group.slug}/threads/${post.thread_id}`, 303);
  });

  app.post('/groups/:slug/threads/:id/moderate', { config: { access: who }, schema: { params: idParams } }, async (req, reply) => {
    const { group, standing, thread } = await loadThread(app, req, req.params.slug, req.params.id);
    if (!standing.moderates) throw notModerator();
    const v = formValues(req.body);
    const action = v.action as ThreadAction;
    if (!THREAD_ACTIONS.includes(action)) throw new AppError('validation_failed', { fields: { action: 'Choose an action.' } });
    let target: Parameters<typeof moderateThread>[6];
    if (action === 'move') {
      const to = await groupBySlug(deps.db, v.to ?? '');
      if (to) target = { ...to, moderates: standingIn(to, req.principal, await membershipOf(deps.db, to.id, req.principal?.userId)).moderates };
    }
    await moderateThread(deps, actorOf(req), group, thread.id, action, (v.reason ?? '').slice(0, 500), target);
    setFlash(reply, action === 'move' ? `The thread is moved to ${target?.name ?? ''}.` : 'Done.');
    return reply.redirect(`/groups/${action === 'move' && target ? target.slug : group.slug}/threads/${thread.id}`, 303);
  });

  app.post('/groups/:slug/members/:id', { config: { access: who }, schema: { params: idParams } }, async (req, reply) => {
    const { group } = await moderated(req, req.params.slug);
    const v = formValues(req.body);
    const action = v.action as MemberAction;
    if (!MEMBER_ACTIONS.includes(action)) throw new AppError('validation_failed', { fields: { action: 'Choose an action.' } });
    if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such member of this group.' });
    const reason = (v.reason ?? '').slice(0, 500);
    let name: string;
    try {
      ({ name } = await actOnMember(deps, actorOf(req), group, req.params.id, action, reason));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendManage(req, reply, group, { memberId: req.params.id, errors, reason });
    }
    setFlash(reply, memberDone(action, name));
    return reply.redirect(`/groups/${group.slug}/manage`, 303);
  });

  app.post('/groups/:slug/invite', { config: { access: who, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { params: slugParams } }, async (req, reply) => {
    const { group } = await moderated(req, req.params.slug);
    const email = (formValues(req.body).email ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
      throw new AppError('validation_failed', { fields: { email: 'Enter an email address, like name@example.gov.' } });
    await inviteToGroup(deps, actorOf(req), group, email);
    setFlash(reply, `If an account uses ${email}, it is invited: they see the invitation on the groups page.`);
    return reply.redirect(`/groups/${group.slug}/manage`, 303);
  });
}
