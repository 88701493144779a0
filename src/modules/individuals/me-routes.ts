// Routes of the member's own pages: /me/membership (and choosing installments for a renewal) and
// /me/transition (a confidential Members in Transition request). The pages are in me-views.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext, setFlash } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { billingSettings } from '../billing/index.js';
import { issuesToFields } from './inputs.js';
import { MyMembershipPage, TransitionPage } from './me-views.js';
import { listProofs } from './proofs.js';
import { instalmentsOf, invoicesOfMembership, membershipOfUser } from './queries.js';
import { chooseInstalments, MY_FIRST_INVOICE_PATH } from './service.js';
import { hasWaivableMembership, myTransitionRequests, myWaivers, requestTransition, transitionStanding } from './transition.js';

/** /me/membership for the signed-in person; also re-rendered by the proof upload with its error. */
export async function sendMembershipPage(deps: Deps, req: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, status = 200) {
  if (!req.principal) throw new AppError('unauthenticated');
  const userId = req.principal.userId;
  const m = await membershipOfUser(deps.db, userId);
  const invoices = m ? await invoicesOfMembership(deps.db, m.id) : [];
  const [installments, waivers, proofs] = await Promise.all([
    instalmentsOf(
      deps.db,
      invoices.map((i) => i.id),
    ),
    myWaivers(deps.db, userId),
    m && m.verification !== 'not_needed' ? listProofs(deps.db, m.id) : [],
  ]);
  // a waiver that runs today: the page says so rather than offering to ask (/me/transition would refuse)
  const today = await todayIn(deps);
  const waivedUntil = waivers.map((w) => w.to_date).reduce<string | null>((a, b) => (b >= today && (a === null || b > a) ? b : a), null);
  // when the renewal invoice comes: the member has no renew button, so the page says when and how
  const { renewal_lead_days: renewalLeadDays } = await billingSettings(deps.db);
  return sendPage(reply, MyMembershipPage({ ctx: await pageContext(req, reply), m, invoices, installments, waivers, proofs, errors, waivedUntil, renewalLeadDays }), status);
}

const instalmentForm = z.object({ invoice: z.uuid('Choose the invoice.'), count: z.enum(['2', '3', '4'], { error: 'Choose 2, 3 or 4 installments.' }) });
const transitionForm = z.object({
  circumstances: z.string({ error: 'Tell us briefly what happened.' }).trim().min(1, 'Tell us briefly what happened.').max(5000, 'Use at most 5,000 characters.'),
  separation_on: z.union([z.literal(''), z.iso.date('Enter a real date, such as 2026-03-31.')]).default(''),
});

export async function meRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const userOf = (req: FastifyRequest) => {
    if (!req.principal) throw new AppError('unauthenticated');
    return req.principal.userId;
  };
  const membershipPage = (req: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, status = 200) => sendMembershipPage(deps, req, reply, errors, status);

  app.get('/me/membership', { config: { access: access.signedIn() } }, async (req, reply) => membershipPage(req, reply));

  // Where the confirmation link of a card sign-up goes: the first invoice, issued when the address
  // was confirmed, to pay; My membership when there is nothing left to pay.
  app.get(MY_FIRST_INVOICE_PATH, { config: { access: access.signedIn() } }, async (req, reply) => {
    const m = await membershipOfUser(deps.db, userOf(req));
    const invoices = m?.status === 'pending' ? await invoicesOfMembership(deps.db, m.id) : [];
    const open = invoices.find((i) => i.purpose === 'membership' && (i.status === 'issued' || i.status === 'partially_paid'));
    return reply.redirect(open ? `/invoices/${open.publicToken}` : '/me/membership', 303);
  });

  // '/me/membership/instalments' was the form's address before it took the US spelling: kept,
  // with the same access rule and the same handler (CSRF is checked for every form post alike),
  // for pages left open before the rename, which would otherwise fail on submit.
  app.post('/me/membership/installments', { config: { access: access.signedIn() } }, chooseInstalmentsRoute);
  app.post('/me/membership/instalments', { config: { access: access.signedIn() } }, chooseInstalmentsRoute);

  async function chooseInstalmentsRoute(req: FastifyRequest, reply: FastifyReply) {
    const parsed = instalmentForm.safeParse(req.body ?? {});
    if (!parsed.success) return membershipPage(req, reply, issuesToFields(parsed.error), 400);
    try {
      await chooseInstalments(deps, { userId: userOf(req), invoiceId: parsed.data.invoice, count: Number(parsed.data.count), requestId: req.id });
    } catch (err) {
      if (err instanceof AppError && err.fields) return membershipPage(req, reply, err.fields, 400);
      throw err;
    }
    setFlash(reply, `Your renewal is split into ${parsed.data.count} installments: see the schedule below.`);
    return reply.redirect('/me/membership', 303);
  }

  /** The page as this member stands today: the form only when they may ask. */
  const transitionPage = async (req: FastifyRequest, reply: FastifyReply, more: { values?: Record<string, string>; errors?: FieldErrors; message?: string } = {}, status = 200) => {
    const requests = await myTransitionRequests(deps.db, userOf(req));
    const standing = transitionStanding(requests, await todayIn(deps));
    const writeTo = (await deps.association.get()).contact_email;
    // someone with no membership to waive is told so, and how to join, before writing their story
    const member = await hasWaivableMembership(deps.db, userOf(req));
    return sendPage(reply, TransitionPage({ ctx: await pageContext(req, reply), requests, standing, member, writeTo, ...more }), status);
  };

  app.get('/me/transition', { config: { access: access.signedIn() } }, (req, reply) => transitionPage(req, reply));

  app.post('/me/transition', { config: { access: access.signedIn() } }, async (req, reply) => {
    const userId = userOf(req);
    const parsed = transitionForm.safeParse(req.body ?? {});
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values = { circumstances: typeof raw.circumstances === 'string' ? raw.circumstances : '', separation_on: typeof raw.separation_on === 'string' ? raw.separation_on : '' };
    if (!parsed.success) return transitionPage(req, reply, { values, errors: issuesToFields(parsed.error) }, 400);
    try {
      await requestTransition(deps, { userId, circumstances: parsed.data.circumstances, separationOn: parsed.data.separation_on || null, requestId: req.id });
    } catch (err) {
      // Not a member (409), a request under review, a waiver in place, three years used (409): nothing is sent.
      if (err instanceof AppError && err.code.startsWith('individuals.')) return transitionPage(req, reply, { values, message: err.message }, err.status);
      throw err;
    }
    setFlash(reply, 'Your request is sent. Only the designated staff member will read it; we will write to you with the outcome.');
    return reply.redirect('/me/transition', 303);
  });
}
