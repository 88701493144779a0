// Ethics staff's routes (access.sensitive('ethics'): staff admins do not get in): the queue, a
// case and the forms of its steps, its files, and the ethics committee's list. Every read of a
// case or its file is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { type MultipartForm, sendDownload } from '../../lib/uploads.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { assignFactFinder, decideAppeal, dismissCase, openCase, recordDecision, recordReport } from './cases.js';
import { noCase } from './cases-common.js';
import { checkCaseFiles } from './cases-files.js';
import { auditCaseRead, caseById, caseFileWithContent, caseQueue } from './cases-queries.js';
import {
  appealDecisionForm,
  assignForm,
  committeeAddForm,
  decisionForm,
  dismissForm,
  factFindingForm,
  fileParams,
  idParams,
  openForm,
  reportForm,
  userParams,
} from './cases-schemas.js';
import { QueuePage, StaffCasePage, StaffCommitteePage, type StaffFormState, type StaffStepForm } from './cases-staff-views.js';
import { addCommitteeMember, assignCommitteeMember, assignedMembers, committeeMembers, committeeNotes, removeCommitteeMember } from './committee.js';

const ethics = { access: access.sensitive('ethics') };

function refusal(err: unknown): { status: number; errors: FieldErrors; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}

async function sendCase(req: FastifyRequest, reply: FastifyReply, id: string, form?: StaffFormState & { status: number }) {
  const deps = req.server.deps;
  const c = await caseById(deps.db, id);
  if (!c) throw noCase();
  if (!form) await auditCaseRead(deps, { caseId: c.id, actorUserId: actorOf(req).userId, what: 'case', requestId: req.id });
  const [committee, assigned, notes] = await Promise.all([committeeMembers(deps.db), assignedMembers(deps.db, c.id), committeeNotes(deps.db, c.id)]);
  return sendPage(reply, StaffCasePage({ ctx: await pageContext(req, reply), c, files: c.files, timeline: c.timeline, committee, assigned, notes, form }), form?.status ?? 200);
}

/** The report form (multipart: read in the uploads scope of cases-routes.tsx). */
export async function recordReportFromForm(req: FastifyRequest, reply: FastifyReply, id: string, form: MultipartForm) {
  const deps = req.server.deps;
  const parsed = parseForm(reportForm, form.fields);
  const files = await checkCaseFiles(
    form.files.filter((f) => f.field === 'reportFile'),
    form.tooManyFiles,
  );
  if (!parsed.ok || !files.ok) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(files.ok ? {} : { reportFile: files.message }) };
    return sendCase(req, reply, id, { kind: 'report', values: form.fields, errors, status: 400 });
  }
  try {
    await recordReport(deps, actorOf(req), { caseId: id, report: parsed.data.report, files: files.files });
  } catch (err) {
    const r = refusal(err);
    if (!r) throw err;
    return sendCase(req, reply, id, { kind: 'report', values: form.fields, ...r });
  }
  setFlash(reply, 'Report recorded. The case goes to the committee for its decision.');
  return reply.redirect(`/staff/ethics/cases/${id}`, 303);
}

