// Partnerships staff's routes (role `partnerships`; staff admins pass too): the packages and the
// applications, a new package, one package (change, close), one application (accept, decline,
// withdraw once accepted).
// A failed form answers its page again with the messages (400); a refusal — sold out, decided
// already, closed already — answers 409 with the reason, and changes nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors, type Refusal, refusalOf } from '../../lib/errors.js';
import { usAddressForm } from '../../lib/us-address.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { eventChoices } from '../events/index.js';
import { correctBillingAddress } from './address.js';
import { applicationById, packageById, staffApplications, staffPackages } from './queries.js';
import { declineForm, packageForm, withdrawForm } from './schemas.js';
import { acceptApplication, closePackage, createPackage, declineApplication, updatePackage } from './service.js';
import { applicationNotFound, packageNotFound } from './shared.js';
import { ApplicationPage, NewPackagePage, PackagePage, StaffHomePage } from './staff-views.js';
import { withdrawSponsor } from './withdraw.js';

export const sponsorshipStaff = () => access.staff('partnerships');

/** The banner's title for a refusal that is not a repeat (a repeat's own is "Already done"). */
const REFUSED = 'That could not be done';

export async function sponsorshipStaffRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const config = { access: sponsorshipStaff() };
  const events = () => eventChoices(deps.db, deps.clock.now());

  app.get('/staff/sponsorship', { config }, async (req, reply) =>
    sendPage(reply, StaffHomePage({ ctx: await pageContext(req, reply), packages: await staffPackages(deps.db), applications: await staffApplications(deps.db) })),
  );

  app.get('/staff/sponsorship/packages/new', { config }, async (req, reply) => sendPage(reply, NewPackagePage({ ctx: await pageContext(req, reply), events: await events() })));

  app.post('/staff/sponsorship/packages/new', { config }, async (req, reply) => {
    const form = parseForm(packageForm, req.body);
    const again = async (errors: FieldErrors) =>
      sendPage(reply, NewPackagePage({ ctx: await pageContext(req, reply), events: await events(), values: formValues(req.body), errors }), 400);
    if (!form.ok) return again(form.errors);
    try {
      const id = await createPackage(deps, actorOf(req), form.data);
      setFlash(reply, 'The package is added and open to applications.');
      return reply.redirect(`/staff/sponsorship/packages/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return again(fields);
      throw err;
    }
  });

  async function sendPackage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: { values?: Record<string, string>; errors?: FieldErrors; refused?: Refusal; status?: number } = {},
  ) {
    const pkg = isUuid(id) ? await packageById(deps.db, id) : undefined;
    if (!pkg) throw packageNotFound();
    const page = PackagePage({ ctx: await pageContext(req, reply), pkg, events: await events(), applications: await staffApplications(deps.db, { packageId: id }), ...o });
    return sendPage(reply, page, o.status ?? 200);
  }

  app.get<{ Params: { id: string } }>('/staff/sponsorship/packages/:id', { config }, (req, reply) => sendPackage(req, reply, req.params.id));

  app.post<{ Params: { id: string } }>('/staff/sponsorship/packages/:id', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw packageNotFound();
    const form = parseForm(packageForm, req.body);
    if (!form.ok) return sendPackage(req, reply, id, { values: form.values, errors: form.errors, status: 400 });
    try {
      await updatePackage(deps, actorOf(req), id, form.data);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return sendPackage(req, reply, id, { values: formValues(req.body), errors: fields, status: 400 });
      throw err;
    }
    setFlash(reply, 'The package is saved.');
    return reply.redirect(`/staff/sponsorship/packages/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/sponsorship/packages/:id/close', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw packageNotFound();
    try {
      await closePackage(deps, actorOf(req), id);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendPackage(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    setFlash(reply, 'The package is closed to new applications.');
    return reply.redirect(`/staff/sponsorship/packages/${id}`, 303);
  });

  async function sendApplication(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: { reason?: string; error?: string; withdrawError?: string; refused?: Refusal; address?: { values: Record<string, string>; errors: FieldErrors }; status?: number } = {},
  ) {
    const a = isUuid(id) ? await applicationById(deps.db, id) : undefined;
    if (!a) throw applicationNotFound();
    return sendPage(reply, ApplicationPage({ ctx: await pageContext(req, reply), a, ...o }), o.status ?? 200);
  }

  app.get<{ Params: { id: string } }>('/staff/sponsorship/applications/:id', { config }, (req, reply) => sendApplication(req, reply, req.params.id));

  app.post<{ Params: { id: string } }>('/staff/sponsorship/applications/:id/accept', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw applicationNotFound();
    try {
      const r = await acceptApplication(deps, actorOf(req), id);
      setFlash(reply, `Accepted; invoice ${r.invoiceNumber ?? ''} is sent to the company.`);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendApplication(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    return reply.redirect(`/staff/sponsorship/applications/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/sponsorship/applications/:id/decline', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw applicationNotFound();
    const form = parseForm(declineForm, req.body);
    if (!form.ok) return sendApplication(req, reply, id, { reason: form.values.reason, error: form.errors.reason, status: 400 });
    try {
      await declineApplication(deps, actorOf(req), id, form.data.reason);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendApplication(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    setFlash(reply, 'Declined; the company is told why.');
    return reply.redirect(`/staff/sponsorship/applications/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/sponsorship/applications/:id/address', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw applicationNotFound();
    const form = parseForm(usAddressForm, req.body);
    if (!form.ok) return sendApplication(req, reply, id, { address: { values: form.values, errors: form.errors }, status: 400 });
    try {
      const r = await correctBillingAddress(deps, actorOf(req), id, form.data);
      const invoice =
        r.invoice === 'corrected'
          ? ' Its open invoice now prints it, on its page and in its PDF.'
          : r.invoice === 'kept'
            ? ' Its invoice is paid or void, so it keeps the address it was issued with.'
            : '';
      setFlash(reply, r.changed || r.invoice === 'corrected' ? `The billing address is saved.${invoice}` : 'The billing address was already this one: nothing changed.');
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendApplication(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    return reply.redirect(`/staff/sponsorship/applications/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/sponsorship/applications/:id/withdraw', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw applicationNotFound();
    const form = parseForm(withdrawForm, req.body);
    if (!form.ok) return sendApplication(req, reply, id, { reason: form.values.reason, withdrawError: form.errors.reason, status: 400 });
    try {
      await withdrawSponsor(deps, actorOf(req), id, form.data.reason);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendApplication(req, reply, id, { refused: refusalOf(err, REFUSED), status: 409 });
      throw err;
    }
    setFlash(reply, 'Withdrawn; its invoice is void, its place is free again, and the company is told why.');
    return reply.redirect(`/staff/sponsorship/applications/${id}`, 303);
  });
}
