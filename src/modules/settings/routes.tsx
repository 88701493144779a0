// Settings pages and API: the association profile, for staff admins.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Association } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, Field, PostForm, Select, TextArea } from '../../web/components.js';
import { type PageContext, pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { associationProfile, updateAssociationProfile } from './service.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LABELS: Record<string, string> = {
  name: 'Name',
  short_name: 'Short name',
  contact_email: 'Contact email',
  phone: 'Phone',
  address: 'Postal address',
  website: 'Website',
  founded_year: 'Year founded',
  membership_year_start_month: 'Membership year starts in',
};

function SettingsPage(p: { ctx: PageContext; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Association settings">
      <h1>Association settings</h1>
      <p>These details appear on every page, on invoices and in email. Changes are recorded in the audit log.</p>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action="/staff/settings" csrf={p.ctx.csrf}>
        <Field name="name" label={LABELS.name ?? ''} required value={v.name} error={e.name} />
        <Field name="short_name" label={LABELS.short_name ?? ''} required value={v.short_name} error={e.short_name} hint="Used in the authenticator app and short labels." />
        <Field name="contact_email" label={LABELS.contact_email ?? ''} type="email" required value={v.contact_email} error={e.contact_email} />
        <Field name="phone" label={LABELS.phone ?? ''} type="tel" value={v.phone} error={e.phone} />
        <TextArea name="address" label={LABELS.address ?? ''} value={v.address} error={e.address} rows={3} />
        <Field name="website" label={LABELS.website ?? ''} type="url" value={v.website} error={e.website} />
        <Field name="founded_year" label={LABELS.founded_year ?? ''} inputMode="numeric" required value={v.founded_year} error={e.founded_year} />
        <Select
          name="membership_year_start_month"
          label={LABELS.membership_year_start_month ?? ''}
          required
          value={v.membership_year_start_month}
          error={e.membership_year_start_month}
          options={MONTHS.map((m, i) => ({ value: String(i + 1), label: m }))}
        />
        <button type="submit">Save settings</button>
      </PostForm>
    </Layout>
  );
}

const toValues = (a: Association): Record<string, string> => ({
  name: a.name,
  short_name: a.short_name,
  contact_email: a.contact_email,
  phone: a.phone,
  address: a.address,
  website: a.website,
  founded_year: String(a.founded_year),
  membership_year_start_month: String(a.membership_year_start_month),
});

const publicAssociation = z.object({
  name: z.string(),
  shortName: z.string(),
  contactEmail: z.string(),
  phone: z.string(),
  address: z.string(),
  website: z.string(),
  foundedYear: z.number(),
});
const present = (a: Association) => ({
  name: a.name,
  shortName: a.short_name,
  contactEmail: a.contact_email,
  phone: a.phone,
  address: a.address,
  website: a.website,
  foundedYear: a.founded_year,
});

export async function settingsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/staff/settings', { config: { access: access.staff('admin') } }, async (req, reply) => {
    return sendPage(reply, SettingsPage({ ctx: await pageContext(req, reply), values: toValues(await deps.association.get()) }));
  });

  app.post('/staff/settings', { config: { access: access.staff('admin') } }, async (req, reply) => {
    const form = parseForm(associationProfile.strip(), req.body);
    if (!form.ok) return sendPage(reply, SettingsPage({ ctx: await pageContext(req, reply), values: form.values, errors: form.errors }), 400);
    await updateAssociationProfile(deps, { actorUserId: req.principal?.userId ?? '', profile: form.data, requestId: req.id });
    setFlash(reply, 'Settings saved.');
    return reply.redirect('/staff/settings', 303);
  });

  app.get(
    '/api/v1/association',
    { config: { access: access.public() }, schema: { tags: ['settings'], summary: 'The association’s public profile', response: { 200: publicAssociation } } },
    async () => present(await deps.association.get()),
  );

  app.put(
    '/api/v1/association',
    {
      config: { access: access.staff('admin') },
      schema: { tags: ['settings'], summary: 'Replace the association profile (staff admin)', body: associationProfile, response: { 200: publicAssociation } },
    },
    async (req) => {
      const actor = req.principal;
      if (!actor) throw new AppError('unauthenticated');
      return present(await updateAssociationProfile(deps, { actorUserId: actor.userId, profile: req.body, requestId: req.id }));
    },
  );
}
