// Group routes. Every group page starts from `load`, which answers 404 for a group the viewer may
// not see (a private group they are not in, a requested one) — the same as a group that does not
// exist. Members and staff only, except the one-click unsubscribe (public, no CSRF: it can only set
// one membership's emails to none, by a signed link). Moderation routes are in moderate-routes.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GroupNotify } from '../../db/types.js';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { acceptOneClickBodies, readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { apiGroupRoutes } from './api-routes.js';
import { groupOfLink, unsubscribeByLink } from './digest.js';
import { loadGroup, loadThread, refusal } from './load.js';
import { moderateRoutes } from './moderate-routes.js';
import { excerptOf } from './notify.js';
import { checkAttachments, checkBody, editable, editPost, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, replyToThread, startThread } from './posting.js';
import { attachmentById, attachmentsOf, editsOf, memberCount, myGroupRequests, postById, postsOf, requestedGroups, searchMyGroups, threadsOf, visibleGroups } from './queries.js';
import { createGroup, decideGroupRequest, joinGroup, leaveGroup, readGroupFields, setNotify } from './service.js';
import { groupNotFound, isCommunityStaff, postNotFound } from './shared.js';
import { EditPostPage, NewThreadPage, ThreadPage } from './thread-views.js';
import { type Decision, GroupPage, GroupsPage, NewGroupPage, SearchPage, UnsubscribePage } from './views.js';

const slugParams = z.object({ slug: z.string().max(100) }).strict();
const threadParams = z.object({ slug: z.string().max(100), id: z.string().max(100) }).strict();
const idParams = z.object({ id: z.string().max(100) }).strict();