export async function casesStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/staff/ethics', { config: ethics }, async (req, reply) => {
    const show = (req.query as { show?: unknown }).show === 'closed' ? 'closed' : 'open';
    await auditCaseRead(deps, { caseId: null, actorUserId: actorOf(req).userId, what: 'queue', requestId: req.id });
    return sendPage(reply, QueuePage({ ctx: await pageContext(req, reply), rows: await caseQueue(deps.db, show), show }));
  });

  app.get('/staff/ethics/cases/:id', { config: ethics, schema: { params: idParams } }, async (req, reply) => sendCase(req, reply, req.params.id));

  app.get('/staff/ethics/cases/:id/files/:fileId', { config: ethics, schema: { params: fileParams } }, async (req, reply) => {
    const c = await caseById(deps.db, req.params.id);
    if (!c) throw noCase();
    const f = await caseFileWithContent(deps.db, c.id, req.params.fileId);
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    await auditCaseRead(deps, { caseId: c.id, actorUserId: actorOf(req).userId, what: 'file', requestId: req.id });
    return sendDownload(reply, f);
  });

  /** One step's form: parsed, run, and on a refusal shown again with its errors. */
  function step<S extends z.ZodType>(path: StaffStepForm, schema: S, run: (caseId: string, data: z.output<S>, req: FastifyRequest) => Promise<string>) {
    app.post(`/staff/ethics/cases/:id/${path}`, { config: ethics, schema: { params: idParams } }, async (req, reply) => {
      const c = await caseById(deps.db, req.params.id);
      if (!c) throw noCase();
      const parsed = parseForm(schema, req.body);
      if (!parsed.ok) return sendCase(req, reply, c.id, { kind: path, values: parsed.values, errors: parsed.errors, status: 400 });
      try {
        setFlash(reply, await run(c.id, parsed.data, req));
      } catch (err) {
        const r = refusal(err);
        if (!r) throw err;
        const values = Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]));
        return sendCase(req, reply, c.id, { kind: path, values, ...r });
      }
      return reply.redirect(`/staff/ethics/cases/${c.id}`, 303);
    });
  }

  step('dismiss', dismissForm, async (caseId, d, req) => {
    await dismissCase(deps, actorOf(req), { caseId, reason: d.reason });
    return 'The complaint is dismissed. The complainant’s status link now shows it closed.';
  });
  step('open', openForm, async (caseId, d, req) => {
    await openCase(deps, actorOf(req), { caseId, respondentEmail: d.respondentEmail, responseDays: d.responseDays });
    return 'The case is open. The member has been emailed and sees it on their case page.';
  });
  step('fact-finding', factFindingForm, async (caseId, d, req) => {
    await assignFactFinder(deps, actorOf(req), { caseId, factFinder: d.factFinder, dueOn: d.dueOn });
    return 'Fact-finding assigned.';
  });
  step('decision', decisionForm, async (caseId, d, req) => {
    await recordDecision(deps, actorOf(req), { caseId, outcome: d.outcome, reasons: d.reasons, suspensionUntil: d.suspensionUntil || undefined, appealDays: d.appealDays });
    return 'Decision recorded. The member has been emailed.';
  });
  step('appeal-decision', appealDecisionForm, async (caseId, d, req) => {
    await decideAppeal(deps, actorOf(req), { caseId, result: d.result, reasons: d.reasons });
    return d.result === 'upheld' ? 'Appeal decided: the decision is upheld and in effect.' : 'Appeal decided: the decision is overturned.';
  });
  step('assign', assignForm, async (caseId, d, req) => {
    await assignCommitteeMember(deps, actorOf(req), { caseId, userId: d.member });
    return 'Committee member assigned and emailed.';
  });

  // ---- the committee's list

  const sendCommittee = async (req: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, string>; errors: FieldErrors; status: number }) =>
    sendPage(
      reply,
      StaffCommitteePage({ ctx: await pageContext(req, reply), members: await committeeMembers(deps.db), values: form?.values, errors: form?.errors }),
      form?.status ?? 200,
    );

  app.get('/staff/ethics/committee', { config: ethics }, async (req, reply) => sendCommittee(req, reply));

  app.post('/staff/ethics/committee', { config: ethics }, async (req, reply) => {
    const parsed = parseForm(committeeAddForm, req.body);
    if (!parsed.ok) return sendCommittee(req, reply, { values: parsed.values, errors: parsed.errors, status: 400 });
    try {
      await addCommitteeMember(deps, actorOf(req), parsed.data.email);
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      return sendCommittee(req, reply, { values: parsed.data, errors: r.errors, status: r.status });
    }
    setFlash(reply, 'Added to the ethics committee. They have been emailed.');
    return reply.redirect('/staff/ethics/committee', 303);
  });

  app.post('/staff/ethics/committee/:userId/remove', { config: ethics, schema: { params: userParams } }, async (req, reply) => {
    await removeCommitteeMember(deps, actorOf(req), req.params.userId);
    setFlash(reply, 'Removed from the ethics committee.');
    return reply.redirect('/staff/ethics/committee', 303);
  });
}
