// Threads and replies: Markdown checked by publishing's rules (no raw HTML, only safe links, only
// our own uploaded images), a per-account rate limit, a first-post review for new accounts (the
// post is held until a moderator approves it), replies refused in a locked thread, and the
// author's edit window with the earlier texts kept as the post's history.
import { AppError } from '../../lib/errors.js';
import { type CheckedFile, checkUpload, DOCX_KIND, JPEG_KIND, type MultipartForm, PDF_KIND, PNG_KIND, PPTX_KIND, XLSX_KIND } from '../../lib/uploads.js';
import { markdownProblems } from '../publishing/index.js';
import { notifyPost } from './notify.js';
import {
  type Actor,
  EDIT_WINDOW_MS,
  type GroupDeps,
  type GroupRow,
  NEW_ACCOUNT_MS,
  postNotFound,
  RATE_LIMIT_POSTS,
  RATE_LIMIT_WINDOW_MS,
  type Standing,
  type Trx,
} from './shared.js';

const MAX_BODY = 20_000;

export function checkBody(raw: string | undefined): { body: string; error?: string } {
  const body = (raw ?? '').replace(/\r\n/g, '\n').trim();
  if (!body) return { body, error: 'Write something first.' };
  if (body.length > MAX_BODY) return { body, error: `The post is ${body.length.toLocaleString('en-US')} characters; the most is ${MAX_BODY.toLocaleString('en-US')}.` };
  const problems = markdownProblems(body);
  return problems.length ? { body, error: problems.join(' ') } : { body };
}

export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ATTACHMENT_KINDS = [PDF_KIND, DOCX_KIND, XLSX_KIND, PPTX_KIND, PNG_KIND, JPEG_KIND];
export const ATTACHMENT_ACCEPT = '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg';

/** The files attached to a post's form, checked; or the message for the field. */
export async function checkAttachments(form: MultipartForm): Promise<{ files: CheckedFile[]; error?: string }> {
  if (form.tooManyFiles) return { files: [], error: `Attach at most ${MAX_ATTACHMENTS} files to a post.` };
  const files: CheckedFile[] = [];
  for (const f of form.files.filter((x) => x.field === 'attachments')) {
    const checked = await checkUpload(f, ATTACHMENT_KINDS, {
      maxBytes: MAX_ATTACHMENT_BYTES,
      accepted: 'a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), or a PNG or JPEG image',
    });
    if (!checked.ok) return { files: [], error: checked.message };
    files.push(checked.file);
  }
  return { files };
}

async function insertAttachments(trx: Trx, postId: string, files: readonly CheckedFile[], now: Date) {
  if (files.length === 0) return;
  await trx
    .insertInto('group_attachments')
    .values(
      files.map((f, i) => ({ post_id: postId, position: i + 1, filename: f.filename, content_type: f.contentType, size_bytes: f.bytes.length, content: f.bytes, created_at: now })),
    )
    .execute();
}

/** Refuses a post over the account's rate (all groups together). */
async function checkRate(trx: Trx, userId: string, now: Date) {
  const n = await trx
    .selectFrom('group_posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', userId)
    .where('created_at', '>', new Date(now.getTime() - RATE_LIMIT_WINDOW_MS))
    .executeTakeFirstOrThrow();
  if (Number(n.n) >= RATE_LIMIT_POSTS)
    throw new AppError('groups.rate_limited', {
      status: 429,
      message: `You have posted ${RATE_LIMIT_POSTS} times in the last ${RATE_LIMIT_WINDOW_MS / 60_000} minutes, the most there can be: wait a few minutes and post again.`,
    });
}

/** 'held' when the author's account is new and none of their posts was ever approved; moderators
 * and staff post straight away. */
async function firstStatus(trx: Trx, userId: string, standing: Standing, now: Date): Promise<'visible' | 'held'> {
  if (standing.moderates) return 'visible';
  const u = await trx.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirstOrThrow();
  if (now.getTime() - u.created_at.getTime() > NEW_ACCOUNT_MS) return 'visible';
  const approved = await trx.selectFrom('group_posts').select('id').where('author_id', '=', userId).where('visible_at', 'is not', null).limit(1).executeTakeFirst();
  return approved ? 'visible' : 'held';
}

function mustPost(standing: Standing) {
  if (!standing.canRead) throw new AppError('not_found', { message: 'There is no such group, or it is not yours to see.' });
  if (standing.membership?.status === 'suspended') throw new AppError('groups.suspended', { status: 403, message: 'You are suspended from this group, so you cannot post in it.' });
  if (!standing.canPost) throw new AppError('groups.not_member', { status: 403, message: 'Join the group to post in it.' });
}

async function insertPost(trx: Trx, deps: GroupDeps, actor: Actor, standing: Standing, threadId: string, body: string, now: Date, reply: boolean) {
  const status = await firstStatus(trx, actor.userId, standing, now);
  const p = await trx
    .insertInto('group_posts')
    .values({ thread_id: threadId, author_id: actor.userId, body, status, created_at: now, visible_at: status === 'visible' ? now : null })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  if (status === 'visible') await notifyPost(trx, deps, p.id, reply);
  return p;
}

export async function startThread(deps: GroupDeps, actor: Actor, group: GroupRow, standing: Standing, title: string, body: string, files: readonly CheckedFile[] = []) {
  mustPost(standing);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await checkRate(trx, actor.userId, now);
    const t = await trx
      .insertInto('group_threads')
      .values({ group_id: group.id, author_id: actor.userId, title, created_at: now, last_post_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await insertPost(trx, deps, actor, standing, t.id, body, now, false);
    await insertAttachments(trx, p.id, files, now);
    return { threadId: t.id, postId: p.id, status: p.status };
  });
}

export async function replyToThread(deps: GroupDeps, actor: Actor, standing: Standing, thread: { id: string; locked: boolean }, body: string, files: readonly CheckedFile[] = []) {
  mustPost(standing);
  if (thread.locked && !standing.moderates) throw new AppError('groups.locked', { status: 409, message: 'This thread is locked: no more replies.' });
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await checkRate(trx, actor.userId, now);
    const p = await insertPost(trx, deps, actor, standing, thread.id, body, now, true);
    await insertAttachments(trx, p.id, files, now);
    if (p.status === 'visible') await trx.updateTable('group_threads').set({ last_post_at: now }).where('id', '=', thread.id).execute();
    return { postId: p.id, status: p.status };
  });
}

/** Whether a post's author may still edit it. */
export const editable = (post: { created_at: Date; status: string }, now: Date) => post.status !== 'removed' && now.getTime() - post.created_at.getTime() <= EDIT_WINDOW_MS;

/** The author edits their post within the window; the text it replaces is kept. */
export async function editPost(deps: GroupDeps, actor: Actor, postId: string, body: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const p = await trx.selectFrom('group_posts').select(['id', 'author_id', 'body', 'status', 'created_at']).where('id', '=', postId).forUpdate().executeTakeFirst();
    if (!p || p.author_id !== actor.userId) throw postNotFound();
    if (!editable(p, now))
      throw new AppError('groups.edit_window', { message: `Posts can be edited for ${EDIT_WINDOW_MS / 60_000} minutes after posting; this one can no longer be.` });
    if (p.body === body) return;
    await trx.insertInto('group_post_edits').values({ post_id: p.id, body: p.body, replaced_at: now }).execute();
    await trx.updateTable('group_posts').set({ body, edited_at: now }).where('id', '=', p.id).execute();
  });
}
