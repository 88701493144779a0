// Publishing's own routes: the images of items' text (public, cached for good: an image never
// changes under its id) and their upload by communications staff. An upload answers JSON to a
// script, and to a plain form sends the author back to their editor with the Markdown to paste.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { readMultipartForm, registerUploads } from '../../lib/uploads.js';
import { setFlash } from '../../web/context.js';
import { imageById, MAX_IMAGE_BYTES, storeImage } from './images.js';

const imageParams = z.object({ id: z.string().max(100) });
/** Where to go back to after an upload: one of our own pages, never another site. */
const safeReturn = (v: string | undefined) => (v && /^\/(?!\/)[\w\-/.?=&%]*$/.test(v) && !v.includes('..') ? v : '/staff');

export async function publishingRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/media/images/:id', { config: { access: access.public() }, schema: { params: imageParams } }, async (req, reply) => {
    const img = await imageById(deps.db, req.params.id);
    if (!img) throw new AppError('not_found', { message: 'There is no such image.' });
    return reply
      .header('content-type', img.content_type)
      .header('content-length', String(img.size_bytes))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(Buffer.from(img.content));
  });

  await app.register(async (scope) => {
    await registerUploads(scope, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: 1 });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post('/staff/publishing/images', { config: { access: access.staff('communications'), rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (req, reply) => {
      const form = await readMultipartForm(req);
      const file = form.files.find((f) => f.field === 'image');
      const wantsJson = (req.headers.accept ?? '').includes('application/json');
      const result = form.tooManyFiles
        ? ({ ok: false, field: 'file', message: 'Upload one image at a time.' } as const)
        : await storeImage(deps.db, req.principal?.userId ?? '', { bytes: file?.bytes ?? Buffer.alloc(0), tooLarge: file?.tooLarge, alt: form.fields.alt ?? '' });
      if (wantsJson) {
        if (!result.ok) return reply.code(400).send({ error: 'invalid_image', message: result.message, field: result.field });
        return reply.code(201).send({ id: result.id, url: result.url, markdown: result.markdown, width: result.width, height: result.height });
      }
      const back = safeReturn(form.fields.return_to);
      setFlash(reply, result.ok ? `Image uploaded. Paste this where it belongs in the text: ${result.markdown}` : `The image was not uploaded: ${result.message}`);
      return reply.redirect(back, 303);
    });
  });
}
