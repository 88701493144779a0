// The members-only space of a cohort (/cohorts/<slug>/space): its page, notes and files. Only a
// selected participant or programs staff get through; anyone else, signed in or not, gets the
// same 404 as for a cohort that does not exist. Multipart bodies are accepted in this scope only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf, hasStaffRole } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { checkFile, MAX_FILE_BYTES } from './files.js';
import { type Cohort, cohortBySlug, filesOf, fileWithContent, isParticipant, meetingsOf, notesOf, selectedMembers } from './queries.js';
import { fileParams, noteForm, slugParams } from './schemas.js';
import { addNote, shareFile } from './service.js';
import { SpacePage } from './space-views.js';

const notFound = () => new AppError('not_found', { message: 'There is no such cohort space.' });

export async function cohortSpaceRoutes(app0: FastifyInstance) {
  await registerUploads(app0, { maxFileBytes: MAX_FILE_BYTES, maxFiles: 1 });
  const app = app0.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const signedIn = { access: access.signedIn() };
  const posting = { access: access.signedIn(), rateLimit: { max: 60, timeWindow: '1 minute' } };

  /** The cohort, if the viewer is one of its participants or programs staff; else a 404. */
  const spaceOf = async (req: FastifyRequest, slug: string): Promise<Cohort> => {
    const c = await cohortBySlug(deps.db, slug);
    if (!c || c.kind === 'delegation') throw notFound();
    if (hasStaffRole(req.principal, 'programs')) return c;
    if (!(await isParticipant(deps.db, c.id, req.principal?.userId ?? ''))) throw notFound();
    return c;
  };

  const page = async (req: FastifyRequest, reply: FastifyReply, c: Cohort, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) => {
    const [members, meetings, notes, files] = await Promise.all([selectedMembers(deps.db, c.id), meetingsOf(deps.db, c.id), notesOf(deps.db, c.id), filesOf(deps.db, c.id)]);
    return sendPage(
      reply,
      SpacePage({ ctx: await pageContext(req, reply), cohort: c, members, meetings, notes, files, values: opts.values, errors: opts.errors }),
      opts.status ?? 200,
    );
  };

  app.get('/cohorts/:slug/space', { config: signedIn, schema: { params: slugParams } }, async (req, reply) => page(req, reply, await spaceOf(req, req.params.slug)));

  app.post('/cohorts/:slug/space/notes', { config: posting, schema: { params: slugParams } }, async (req, reply) => {
    const c = await spaceOf(req, req.params.slug);
    const parsed = parseForm(noteForm, req.body);
    if (!parsed.ok) return page(req, reply, c, { values: parsed.values, errors: parsed.errors, status: 400 });
    await addNote(deps, actorOf(req), c.id, parsed.data.body);
    setFlash(reply, 'Your note is posted.');
    return reply.redirect(`/cohorts/${c.slug}/space`, 303);
  });

  app.post('/cohorts/:slug/space/files', { config: posting, schema: { params: slugParams } }, async (req, reply) => {
    const c = await spaceOf(req, req.params.slug);
    const form = await readMultipartForm(req);
    const file = form.files.find((f) => f.field === 'file');
    if (form.tooManyFiles) return page(req, reply, c, { errors: { file: 'Share one file at a time.' }, status: 400 });
    if (!file) return page(req, reply, c, { errors: { file: 'Choose a file to share.' }, status: 400 });
    const checked = await checkFile(file);
    if (!checked.ok) return page(req, reply, c, { errors: { file: checked.message }, status: file.tooLarge ? 413 : 400 });
    await shareFile(deps, actorOf(req), c.id, checked.file);
    setFlash(reply, `${checked.file.filename} is shared with the cohort.`);
    return reply.redirect(`/cohorts/${c.slug}/space`, 303);
  });

  app.get('/cohorts/:slug/space/files/:fileId', { config: signedIn, schema: { params: fileParams } }, async (req, reply) => {
    const c = await spaceOf(req, req.params.slug);
    const f = isUuid(req.params.fileId) ? await fileWithContent(deps.db, c.id, req.params.fileId) : undefined;
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    return sendDownload(reply, f);
  });
}
