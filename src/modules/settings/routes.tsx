// Settings pages and API: the association's profile and the settings that run it, for staff
// admins; its logo and brand colours for every page; its W-9 for staff.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Association } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { logoUrlOf, type PageContext, pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { themeCss } from './colour.js';
import { associationFileInfo, checkLogo, checkW9, currentAssociationFile, type FileKind, removeAssociationFile, saveAssociationFile, W9_MAX_BYTES } from './files.js';
import { advisorChoices, operationsSettings, updateOperations } from './operations.js';
import { associationProfile, associationSaved, updateAssociationProfile } from './service.js';
import { MembershipTermsPage, membershipYearText, SettingsPage } from './views.js';

const publicAssociation = z.object({
  name: z.string(),
  shortName: z.string(),
  contactEmail: z.string(),
  phone: z.string(),
  address: z.string(),
  website: z.string(),
  foundedYear: z.number(),
  membershipYear: z.object({ terms: z.enum(['anniversary', 'calendar']), startMonth: z.number(), description: z.string() }),
  logoUrl: z.string().nullable(),
  brandColour: z.string().nullable(),
});
const present = (a: Association, base: string, logo = logoUrlOf(a)) => ({
  name: a.name,
  shortName: a.short_name,
  contactEmail: a.contact_email,
  phone: a.phone,
  address: a.address,
  website: a.website,
  foundedYear: a.founded_year,
  membershipYear: { terms: a.term_model, startMonth: a.membership_year_start_month, description: membershipYearText(a) },
  logoUrl: logo === null ? null : `${base}${logo}`,
  brandColour: a.brand_colour,
});

// The settings that run the association, as staff admins read and replace them through the API
// (the account number in full: it is printed on every invoice).
const operationsAnswer = z.object({
  brand_colour: z.string().nullable(),
  remit_check_payee: z.string(),
  remit_check_address: z.string(),
  remit_ach_bank: z.string(),
  remit_ach_routing: z.string(),
  remit_ach_account: z.string(),
  w9_attach_to_invoices: z.boolean(),
  default_advisor_user_id: z.string().nullable(),
  email_signature: z.string(),
  membership_terms: z.string(),
});
const presentOperations = (a: Association): z.output<typeof operationsAnswer> => ({
  brand_colour: a.brand_colour,
  remit_check_payee: a.remit_check_payee,
  remit_check_address: a.remit_check_address,
  remit_ach_bank: a.remit_ach_bank,
  remit_ach_routing: a.remit_ach_routing,
  remit_ach_account: a.remit_ach_account,
  w9_attach_to_invoices: a.w9_attach_to_invoices,
  default_advisor_user_id: a.default_advisor_user_id,
  email_signature: a.email_signature,
  membership_terms: a.membership_terms,
});

const actorOf = (req: FastifyRequest) => {
  const id = req.principal?.userId;
  if (!id) throw new AppError('unauthenticated');
  return id;
};

