// The person's own event pages: /me/events, cancelling (confirmed first), transferring, accepting
// an offered seat, the calendar feed (its address shown once, /calendar/<secret>.ics), and the
// ticket page (/tickets/:code, its attendee only). Another person's registration is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { feedUrl, replaceCalendarFeed } from './calendar-feed.js';
import { buildCalendarFeed, buildTicketCalendarFile } from './ics.js';
import { AcceptPage, CancelClosedPage, MyEventsPage, TicketPage, TransferPage } from './me-views.js';
import { pdLog } from './pd.js';
import { cancelClosedMessage, cancelRegistration, transferRegistration, transferTerms } from './registration-cancel.js';
import { canCancelSeat, canTransferSeat } from './registration-format.js';
import { feedCreatedAt, feedEvents, feedOwner, myRegistrations, ticketOfAttendee } from './registration-queries.js';
import { acceptOffer } from './waitlist.js';

const HOUR = 3_600_000;
const idParams = z.object({ id: z.string() });
const notFound = () => new AppError('not_found', { message: 'There is no such registration among yours.', wayOn: { href: '/me/events', label: 'Go to My events' } });

export async function meEventRoutes(app: FastifyInstance) {
  const deps = app.deps;

  const mine = async (req: FastifyRequest) => {
    const { id } = idParams.parse(req.params);
    if (!z.uuid().safeParse(id).success) throw notFound();
    const [r] = await myRegistrations(deps.db, actorOf(req).userId, { id });
    if (!r) throw notFound();
    return r;
  };

  const myEvents = async (req: FastifyRequest, reply: FastifyReply, feed: string | null = null) => {
    const userId = actorOf(req).userId;
    const [registrations, createdAt, log] = await Promise.all([myRegistrations(deps.db, userId), feedCreatedAt(deps.db, userId), pdLog(deps.db, userId)]);
    const credited = new Map(log.credits.map((c) => [c.eventId, c.minutes]));
    return sendPage(reply, MyEventsPage({ ctx: await pageContext(req, reply), registrations, now: deps.clock.now(), feed: { createdAt, url: feed }, credited }));
  };

  /** A person's own registration that has ended already: to My events, saying how it ended. */
  const endedAlready = (reply: FastifyReply, r: { event: { title: string }; transferred: boolean }) => {
    setFlash(
      reply,
      r.transferred
        ? `Your ticket for ${r.event.title} was already transferred; we emailed you both when it was.`
        : `Your registration for ${r.event.title} is already cancelled: there is nothing more to do.`,
    );
    return reply.redirect('/me/events', 303);
  };

  app.get('/me/events', { config: { access: access.signedIn() } }, (req, reply) => myEvents(req, reply));

  app.post('/me/events/calendar-feed', { config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const secret = await replaceCalendarFeed(deps, { userId: actorOf(req).userId, requestId: req.id });
    // Shown once, on this answer: only the secret's hash is kept.
    reply.header('cache-control', 'no-store');
    return myEvents(req, reply, feedUrl(deps, secret));
  });

  app.get('/me/events/:id/cancel', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    // Theirs, already ended (the back button, an old link, a second tab): My events says so.
    if (r.status === 'cancelled') return endedAlready(reply, r);
    if (r.status === 'registered' && deps.clock.now().getTime() > r.event.startsAt.getTime() - r.event.cancelHoursBefore * HOUR) {
      // Too late: say so, and whom to write to, instead of a button that can only fail.
      const contact = (await deps.association.get()).contact_email;
      return sendPage(
        reply,
        CancelClosedPage({ ctx: await pageContext(req, reply), r, message: cancelClosedMessage({ cancel_hours_before: r.event.cancelHoursBefore }, contact) }),
      );
    }
    const lead =
      r.status === 'registered'
        ? `Your seat is freed for someone else: the first person on the waitlist, if anyone is waiting. ${r.priceCents > 0 ? 'What you owe for it is cancelled; what you already paid is refunded.' : ''}`
        : 'You leave the waitlist; nothing was charged.';
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Cancel your registration for ${r.event.title}?`,
        lead,
        action: `/me/events/${r.id}/cancel`,
        // the button says what it does, and the way back is not a second "Cancel"
        ...(r.status === 'registered'
          ? { button: 'Yes, cancel my seat', stay: 'Keep my seat' }
          : r.status === 'offered'
            ? { button: 'Yes, turn down the seat', stay: 'Keep the offer' }
            : { button: 'Yes, leave the waitlist', stay: 'Stay on the waitlist' }),
        back: { href: '/me/events', label: 'Back to my events' },
      }),
    );
  });

  app.post('/me/events/:id/cancel', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    // A second press (or a second tab) finds it done: the same page as the first, not an error.
    const done = () => {
      setFlash(reply, `Your registration for ${r.event.title} is cancelled.`);
      return reply.redirect('/me/events', 303);
    };
    if (r.status === 'cancelled') return done();
    try {
      const { money } = await cancelRegistration(deps, { registrationId: r.id, userId: actorOf(req).userId, requestId: req.id });
      setFlash(reply, `Your registration for ${r.event.title} is cancelled. ${money}`);
      return reply.redirect('/me/events', 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'events.already_cancelled') return done();
      if (err instanceof AppError && err.code === 'events.cancel_closed')
        return sendPage(reply, CancelClosedPage({ ctx: await pageContext(req, reply), r, message: err.message }), 409);
      throw err;
    }
  });

  // Said on the transfer page before anything is sent: to whom the seat may go.
  const onlyMembers = async (registrationId: string) => {
    const terms = await transferTerms(deps.db, registrationId);
    return terms.kind === 'anyone' ? null : terms.lead;
  };

  app.get('/me/events/:id/transfer', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    if (r.status === 'cancelled') return endedAlready(reply, r);
    if (r.status !== 'registered') throw notFound();
    return sendPage(reply, TransferPage({ ctx: await pageContext(req, reply), r, onlyMembers: await onlyMembers(r.id) }));
  });

  app.post('/me/events/:id/transfer', { config: { access: access.signedIn(), rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const r = await mine(req);
    const values = formValues(req.body ?? {});
    const email = z
      .email()
      .max(254)
      .safeParse((values.email ?? '').trim());
    const again = async (errors: Record<string, string> | undefined, message: string | undefined, status: number) =>
      sendPage(reply, TransferPage({ ctx: await pageContext(req, reply), r, onlyMembers: await onlyMembers(r.id), values, errors, message }), status);
    // A second press (or a second tab) finds the ticket given away: My events, saying so, not a 409.
    if (r.transferred) {
      setFlash(reply, `Your ticket for ${r.event.title} was already transferred; we emailed you both when it was.`);
      return reply.redirect('/me/events', 303);
    }
    if (!email.success) return again({ email: 'Enter an email address like name@example.org.' }, undefined, 400);
    try {
      const done = await transferRegistration(deps, { registrationId: r.id, userId: actorOf(req).userId, toEmail: email.data, requestId: req.id });
      setFlash(reply, `Your ticket for ${r.event.title} now belongs to ${done.toName}. We emailed you both.`);
      return reply.redirect('/me/events', 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.code !== 'not_found') return again(err.fields, err.fields ? undefined : err.message, err.fields ? 400 : err.status);
      throw err;
    }
  });

  app.get('/me/events/:id/accept', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    return sendPage(reply, AcceptPage({ ctx: await pageContext(req, reply), r, now: deps.clock.now() }));
  });

  app.post('/me/events/:id/accept', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    try {
      const { invoice } = await acceptOffer(deps, { registrationId: r.id, userId: actorOf(req).userId, requestId: req.id });
      setFlash(
        reply,
        invoice ? `The seat is yours. Pay invoice ${invoice.number} to confirm it.` : 'The seat is yours. Your confirmation, with a calendar invitation, is in your email.',
      );
      return reply.redirect('/me/events', 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 409)
        return sendPage(reply, AcceptPage({ ctx: await pageContext(req, reply), r, now: deps.clock.now(), message: err.message }), 409);
      throw err;
    }
  });

  app.get('/tickets/:code', { config: { access: access.signedIn() } }, async (req, reply) => {
    const { code } = z.object({ code: z.string() }).parse(req.params);
    const t = /^[A-Za-z0-9_-]{10,64}$/.test(code) ? await ticketOfAttendee(deps.db, code, actorOf(req).userId) : undefined;
    if (!t) throw new AppError('not_found', { message: 'There is no such ticket among yours.' });
    const qr = await QRCode.toDataURL(`${deps.config.publicUrl}/staff/check-in/${t.ticket_code}`, { margin: 1, width: 240 });
    // What the owner may still do with the seat: the same rules as My events' row.
    const seat = { status: t.status, event: { startsAt: t.starts_at, cancelHoursBefore: t.cancel_hours_before, transfersAllowed: t.transfers_allowed } };
    const now = deps.clock.now();
    return sendPage(reply, TicketPage({ ctx: await pageContext(req, reply), t, qr, can: { cancel: canCancelSeat(seat, now), transfer: canTransferSeat(seat, now) } }));
  });

  // "Add to calendar" from the ticket page: the seat's event as an .ics file, for its registrant only.
  app.get('/me/events/:id/calendar.ics', { config: { access: access.signedIn() } }, async (req, reply) => {
    const r = await mine(req);
    const t = r.status === 'registered' ? await ticketOfAttendee(deps.db, r.ticketCode, actorOf(req).userId) : undefined;
    if (!t) throw new AppError('not_found', { message: 'This registration holds no seat, so there is no event to add to a calendar.' });
    const body = buildTicketCalendarFile({
      event: t,
      registrationId: t.id,
      ticketUrl: `${deps.config.publicUrl}/tickets/${t.ticket_code}`,
      // as on the ticket page: the join link once the seat is not waiting for its invoice
      withJoinLink: t.order_status !== 'pending',
    });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${t.slug.replace(/[^a-z0-9-]/g, '-')}.ics"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });

  // The feed is read by calendar apps, without a session: its secret is the proof.
  app.get('/calendar/:file', { config: { access: access.public() } }, async (req, reply) => {
    const { file } = z.object({ file: z.string() }).parse(req.params);
    const m = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file);
    const userId = m?.[1] ? await feedOwner(deps.db, m[1]) : null;
    if (!userId) throw new AppError('not_found', { message: 'There is no such calendar.' });
    const rows = await feedEvents(deps.db, userId);
    const association = await deps.association.get();
    const body = buildCalendarFeed(
      `${association.short_name || association.name}: my events`,
      rows.map((r) => ({ registrationId: r.id, event: r, ticketUrl: `${deps.config.publicUrl}/tickets/${r.ticket_code}` })),
    );
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });
}