export async function groupsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const who = { config: { access: access.memberOrStaff() } };

  /** The groups page; `decision` is a staff decision on a requested group that needs a fix. */
  async function sendGroups(req: FastifyRequest, reply: FastifyReply, decision?: Decision) {
    const staff = isCommunityStaff(req.principal);
    const [groups, requested, mine] = await Promise.all([
      visibleGroups(deps.db, req.principal),
      staff ? requestedGroups(deps.db) : [],
      myGroupRequests(deps.db, actorOf(req).userId),
    ]);
    return sendPage(reply, GroupsPage({ ctx: await pageContext(req, reply), groups, requested, mine, staff, decision }), decision ? 400 : 200);
  }

  app.get('/groups', who, async (req, reply) => sendGroups(req, reply));

  app.get('/groups/new', who, async (req, reply) =>
    sendPage(reply, NewGroupPage({ ctx: await pageContext(req, reply), staff: isCommunityStaff(req.principal), values: { kind: 'open' } })),
  );

  app.post('/groups/new', { config: { access: access.memberOrStaff(), rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const values = formValues(req.body);
    const staff = isCommunityStaff(req.principal);
    const read = readGroupFields(values);
    if (!read.ok) return sendPage(reply, NewGroupPage({ ctx: await pageContext(req, reply), staff, values, errors: read.errors }), 400);
    const g = await createGroup(deps, actorOf(req), read.data, staff);
    if (staff) {
      setFlash(reply, 'The group is open. Invite members or share its page.');
      return reply.redirect(`/groups/${g.slug}`, 303);
    }
    setFlash(reply, 'Your request is sent. Our community staff will look at it, and you get an email when they decide; until then it is listed here under “Groups you asked for”.');
    return reply.redirect('/groups', 303);
  });

  app.post('/groups/requests/:id', { config: { access: access.staff('communications') }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw groupNotFound();
    const v = formValues(req.body);
    if (v.decision !== 'approve' && v.decision !== 'decline') throw new AppError('validation_failed', { fields: { decision: 'Choose approve or decline.' } });
    const reason = (v.reason ?? '').trim().slice(0, 500);
    try {
      await decideGroupRequest(deps, actorOf(req), req.params.id, v.decision === 'approve', reason);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendGroups(req, reply, { groupId: req.params.id, errors, reason });
    }
    setFlash(
      reply,
      v.decision === 'approve'
        ? 'The group is approved and open; its requester moderates it and is told by email.'
        : 'The request is declined; the requester is told by email, with your reason.',
    );
    return reply.redirect('/groups', 303);
  });

  const searchQuery = z.object({ q: z.string().max(500).optional() });
  app.get('/groups/search', { config: { access: access.memberOrStaff() }, schema: { querystring: searchQuery } }, async (req, reply) => {
    const q = (req.query.q ?? '').trim();
    const error = q.length > 200 ? 'Use at most 200 characters.' : undefined;
    const rows = q && !error ? await searchMyGroups(deps.db, actorOf(req).userId, q) : [];
    const hits = rows.map((r) => ({ ...r, excerpt: excerptOf(r.body, 200) }));
    return sendPage(reply, SearchPage({ ctx: await pageContext(req, reply), q, error, hits }), error ? 400 : 200);
  });

  // ---- the one-click unsubscribe (RFC 8058): GET shows a confirmation, POST unsubscribes
  const linkQuery = z.object({ m: z.string().max(100).default(''), token: z.string().max(200).default('') });
  app.get('/groups/unsubscribe', { config: { access: access.public() }, schema: { querystring: linkQuery } }, async (req, reply) => {
    const g = await groupOfLink(deps, req.query.m, req.query.token);
    return sendPage(reply, UnsubscribePage({ ctx: await pageContext(req, reply), m: req.query.m, token: req.query.token, group: g?.name ?? null, done: false }), g ? 200 : 404);
  });
  // alone in its scope: it also takes the multipart body a mail client may post (RFC 8058)
  await app.register(async (scope) => {
    acceptOneClickBodies(scope);
    const one = scope.withTypeProvider<ZodTypeProvider>();
    one.post('/groups/unsubscribe', { config: { access: access.public(), csrf: false, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
      // The mail client posts `List-Unsubscribe=One-Click` to the link itself (its query names the
      // membership); the confirmation page's form posts them in its body.
      const q = (req.query ?? {}) as Record<string, unknown>;
      const v = formValues(req.body);
      const m = (typeof q.m === 'string' ? q.m : (v.m ?? '')).slice(0, 100);
      const token = (typeof q.token === 'string' ? q.token : (v.token ?? '')).slice(0, 200);
      const name = await unsubscribeByLink(deps, m, token);
      return sendPage(reply, UnsubscribePage({ ctx: await pageContext(req, reply), m, token, group: name, done: name !== null }), name === null ? 404 : 200);
    });
  });

  // ---- a group
  app.get('/groups/:slug', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    const [threads, count] = await Promise.all([standing.canRead ? threadsOf(deps.db, group.id) : [], memberCount(deps.db, group.id)]);
    return sendPage(reply, GroupPage({ ctx: await pageContext(req, reply), group, standing, threads, members: count }));
  });

  app.post('/groups/:slug/join', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    const status = await joinGroup(deps, actorOf(req), group, standing);
    setFlash(
      reply,
      status === 'active'
        ? `Welcome to ${group.name}. You get an email for every post; choose a daily digest or none below.`
        : 'You asked to join. A moderator will decide, and you get an email when they do.',
    );
    return reply.redirect(`/groups/${group.slug}`, 303);
  });

  app.post('/groups/:slug/leave', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
    const { group } = await loadGroup(app, req, req.params.slug);
    await leaveGroup(deps, actorOf(req), group.id);
    setFlash(reply, `You are no longer in ${group.name}.`);
    return reply.redirect(group.kind === 'private' ? '/groups' : `/groups/${group.slug}`, 303);
  });

  app.post('/groups/:slug/notifications', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
    const { group } = await loadGroup(app, req, req.params.slug);
    const notify = formValues(req.body).notify as GroupNotify;
    if (!['every', 'digest', 'none'].includes(notify)) throw new AppError('validation_failed', { fields: { notify: 'Choose every post, a daily digest or no emails.' } });
    await setNotify(deps, actorOf(req), group.id, notify);
    setFlash(
      reply,
      notify === 'every' ? 'Saved: an email for every post.' : notify === 'digest' ? 'Saved: one email a day, the daily digest.' : 'Saved: no emails from this group.',
    );
    return reply.redirect(`/groups/${group.slug}`, 303);
  });

  // ---- threads and posts
  app.get('/groups/:slug/threads/new', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    if (!standing.canPost) throw new AppError('groups.not_member', { status: 403, message: 'Join the group to post in it.' });
    return sendPage(reply, NewThreadPage({ ctx: await pageContext(req, reply), group, values: {} }));
  });

  const threadPage = async (
    req: FastifyRequest<{ Params: { slug: string; id: string } }>,
    o: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
  ) => {
    const { group, standing, thread } = await loadThread(app, req, req.params.slug, req.params.id);
    const posts = await postsOf(deps.db, thread.id);
    const now = deps.clock.now();
    const viewer = req.principal?.userId;
    const editableIds = new Set(posts.filter((p) => p.author_id === viewer && editable(p, now)).map((p) => p.id));
    const moveTargets = standing.moderates ? (await visibleGroups(deps.db, req.principal)).filter((g) => g.id !== group.id && (standing.staff || g.my_role === 'moderator')) : [];
    const attachments = await attachmentsOf(
      deps.db,
      posts.map((post) => post.id),
    );
    return { group, standing, thread, posts, attachments, editableIds, moveTargets, ...o };
  };

  app.get('/groups/:slug/threads/:id', { config: { access: access.memberOrStaff() }, schema: { params: threadParams } }, async (req, reply) =>
    sendPage(reply, ThreadPage({ ctx: await pageContext(req, reply), ...(await threadPage(req)) })),
  );

  // Posting takes up to three attachments: these two forms are multipart (a form without files
  // posts url-encoded and works the same).
  await app.register(async (scope) => {
    await registerUploads(scope, { maxFileBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_ATTACHMENTS });
    const up = scope.withTypeProvider<ZodTypeProvider>();
    up.post('/groups/:slug/threads/new', { config: { access: access.memberOrStaff() }, schema: { params: slugParams } }, async (req, reply) => {
      const { group, standing } = await loadGroup(app, req, req.params.slug);
      const form = await readMultipartForm(req);
      const values = form.fields;
      const attached = await checkAttachments(form);
      const title = (values.title ?? '').trim();
      const { body, error } = checkBody(values.body);
      const errors: Record<string, string> = {};
      if (!title) errors.title = 'Give the thread a title.';
      else if (title.length > 200) errors.title = 'Use at most 200 characters.';
      if (error) errors.body = error;
      if (attached.error) errors.attachments = attached.error;
      const again = async (o: { errors: Record<string, string>; message?: string; status: number }) =>
        sendPage(reply, NewThreadPage({ ctx: await pageContext(req, reply), group, values, errors: o.errors, message: o.message }), o.status);
      if (Object.keys(errors).length) return again({ errors, status: 400 });
      try {
        const r = await startThread(deps, actorOf(req), group, standing, title, body, attached.files);
        setFlash(reply, r.status === 'held' ? 'Your thread is saved. As this is your first post, a moderator approves it before others see it.' : 'Your thread is posted.');
        return reply.redirect(`/groups/${group.slug}/threads/${r.threadId}`, 303);
      } catch (err) {
        const refused = refusal(err);
        if (!refused) throw err;
        return again(refused);
      }
    });

    up.post('/groups/:slug/threads/:id/reply', { config: { access: access.memberOrStaff() }, schema: { params: threadParams } }, async (req, reply) => {
      const { group, standing, thread } = await loadThread(app, req, req.params.slug, req.params.id);
      const form = await readMultipartForm(req);
      const values = form.fields;
      const { body, error } = checkBody(values.body);
      const attached = await checkAttachments(form);
      const errors: Record<string, string> = { ...(error ? { body: error } : {}), ...(attached.error ? { attachments: attached.error } : {}) };
      if (Object.keys(errors).length) return sendPage(reply, ThreadPage({ ctx: await pageContext(req, reply), ...(await threadPage(req, { values, errors })) }), 400);
      try {
        const r = await replyToThread(deps, actorOf(req), standing, thread, body, attached.files);
        setFlash(reply, r.status === 'held' ? 'Your reply is saved. As this is your first post, a moderator approves it before others see it.' : 'Your reply is posted.');
        return reply.redirect(`/groups/${group.slug}/threads/${thread.id}#post-${r.postId}`, 303);
      } catch (err) {
        const refused = refusal(err);
        if (!refused) throw err;
        return sendPage(reply, ThreadPage({ ctx: await pageContext(req, reply), ...(await threadPage(req, { values, ...refused })) }), refused.status);
      }
    });
  });

  // An attachment, to whoever may read its post: a group they may not see, or a post held, hidden
  // or removed that is not theirs to see, is the same 404 as no attachment at all.
  app.get('/groups/:slug/attachments/:id', { config: { access: access.memberOrStaff() }, schema: { params: threadParams } }, async (req, reply) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    const a = isUuid(req.params.id) ? await attachmentById(deps.db, req.params.id) : undefined;
    const readable =
      a && a.group_id === group.id && standing.canRead && (a.status === 'visible' || standing.moderates || (a.status === 'held' && a.author_id === req.principal?.userId));
    if (!a || !readable) throw new AppError('not_found', { message: 'There is no such attachment, or it is not yours to see.' });
    return sendDownload(reply, a);
  });

  const ownPost = async (req: FastifyRequest<{ Params: { slug: string; id: string } }>) => {
    const { group, standing } = await loadGroup(app, req, req.params.slug);
    const post = isUuid(req.params.id) ? await postById(deps.db, req.params.id) : undefined;
    if (!post || post.group_id !== group.id || post.author_id !== req.principal?.userId || !standing.canRead) throw postNotFound();
    return { group, post };
  };

  app.get('/groups/:slug/posts/:id/edit', { config: { access: access.memberOrStaff() }, schema: { params: threadParams } }, async (req, reply) => {
    const { group, post } = await ownPost(req);
    const edits = await editsOf(deps.db, post.id);
    return sendPage(
      reply,
      EditPostPage({ ctx: await pageContext(req, reply), group, threadId: post.thread_id, postId: post.id, body: post.body, canEdit: editable(post, deps.clock.now()), edits }),
    );
  });

  app.post('/groups/:slug/posts/:id/edit', { config: { access: access.memberOrStaff() }, schema: { params: threadParams } }, async (req, reply) => {
    const { group, post } = await ownPost(req);
    const { body, error } = checkBody(formValues(req.body).body);
    const again = async (status: number, errors: Record<string, string>, message?: string) =>
      sendPage(
        reply,
        EditPostPage({
          ctx: await pageContext(req, reply),
          group,
          threadId: post.thread_id,
          postId: post.id,
          body,
          canEdit: editable(post, deps.clock.now()),
          edits: await editsOf(deps.db, post.id),
          errors,
          message,
        }),
        status,
      );
    if (error) return again(400, { body: error });
    try {
      await editPost(deps, actorOf(req), post.id, body);
    } catch (err) {
      const refused = refusal(err);
      if (!refused) throw err;
      return again(refused.status, refused.errors, refused.message);
    }
    setFlash(reply, 'Your post is saved.');
    return reply.redirect(`/groups/${group.slug}/threads/${post.thread_id}#post-${post.id}`, 303);
  });

  await app.register(moderateRoutes);
  await app.register(apiGroupRoutes);
}