export async function settingsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  async function page(req: FastifyRequest, reply: FastifyReply, opts: { profile?: Record<string, string>; operations?: Record<string, string>; errors?: FieldErrors } = {}) {
    const ctx: PageContext = await pageContext(req, reply);
    const [association, saved, advisors, logo, w9] = await Promise.all([
      deps.association.get(),
      associationSaved(deps.db),
      advisorChoices(deps.db),
      associationFileInfo(deps.db, 'logo'),
      associationFileInfo(deps.db, 'w9'),
    ]);
    return sendPage(reply, SettingsPage({ ctx, association, saved, advisors, logo, w9, ...opts }), opts.errors ? 400 : 200);
  }

  app.get('/staff/settings', { config: { access: access.staff('admin') } }, (req, reply) => page(req, reply));

  app.post('/staff/settings', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const form = parseForm(associationProfile.strip(), req.body);
    if (!form.ok) return page(req, reply, { profile: form.values, errors: form.errors });
    await updateAssociationProfile(deps, { actorUserId: actorOf(req), profile: form.data, requestId: req.id });
    setFlash(reply, 'Settings saved.');
    return reply.redirect('/staff/settings', 303);
  });

  app.post('/staff/settings/operations', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const values = formValues(req.body);
    const form = parseForm(operationsSettings, { ...values, w9_attach_to_invoices: values.w9_attach_to_invoices ?? '' });
    if (!form.ok) return page(req, reply, { operations: form.values, errors: form.errors });
    try {
      await updateOperations(deps, { actorUserId: actorOf(req), settings: form.data, requestId: req.id });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return page(req, reply, { operations: values, errors: fields });
    }
    setFlash(reply, 'Settings saved.');
    return reply.redirect('/staff/settings#running', 303);
  });

  // The logo and the W-9 are uploaded as multipart forms: only this scope accepts such bodies.
  await app.register(async (files) => {
    await registerUploads(files, { maxFileBytes: W9_MAX_BYTES, maxFiles: 1 });
    const upload = (kind: FileKind) => async (req: FastifyRequest, reply: FastifyReply) => {
      const form = await readMultipartForm(req);
      const file = form.files.find((f) => f.field === kind);
      const what = kind === 'logo' ? 'a PNG or JPEG image' : 'the W-9 as a PDF';
      if (form.tooManyFiles) return page(req, reply, { errors: { [kind]: 'Choose one file.' } });
      if (!file) return page(req, reply, { errors: { [kind]: `Choose ${what} to upload.` } });
      try {
        const checked = kind === 'logo' ? await checkLogo(file) : await checkW9(file);
        await saveAssociationFile(deps, { kind, file: checked, actorUserId: actorOf(req), requestId: req.id });
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        return page(req, reply, { errors: fields });
      }
      setFlash(reply, kind === 'logo' ? 'The logo is saved.' : 'The W-9 is saved.');
      return reply.redirect(`/staff/settings#${kind}-title`, 303);
    };
    files.post('/staff/settings/logo', { config: { access: access.staff('admin') } }, upload('logo'));
    files.post('/staff/settings/w9', { config: { access: access.staff('admin') } }, upload('w9'));
  });

  for (const kind of ['logo', 'w9'] as const) {
    const what = kind === 'logo' ? 'the logo' : 'the W-9';
    // the confirmation step (the danger link on the settings page leads here)
    app.get(`/staff/settings/${kind}/remove`, { config: { access: access.staff('admin') } }, async (req, reply) => {
      return sendPage(
        reply,
        ConfirmPage({
          ctx: await pageContext(req, reply),
          title: `Remove ${what}?`,
          lead:
            kind === 'logo'
              ? 'The association’s name takes its place on every page, invoice and email at once. You can upload a logo again at any time.'
              : 'Invoice emails stop attaching it, and members can no longer download it from their invoices. You can upload a W-9 again at any time.',
          action: `/staff/settings/${kind}/remove`,
          button: `Remove ${what}`,
          back: { href: `/staff/settings#${kind}-title`, label: 'Back to settings' },
        }),
      );
    });
    app.post(`/staff/settings/${kind}/remove`, { config: { access: access.staff('admin') } }, async (req, reply) => {
      const removed = await removeAssociationFile(deps, { kind, actorUserId: actorOf(req), requestId: req.id });
      setFlash(reply, removed ? (kind === 'logo' ? 'The logo is removed.' : 'The W-9 is removed.') : 'There was nothing to remove.');
      return reply.redirect(`/staff/settings#${kind}-title`, 303);
    });
  }

  // The W-9 for any staff member (finance sends it on request); contacts of an organization get
  // it from their invoices (billing's /org/invoices/:id/w9).
  app.get('/staff/settings/w9', { config: { access: access.staff() } }, async (_req, reply) => {
    const f = await currentAssociationFile(deps.db, 'w9');
    if (!f) throw new AppError('not_found', { message: 'There is no W-9 yet.' });
    return sendDownload(reply, f);
  });

  // The logo, shown in every page's header: an image served as what its bytes were checked to be.
  app.get('/association/logo', { config: { access: access.public() } }, async (_req, reply) => {
    const f = await currentAssociationFile(deps.db, 'logo');
    if (!f) throw new AppError('not_found', { message: 'There is no logo.' });
    return reply
      .type(f.content_type)
      .header('content-length', String(f.size_bytes))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'public, max-age=300')
      .send(Buffer.from(f.content));
  });

  // The membership terms applicants agree to (written by staff admins above), for everyone.
  app.get('/membership-terms', { config: { access: access.public() } }, async (req, reply) =>
    sendPage(reply, MembershipTermsPage({ ctx: await pageContext(req, reply), association: await deps.association.get() })),
  );

  // The brand colours as a stylesheet: the pages' content security policy allows no inline style.
  app.get('/association/theme.css', { config: { access: access.public() } }, async (_req, reply) => {
    const a = await deps.association.get();
    return reply.type('text/css; charset=utf-8').header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=300').send(themeCss(a.brand_colour));
  });

  app.get(
    '/api/v1/association',
    { config: { access: access.public() }, schema: { tags: ['settings'], summary: 'The association’s public profile', response: { 200: publicAssociation } } },
    async () => present(await deps.association.get(), deps.config.publicUrl),
  );

  app.put(
    '/api/v1/association',
    {
      config: { access: access.staff('admin') },
      schema: { tags: ['settings'], summary: 'Replace the association profile (staff admin)', body: associationProfile, response: { 200: publicAssociation } },
    },
    async (req) => present(await updateAssociationProfile(deps, { actorUserId: actorOf(req), profile: req.body, requestId: req.id }), deps.config.publicUrl),
  );

  app.get(
    '/api/v1/association/settings',
    {
      config: { access: access.staff('admin') },
      schema: {
        tags: ['settings'],
        summary: 'The settings that run the association: brand color, remittance, default advisor, signature (staff admin)',
        response: { 200: operationsAnswer },
      },
    },
    async () => presentOperations(await deps.association.get()),
  );

  app.put(
    '/api/v1/association/settings',
    {
      config: { access: access.staff('admin') },
      schema: { tags: ['settings'], summary: 'Replace the settings that run the association (staff admin)', body: operationsSettings, response: { 200: operationsAnswer } },
    },
    async (req) => presentOperations(await updateOperations(deps, { actorUserId: actorOf(req), settings: req.body, requestId: req.id })),
  );
}
