// Profile routes (I3): the member's own form at /me with its photo forms, and /people/:id with
// its photo, shown as the viewer may see them. Routes are thin: parse, call, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { currentHolders } from '../credentialing/index.js';
import { PersonPage, ProfileEditPage, profileValues } from './profile-views.js';
import { loadOwnProfile, PHOTO_MAX_BYTES, photoFor, removePhoto, savePhoto, saveProfile, viewProfile } from './profiles.js';
import { POSITION_ROWS_MAX, parsePositions, profileForm } from './schemas.js';
import { viewerOf } from './visibility.js';

/** Any string: a malformed id is a 404 like an unknown one, never a 400 that says it is malformed. */
const personParams = z.object({ id: z.string().max(100) });
/** Blank rows offered for new positions under the existing ones. */
const BLANK_ROWS = 2;

const rowsFor = (positions: number, values?: Record<string, string>) => {
  let used = positions;
  if (values)
    for (let i = 0; i < POSITION_ROWS_MAX; i++) if (Object.keys(values).some((k) => k.startsWith('pos_') && k.endsWith(`_${i}`) && values[k])) used = Math.max(used, i + 1);
  return Math.min(POSITION_ROWS_MAX, used + BLANK_ROWS);
};

export async function memberProfileRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  // The photo form is multipart; only this plugin's routes accept such bodies.
  await registerUploads(app, { maxFileBytes: PHOTO_MAX_BYTES, maxFiles: 1 });

  const userIdOf = (req: FastifyRequest) => {
    const id = req.principal?.userId;
    if (!id) throw new AppError('unauthenticated');
    return id;
  };

  async function editPage(req: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; errors?: FieldErrors; photoError?: string } = {}) {
    const profile = await loadOwnProfile(deps.db, userIdOf(req));
    if (!profile) throw new AppError('not_found');
    const values = opts.values ?? profileValues(profile);
    const failed = !!(opts.errors || opts.photoError);
    const ctx = await pageContext(req, reply);
    // What other modules show above the form (onboarding's "Get started"), not after a failed save.
    const viewer = req.principal;
    const facts = { details: !!(profile.title && profile.employerName && (profile.bio || profile.expertise.length)), photo: profile.hasPhoto };
    const start = failed || !viewer ? [] : await Promise.all(deps.slots.personStart.map((part) => part({ deps, viewer, page: ctx, profile: facts })));
    return sendPage(
      reply,
      ProfileEditPage({
        ctx,
        start: start.filter((v) => v !== null),
        profile,
        values,
        rows: rowsFor(profile.positions.length, opts.values),
        errors: opts.errors,
        photoError: opts.photoError,
      }),
      failed ? 400 : 200,
    );
  }

  app.get('/me', { config: { access: access.signedIn() } }, (req, reply) => editPage(req, reply));

  app.post('/me', { config: { access: access.signedIn() } }, async (req, reply) => {
    const userId = userIdOf(req);
    const values = formValues(req.body);
    const parsed = profileForm.safeParse(values);
    const { positions, errors: positionErrors } = parsePositions(values, deps.clock.now().getUTCFullYear());
    const errors: FieldErrors = { ...positionErrors };
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    if (!parsed.success || Object.keys(errors).length) return editPage(req, reply, { values, errors });
    try {
      await saveProfile(deps, { userId, actorUserId: userId, requestId: req.id, form: parsed.data, positions });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return editPage(req, reply, { values, errors: fields });
    }
    setFlash(reply, 'Your profile is saved.');
    return reply.redirect('/me', 303);
  });

  app.post('/me/photo', { config: { access: access.signedIn() } }, async (req, reply) => {
    const userId = userIdOf(req);
    const form = await readMultipartForm(req);
    const file = form.files.find((f) => f.field === 'photo');
    if (form.tooManyFiles) return editPage(req, reply, { photoError: 'Choose one image.' });
    if (!file) return editPage(req, reply, { photoError: 'Choose an image file to upload.' });
    try {
      await savePhoto(deps, { userId, bytes: file.bytes, tooLarge: file.tooLarge, requestId: req.id });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return editPage(req, reply, { photoError: fields.photo ?? Object.values(fields)[0] });
    }
    setFlash(reply, 'Your photo is saved.');
    return reply.redirect('/me', 303);
  });

  app.get('/me/photo/delete', { config: { access: access.signedIn() } }, async (req, reply) => {
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: 'Remove your photo?',
        lead: 'It leaves your profile page and Who’s Who at once. You can upload another at any time.',
        action: '/me/photo/delete',
        button: 'Remove the photo',
        back: { href: '/me', label: 'Back to your profile' },
      }),
    );
  });

  app.post('/me/photo/delete', { config: { access: access.signedIn() } }, async (req, reply) => {
    await removePhoto(deps, { userId: userIdOf(req), requestId: req.id });
    setFlash(reply, 'Your photo is removed.');
    return reply.redirect('/me', 303);
  });

  app.get('/people/:id', { config: { access: access.public() }, schema: { params: personParams } }, async (req, reply) => {
    const id = req.params.id;
    const person = isUuid(id) ? await viewProfile(deps.db, id, viewerOf(req.principal)) : null;
    if (!person) throw new AppError('not_found', { message: 'There is no member profile at this address.' });
    const credentialed = (await currentHolders(deps.db, [person.userId])).has(person.userId);
    return sendPage(reply, PersonPage({ ctx: await pageContext(req, reply), person, credentialed }));
  });

  app.get('/people/:id/photo', { config: { access: access.public() }, schema: { params: personParams } }, async (req, reply) => {
    const id = req.params.id;
    const photo = isUuid(id) ? await photoFor(deps.db, id, viewerOf(req.principal)) : null;
    if (!photo) throw new AppError('not_found');
    return reply
      .type(photo.type)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="photo.${photo.type.slice(6)}"`)
      .send(Buffer.from(photo.bytes));
  });
}
