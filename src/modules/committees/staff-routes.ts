// Programs staff routes of committees: the list and a new committee, a committee's page with its
// seats, terms, elections and nominations, recording an election, appointing; and the API of a
// committee's nominations (staff only: nominations are never public).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { appoint, recordElection } from './holders.js';
import { committeeById, committeeBySlug, listCommittees, seatsOf, staffElections, staffTerms } from './queries.js';
import { formRefusal } from './refusal.js';
import { appointForm, committeeEditForm, committeeForm, electForm, electionForm, idParams, SLUG, seatForm, slugParams, staffNominationsAnswer, termForm } from './schemas.js';
import { addSeat, addTerm, createCommittee, createElection, updateCommittee } from './service.js';
import { StaffCommitteeEditPage, StaffCommitteePage, StaffCommitteesPage, type StaffForm } from './staff-views.js';

const noCommittee = () => new AppError('not_found', { message: 'There is no such committee.' });

/** A web address from a name: lowercase words joined by hyphens. */
export function slugFromName(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s || 'committee';
}

export async function committeesStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const programs = { access: access.staff('programs') };

  async function sendList(req: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, string>; errors: FieldErrors; status: number }) {
    return sendPage(
      reply,
      StaffCommitteesPage({ ctx: await pageContext(req, reply), committees: await listCommittees(deps.db), values: form?.values, errors: form?.errors }),
      form?.status ?? 200,
    );
  }

  app.get('/staff/committees', { config: programs }, async (req, reply) => sendList(req, reply));

  app.post('/staff/committees', { config: programs }, async (req, reply) => {
    const parsed = parseForm(committeeForm, req.body);
    if (!parsed.ok) return sendList(req, reply, { values: parsed.values, errors: parsed.errors, status: 400 });
    const d = parsed.data;
    try {
      const { id } = await createCommittee(deps, actorOf(req), {
        name: d.name,
        slug: d.slug || slugFromName(d.name),
        description: d.description,
        region: d.region || null,
        reminderDays: d.reminderDays,
      });
      setFlash(reply, 'Committee added. Add its seats next.');
      return reply.redirect(`/staff/committees/${id}`, 303);
    } catch (err) {
      const refused = formRefusal(err);
      if (!refused) throw err;
      return sendList(req, reply, { values: { ...d, reminderDays: String(d.reminderDays) }, errors: refused.errors, status: refused.status });
    }
  });

  const committeeOf = async (id: string) => {
    const c = isUuid(id) ? await committeeById(deps.db, id) : undefined;
    if (!c) throw noCommittee();
    return c;
  };

  async function sendCommittee(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { kind: StaffForm; values: Record<string, string>; errors: FieldErrors; message?: string; status: number },
  ) {
    const committee = await committeeOf(id);
    const [seats, terms, elections] = await Promise.all([seatsOf(deps.db, committee.id), staffTerms(deps.db, committee.id), staffElections(deps.db, committee.id)]);
    return sendPage(reply, StaffCommitteePage({ ctx: await pageContext(req, reply), committee, seats, terms, elections, form }), form?.status ?? 200);
  }

  app.get('/staff/committees/:id', { config: programs, schema: { params: idParams } }, async (req, reply) => sendCommittee(req, reply, req.params.id));

  async function sendEdit(req: FastifyRequest, reply: FastifyReply, id: string, form?: { values: Record<string, string>; errors: FieldErrors; status: number }) {
    const committee = await committeeOf(id);
    const values = form?.values ?? {
      name: committee.name,
      description: committee.description,
      region: committee.region ?? '',
      reminderDays: String(committee.reminderDays),
    };
    return sendPage(reply, StaffCommitteeEditPage({ ctx: await pageContext(req, reply), committee, values, errors: form?.errors }), form?.status ?? 200);
  }

  app.get('/staff/committees/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => sendEdit(req, reply, req.params.id));

  app.post('/staff/committees/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const committee = await committeeOf(req.params.id);
    const parsed = parseForm(committeeEditForm, req.body);
    if (!parsed.ok) return sendEdit(req, reply, committee.id, { values: parsed.values, errors: parsed.errors, status: 400 });
    const d = parsed.data;
    await updateCommittee(deps, actorOf(req), { committeeId: committee.id, name: d.name, description: d.description, region: d.region || null, reminderDays: d.reminderDays });
    setFlash(reply, 'Committee saved.');
    return reply.redirect(`/staff/committees/${committee.id}`, 303);
  });

  /** One form of the committee's page: parsed, run, and on a refusal shown again with its errors. */
  function post<S extends z.ZodType>(path: string, kind: StaffForm, schema: S, run: (committeeId: string, data: z.output<S>, req: FastifyRequest) => Promise<string>) {
    app.post(`/staff/committees/:id/${path}`, { config: programs, schema: { params: idParams } }, async (req, reply) => {
      const committee = await committeeOf(req.params.id);
      const parsed = parseForm(schema, req.body);
      if (!parsed.ok) return sendCommittee(req, reply, committee.id, { kind, values: parsed.values, errors: parsed.errors, status: 400 });
      try {
        const flash = await run(committee.id, parsed.data, req);
        setFlash(reply, flash);
        return reply.redirect(`/staff/committees/${committee.id}#${kind === 'elect' || kind === 'appoint' ? 'terms' : `${kind}s`}`, 303);
      } catch (err) {
        const refused = formRefusal(err);
        if (!refused) throw err;
        const values = Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
        return sendCommittee(req, reply, committee.id, { kind, values, ...refused });
      }
    });
  }

  post('seats', 'seat', seatForm, async (committeeId, d, req) => {
    await addSeat(deps, actorOf(req), { committeeId, title: d.title, count: d.count });
    return 'Seat added.';
  });
  post('terms', 'term', termForm, async (committeeId, d, req) => {
    await addTerm(deps, actorOf(req), { committeeId, seatId: d.seatId, startsOn: d.startsOn, endsOn: d.endsOn });
    return 'Term added.';
  });
  post('elections', 'election', electionForm, async (committeeId, d, req) => {
    await createElection(deps, actorOf(req), { committeeId, title: d.name, opensOn: d.opensOn, closesOn: d.closesOn });
    return 'Election added. Members can nominate while its window is open.';
  });
  post('elect', 'elect', electForm, async (committeeId, d, req) => {
    await recordElection(deps, actorOf(req), { committeeId, termId: d.termId, nominationId: d.nominationId });
    return 'Election recorded. The new holder has been emailed and appears on the roster.';
  });
  post('appoint', 'appoint', appointForm, async (committeeId, d, req) => {
    await appoint(deps, actorOf(req), { committeeId, termId: d.term, email: d.email });
    return 'Appointment offered. The person has been emailed and holds the seat once they accept.';
  });

  app.get(
    '/api/v1/committees/:slug/nominations',
    {
      config: programs,
      schema: { tags: ['committees'], summary: 'Every nomination of a committee’s elections (programs staff)', params: slugParams, response: { 200: staffNominationsAnswer } },
    },
    async (req) => {
      const c = SLUG.test(req.params.slug) ? await committeeBySlug(deps.db, req.params.slug) : undefined;
      if (!c) throw noCommittee();
      const elections = await staffElections(deps.db, c.id);
      return {
        elections: elections.map((e) => ({
          id: e.id,
          title: e.title,
          opensOn: e.opensOn,
          closesOn: e.closesOn,
          nominations: e.nominations.map((n) => ({
            id: n.id,
            seat: n.seat,
            nominee: n.nominee,
            nomineeEmail: n.nomineeEmail,
            nominatedBy: n.nominatedBy,
            self: n.self,
            organization: n.organization,
            status: n.status,
          })),
        })),
      };
    },
  );
}
