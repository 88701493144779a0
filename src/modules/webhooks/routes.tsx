// Staff admins' webhook routes (role admin only): the endpoints, a new one, one endpoint (change,
// turn off and on, delete, send a test event, rotate the secret), its delivery log, one delivery
// and its resend button.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { deliveriesOf, deliveryDetail, endpointById, listEndpoints } from './queries.js';
import { endpointForm, eventTypesOf } from './schemas.js';
import { createEndpoint, deleteEndpoint, resendDelivery, rotateSecret, sendTestEvent, setEndpointEnabled, updateEndpoint } from './service.js';
import { DeliveryPage, EndpointPage, EndpointsPage, NewEndpointPage } from './views.js';

/** The Resend button's confirmation: what the receiver answered, or why it could not be reached. */
function resentWords(sent: { ok: boolean; statusCode: number | null; error: string }): string {
  if (sent.ok) return `Resent: the receiver accepted it (it answered ${sent.statusCode}).`;
  if (sent.statusCode !== null) return `Resent, but the receiver did not accept it: it answered ${sent.statusCode}. Check the receiving system, then resend.`;
  return `Resent, but the receiver could not be reached (${sent.error || 'no answer'}). Check the address and that the receiving system is running, then resend.`;
}

const notFound = () => new AppError('not_found', { message: 'There is no such webhook endpoint.' });

/** The form's hidden key (`formKey`), made when the page was: absent from an older page (nothing
 * to compare), refused when it is not one we make. */
function formKeyOf(body: unknown): string | undefined {
  const key = formValues(body).formKey;
  if (key === undefined || key === '') return undefined;
  if (!isUuid(key)) throw new AppError('validation_failed', { status: 400, message: 'This form’s hidden key is not one this site made. Reload the page and send the form again.' });
  return key;
}

export async function webhooksRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const config = { access: access.staff('admin') };

  /** The form's fields and event types, or its messages. */
  function readForm(body: unknown) {
    const form = parseForm(endpointForm, body);
    const events = eventTypesOf(body);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (events.error) errors.events = events.error;
    return { form, events, errors, values: formValues(body) };
  }

  async function endpointPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { secret?: string; rotated?: boolean; replayed?: 'created' | 'rotated'; values?: Record<string, string>; chosen?: string[]; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const endpoint = isUuid(id) ? await endpointById(deps.db, id) : undefined;
    if (!endpoint) throw notFound();
    return sendPage(reply, EndpointPage({ ctx: await pageContext(req, reply), endpoint, deliveries: await deliveriesOf(deps.db, id), now: deps.clock.now(), ...extra }), status);
  }

  app.get('/staff/webhooks', { config }, async (req, reply) => sendPage(reply, EndpointsPage({ ctx: await pageContext(req, reply), rows: await listEndpoints(deps.db) })));

  app.get('/staff/webhooks/new', { config }, async (req, reply) => sendPage(reply, NewEndpointPage({ ctx: await pageContext(req, reply) })));

  app.post('/staff/webhooks/new', { config }, async (req, reply) => {
    const formKey = formKeyOf(req.body);
    const { form, events, errors, values } = readForm(req.body);
    const again = async (errs: FieldErrors) => sendPage(reply, NewEndpointPage({ ctx: await pageContext(req, reply), values, chosen: events.types, errors: errs }), 400);
    if (!form.ok || events.error) return again(errors);
    try {
      const created = await createEndpoint(deps, actorOf(req), { url: form.data.url, description: form.data.description, eventTypes: events.types }, formKey);
      if (created.replayed) return endpointPage(req, reply, created.id, { replayed: 'created' });
      return endpointPage(req, reply, created.id, { secret: created.secret }, 201);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return again(fields);
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/staff/webhooks/:id', { config }, (req, reply) => endpointPage(req, reply, req.params.id));

  app.post<{ Params: { id: string } }>('/staff/webhooks/:id', { config }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw notFound();
    const { form, events, errors, values } = readForm(req.body);
    if (!form.ok || events.error) return endpointPage(req, reply, id, { values, chosen: events.types, errors }, 400);
    try {
      await updateEndpoint(deps, actorOf(req), id, { url: form.data.url, description: form.data.description, eventTypes: events.types });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return endpointPage(req, reply, id, { values, chosen: events.types, errors: fields }, 400);
      throw err;
    }
    setFlash(reply, 'The endpoint is saved.');
    return reply.redirect(`/staff/webhooks/${id}`, 303);
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/staff/webhooks/:id/${action}`, { config }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw notFound();
      await setEndpointEnabled(deps, actorOf(req), req.params.id, enabled);
      setFlash(reply, enabled ? 'The endpoint is on; deliveries waiting for it resume.' : 'The endpoint is off: nothing is sent to it.');
      return reply.redirect(`/staff/webhooks/${req.params.id}`, 303);
    });
  }

  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/delete', { config }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    await deleteEndpoint(deps, actorOf(req), req.params.id);
    setFlash(reply, 'The endpoint is deleted.');
    return reply.redirect('/staff/webhooks', 303);
  });

  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/test', { config }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const sent = await sendTestEvent(deps, actorOf(req), req.params.id);
    const answer = sent.statusCode === null ? sent.error || 'no answer' : `answered ${sent.statusCode}`;
    setFlash(
      reply,
      sent.ok
        ? `Test event sent (${sent.messageId}): the receiver ${answer}.`
        : `Test event sent (${sent.messageId}), but the receiver did not accept it: ${sent.statusCode === null ? answer : `it ${answer}`}.`,
    );
    return reply.redirect(`/staff/webhooks/${req.params.id}`, 303);
  });

  // The new secret is shown in the answer, once (like a new endpoint's).
  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/rotate-secret', { config }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const rotated = await rotateSecret(deps, actorOf(req), req.params.id, formKeyOf(req.body));
    if (rotated.replayed) return endpointPage(req, reply, req.params.id, { replayed: 'rotated' });
    return endpointPage(req, reply, req.params.id, { secret: rotated.secret, rotated: true });
  });

  async function deliveryPage(req: FastifyRequest, reply: FastifyReply, id: string, deliveryId: string, refused?: string, status = 200) {
    const endpoint = isUuid(id) ? await endpointById(deps.db, id) : undefined;
    const delivery = endpoint && isUuid(deliveryId) ? await deliveryDetail(deps.db, id, deliveryId) : undefined;
    if (!endpoint || !delivery) throw new AppError('not_found', { message: 'There is no such delivery.' });
    return sendPage(reply, DeliveryPage({ ctx: await pageContext(req, reply), endpoint, delivery, refused }), status);
  }

  app.get<{ Params: { id: string; deliveryId: string } }>('/staff/webhooks/:id/deliveries/:deliveryId', { config }, (req, reply) =>
    deliveryPage(req, reply, req.params.id, req.params.deliveryId),
  );

  app.post<{ Params: { id: string; deliveryId: string } }>('/staff/webhooks/:id/deliveries/:deliveryId/resend', { config }, async (req, reply) => {
    const { id, deliveryId } = req.params;
    if (!isUuid(id) || !isUuid(deliveryId)) throw new AppError('not_found', { message: 'There is no such delivery.' });
    try {
      const sent = await resendDelivery(deps, actorOf(req), id, deliveryId);
      setFlash(reply, resentWords(sent));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return deliveryPage(req, reply, id, deliveryId, err.message, 409);
      throw err;
    }
    return reply.redirect(`/staff/webhooks/${id}/deliveries/${deliveryId}`, 303);
  });
}
