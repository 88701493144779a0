// Public and members' routes of committees: the roster pages and API (public), the nomination form
// (signed in; the service checks the window, the nominator and the nominee's eligibility), a
// person's own nominations and appointments with their answers (object-level: another person's
// id is a 404), and the staff routes (staff-routes.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { answerAppointment } from './holders.js';
import { answerNomination, nominate } from './nominations.js';
import { type CommitteeSummary, committeeBySlug, committeesTakingNominations, listCommittees, myNominations, myPlaces, openElections, roster, seatsOf } from './queries.js';
import { formRefusal } from './refusal.js';
import { committeeSummary, idParams, mineAnswer, nominationBody, nominationForm, rosterAnswer, SLUG, slugParams } from './schemas.js';
import { todayOf } from './service.js';
import { committeesStaffRoutes } from './staff-routes.js';
import { CommitteesPage, MinePage, NominatePage, type NominationValues, RosterPage } from './views.js';

const noCommittee = () => new AppError('not_found', { message: 'There is no such committee.' });

export async function committeesRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const today = () => todayOf(deps);
  const bySlug = async (slug: string): Promise<CommitteeSummary> => {
    const c = SLUG.test(slug) ? await committeeBySlug(deps.db, slug) : undefined;
    if (!c) throw noCommittee();
    return c;
  };
  const base = deps.config.publicUrl;
  const apiSummary = (c: CommitteeSummary) => ({ slug: c.slug, name: c.name, description: c.description, region: c.region, url: `${base}/committees/${c.slug}` });

  app.get('/committees', { config: { access: access.public() } }, async (req, reply) => {
    const [committees, open] = await Promise.all([listCommittees(deps.db), committeesTakingNominations(deps.db, await today())]);
    return sendPage(reply, CommitteesPage({ ctx: await pageContext(req, reply), committees, open }));
  });

  // before /committees/:slug: "mine" is no committee's address
  async function sendMine(req: FastifyRequest, reply: FastifyReply, refused?: { status: number; message?: string }) {
    const userId = actorOf(req).userId;
    const [nominations, places] = await Promise.all([myNominations(deps.db, userId), myPlaces(deps.db, userId)]);
    return sendPage(reply, MinePage({ ctx: await pageContext(req, reply), nominations, places, message: refused?.message }), refused?.status ?? 200);
  }

  app.get('/committees/mine', { config: { access: access.signedIn() } }, async (req, reply) => sendMine(req, reply));

  app.get('/committees/:slug', { config: { access: access.public() }, schema: { params: slugParams } }, async (req, reply) => {
    const c = await bySlug(req.params.slug);
    const day = await today();
    const [seats, open] = await Promise.all([roster(deps.db, c.id, day), openElections(deps.db, c.id, day)]);
    return sendPage(reply, RosterPage({ ctx: await pageContext(req, reply), committee: c, seats, open }));
  });

  async function sendNominate(
    req: FastifyRequest,
    reply: FastifyReply,
    c: CommitteeSummary,
    form?: { values: NominationValues; errors: FieldErrors; message?: string; status: number },
  ) {
    const [open, seats] = await Promise.all([openElections(deps.db, c.id, await today()), seatsOf(deps.db, c.id)]);
    return sendPage(
      reply,
      NominatePage({ ctx: await pageContext(req, reply), committee: c, open, seats, values: form?.values, errors: form?.errors, message: form?.message }),
      form?.status ?? 200,
    );
  }

  app.get('/committees/:slug/nominate', { config: { access: access.signedIn() }, schema: { params: slugParams } }, async (req, reply) =>
    sendNominate(req, reply, await bySlug(req.params.slug)),
  );

  // Nominating another person emails them: limited like other forms that write to strangers.
  const nominating = { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '1 minute' } };
  app.post('/committees/:slug/nominate', { config: nominating, schema: { params: slugParams } }, async (req, reply) => {
    const c = await bySlug(req.params.slug);
    const parsed = parseForm(nominationForm, req.body);
    if (!parsed.ok) return sendNominate(req, reply, c, { values: parsed.values, errors: parsed.errors, status: 400 });
    const d = parsed.data;
    try {
      const { self } = await nominate(deps, actorOf(req), {
        committeeId: c.id,
        electionId: d.electionId,
        seatId: d.seatId,
        nomineeEmail: d.who === 'self' ? '' : d.nominee,
        statement: d.statement,
      });
      setFlash(reply, self ? 'Your nomination is recorded and stands. Programs staff have been told.' : 'Your nomination is sent. It stands once the member accepts it.');
      return reply.redirect(`/committees/${c.slug}`, 303);
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendNominate(req, reply, c, { values: { ...d }, ...refused });
    }
  });

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/committees/nominations/:id/${answer}`, { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such nomination.' });
      try {
        await answerNomination(deps, actorOf(req), { nominationId: req.params.id, accept: answer === 'accept' });
      } catch (err) {
        const refused = formRefusal(err);
        if (!refused) throw err;
        return sendMine(req, reply, refused);
      }
      setFlash(reply, answer === 'accept' ? 'You accepted the nomination: it now stands.' : 'You declined the nomination.');
      return reply.redirect('/committees/mine', 303);
    });
    app.post(`/committees/appointments/:id/${answer}`, { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
      if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such appointment.' });
      try {
        await answerAppointment(deps, actorOf(req), { holderId: req.params.id, accept: answer === 'accept' });
      } catch (err) {
        const refused = formRefusal(err);
        if (!refused) throw err;
        return sendMine(req, reply, refused);
      }
      setFlash(reply, answer === 'accept' ? 'You accepted the appointment: you now hold the seat.' : 'You declined the appointment.');
      return reply.redirect('/committees/mine', 303);
    });
  }

  // ---- API

  app.get(
    '/api/v1/committees',
    {
      config: { access: access.public() },
      schema: { tags: ['committees'], summary: 'Committees, by name', response: { 200: z.object({ committees: z.array(committeeSummary) }) } },
    },
    async () => ({ committees: (await listCommittees(deps.db)).map(apiSummary) }),
  );

  app.get(
    '/api/v1/committees/mine',
    {
      config: { access: access.signedIn() },
      schema: { tags: ['committees'], summary: 'Your nominations, your seats and the appointments waiting for your answer', response: { 200: mineAnswer } },
    },
    async (req) => {
      const userId = actorOf(req).userId;
      const [nominations, places] = await Promise.all([myNominations(deps.db, userId), myPlaces(deps.db, userId)]);
      return {
        nominations: nominations.map((n) => ({ id: n.id, committee: n.committee, seat: n.seat, election: n.election, closesOn: n.closesOn, status: n.status })),
        places: places.map((x) => ({ id: x.id, committee: x.committee, seat: x.seat, startsOn: x.startsOn, endsOn: x.endsOn, method: x.method, status: x.status })),
      };
    },
  );

  app.get(
    '/api/v1/committees/:slug',
    {
      config: { access: access.public() },
      schema: {
        tags: ['committees'],
        summary: 'A committee’s roster: current holders, vacancies and open nomination windows',
        params: slugParams,
        response: { 200: rosterAnswer },
      },
    },
    async (req) => {
      const c = await bySlug(req.params.slug);
      const day = await today();
      const [seats, open] = await Promise.all([roster(deps.db, c.id, day), openElections(deps.db, c.id, day)]);
      return {
        ...apiSummary(c),
        seats: seats.map((s) => ({ seat: s.title, seats: s.count, term: s.term, holders: s.holders, vacancies: s.vacancies })),
        openElections: open,
      };
    },
  );

  app.post(
    '/api/v1/committees/:slug/nominations',
    {
      config: nominating,
      schema: {
        tags: ['committees'],
        summary: 'Nominate yourself (no `nominee`) or another member by the email of their account',
        params: slugParams,
        body: nominationBody,
        response: { 201: z.object({ id: z.string(), stands: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const c = await bySlug(req.params.slug);
      const seats = await seatsOf(deps.db, c.id);
      if (!seats.some((s) => s.id === req.body.seatId)) throw new AppError('validation_failed', { fields: { seatId: 'Choose a seat of this committee.' } });
      const r = await nominate(deps, actorOf(req), {
        committeeId: c.id,
        electionId: req.body.electionId,
        seatId: req.body.seatId,
        nomineeEmail: req.body.nominee ?? '',
        statement: req.body.statement,
      });
      return reply.code(201).send({ id: r.id, stands: r.self });
    },
  );

  await app.register(committeesStaffRoutes);
}
