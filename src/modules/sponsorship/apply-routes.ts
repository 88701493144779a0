// The application form, in its own plugin scope (the only one of the module that accepts multipart
// bodies, for the logo): rate limited per client like the partners inquiry, with a honeypot; a
// failed form answers the page again with its messages (400, or 413 for a logo too large).
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import { today as todayIn } from '../../lib/today.js';
import { readMultipartForm, registerUploads } from '../../lib/uploads.js';
import { pageContext } from '../../web/context.js';
import { fieldErrorsOf, HONEYPOT_FIELD, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { MAX_LOGO_BYTES, prepareLogo } from './logo.js';
import { openPackages } from './queries.js';
import { applicationForm } from './schemas.js';
import { startApplication } from './service.js';
import { ApplyPage, CheckEmailPage } from './views.js';

export async function applyRoutes(app: FastifyInstance) {
  await registerUploads(app, { maxFileBytes: MAX_LOGO_BYTES, maxFiles: 1 });
  const deps = app.deps;

  app.get<{ Querystring: { package?: string } }>('/partners/sponsorship/apply', { config: { access: access.public() } }, async (req, reply) =>
    sendPage(
      reply,
      ApplyPage({ ctx: await pageContext(req, reply), packages: await openPackages(deps.db, await todayIn(deps)), values: { packageId: String(req.query.package ?? '') } }),
    ),
  );

  app.post('/partners/sponsorship/apply', { config: { access: access.public(), rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const form = await readMultipartForm(req);
    const again = async (errors: Record<string, string>, status = 400) =>
      sendPage(reply, ApplyPage({ ctx: await pageContext(req, reply), packages: await openPackages(deps.db, await todayIn(deps)), values: form.fields, errors }), status);
    if ((form.fields[HONEYPOT_FIELD] ?? '') !== '') return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: form.fields.email ?? '' }));
    const parsed = parseForm(applicationForm, form.fields);
    const upload = form.files.find((f) => f.field === 'logo');
    const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    if (form.tooManyFiles) errors.logo = 'Upload one logo.';
    let logo = null;
    if (!upload && !errors.logo) errors.logo = 'Upload your logo, a PNG or JPEG image.';
    else if (upload && !errors.logo) {
      const prepared = await prepareLogo(upload);
      if (prepared.ok) logo = prepared.logo;
      else errors.logo = prepared.message;
    }
    if (!parsed.ok || !logo || Object.keys(errors).length) return again(errors, upload?.tooLarge ? 413 : 400);
    try {
      await startApplication(deps, parsed.data, logo);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return again(fields, 409);
      throw err;
    }
    return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: parsed.data.email }));
  });
}
