// Routes of ethics cases outside staff: complaint intake (anyone; multipart, rate limited per
// client and per address), the confirmation link, the complainant's status page and list, the
// published censures, the member concerned's own case pages, and the committee members' pages
// (a 404 for anyone not assigned). Staff routes are in cases-staff-routes.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads, sendDownload } from '../../lib/uploads.js';
import { pageContext, setFlash } from '../../web/context.js';
import { HONEYPOT_FIELD, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { noCase, todayOf } from './cases-common.js';
import { checkCaseFiles, MAX_CASE_FILE_BYTES, MAX_CASE_FILES } from './cases-files.js';
import { auditCaseRead, caseById, caseFiles, caseFileWithContent, publishedCensures } from './cases-queries.js';
import { appealForm, complaintForm, fileParams, idParams, noteForm, responseForm, tenetsOf, visitorForm } from './cases-schemas.js';
import { casesStaffRoutes, recordReportFromForm } from './cases-staff-routes.js';
import { CommitteeCasePage, CommitteeHomePage } from './cases-staff-views.js';
import { CensuresPage, CheckEmailPage, ComplaintFormPage, ConfirmPage, MyComplaintsPage, StatusPage } from './cases-views.js';
import { currentTenets } from './code.js';
import { addCommitteeNote, assignedCases, committeeNotes, isAssigned, isCommitteeMember } from './committee.js';
import { CONFIRM_HOURS, complaintByStatusToken, confirmationIsValid, confirmComplaint, fileComplaint, hasVerifiedEmail, myComplaints } from './intake.js';
import { fileAppeal, myCases, respondentCase, submitResponse } from './respondent.js';
import { MyCasesPage, RespondentCasePage } from './respondent-views.js';

/** A refusal a form shows again, or null for errors the error handler answers (404, 401, 5xx). */
function refusal(err: unknown): { status: number; errors: FieldErrors; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}

/** Files kept by the member concerned: what the complaint, their response, the report and appeal carry. */
const RESPONDENT_FILE_KINDS = ['complaint', 'response', 'report', 'appeal'] as const;

export async function ethicsCasesRoutes(root: FastifyInstance) {
  await root.register(uploadRoutes);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/ethics/complaints/confirm', { config: { access: access.public() } }, async (req, reply) => {
    const token = z.object({ token: z.string().max(200).optional() }).parse(req.query).token ?? '';
    const valid = await confirmationIsValid(deps, token);
    return sendPage(reply, ConfirmPage({ ctx: await pageContext(req, reply), token, valid }), valid ? 200 : 400);
  });

  app.post('/ethics/complaints/confirm', { config: { access: access.public(), rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const token = z.object({ token: z.string().max(200).optional() }).safeParse(req.body).data?.token ?? '';
    try {
      const { statusToken } = await confirmComplaint(deps, token, req.id);
      setFlash(reply, 'Thank you: your complaint is received. We emailed you an acknowledgment with this page’s address.');
      return reply.redirect(`/ethics/complaints/status/${statusToken}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'token_invalid') return sendPage(reply, ConfirmPage({ ctx: await pageContext(req, reply), token: '', valid: false }), 400);
      throw err;
    }
  });

  app.get('/ethics/complaints/status/:token', { config: { access: access.public() } }, async (req, reply) => {
    const { token } = z.object({ token: z.string().max(200) }).parse(req.params);
    const c = await complaintByStatusToken(deps.db, token);
    if (!c) throw new AppError('not_found', { message: 'There is no complaint at this address.' });
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    return sendPage(reply, StatusPage({ ctx: await pageContext(req, reply), reference: c.reference, stage: c.stage }));
  });

  app.get('/ethics/complaints/mine', { config: { access: access.signedIn() } }, async (req, reply) =>
    sendPage(reply, MyComplaintsPage({ ctx: await pageContext(req, reply), complaints: await myComplaints(deps.db, actorOf(req).userId) })),
  );

  app.get('/ethics/censures', { config: { access: access.public() } }, async (req, reply) =>
    sendPage(reply, CensuresPage({ ctx: await pageContext(req, reply), censures: await publishedCensures(deps.db, await todayOf(deps)) })),
  );

  // ---- the member concerned

  app.get('/me/ethics', { config: { access: access.signedIn() } }, async (req, reply) =>
    sendPage(reply, MyCasesPage({ ctx: await pageContext(req, reply), cases: await myCases(deps.db, actorOf(req).userId) })),
  );

  app.post('/me/ethics/:id/appeal', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const c = await respondentCase(deps.db, req.params.id, actor.userId);
    const parsed = parseForm(appealForm, req.body);
    const again = async (errors: FieldErrors, values: Record<string, string>, status: number, message?: string) =>
      sendPage(
        reply,
        RespondentCasePage({
          ctx: await pageContext(req, reply),
          c,
          today: await todayOf(deps),
          files: await caseFiles(deps.db, c.id, [...RESPONDENT_FILE_KINDS]),
          form: { kind: 'appeal', values, errors, message },
        }),
        status,
      );
    if (!parsed.ok) return again(parsed.errors, parsed.values, 400);
    try {
      await fileAppeal(deps, actor, { caseId: c.id, text: parsed.data.text });
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      return again(r.errors, parsed.data, r.status, r.message);
    }
    setFlash(reply, 'Your appeal is filed. Ethics staff have been told.');
    return reply.redirect(`/me/ethics/${c.id}`, 303);
  });

  app.get('/me/ethics/:id/files/:fileId', { config: { access: access.signedIn() }, schema: { params: fileParams } }, async (req, reply) => {
    const c = await respondentCase(deps.db, req.params.id, actorOf(req).userId);
    const f = await caseFileWithContent(deps.db, c.id, req.params.fileId, [...RESPONDENT_FILE_KINDS]);
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    return sendDownload(reply, f);
  });

  // ---- the ethics committee (an assigned member; anyone else gets the same 404)

  const committeeCase = async (req: FastifyRequest, id: string) => {
    const userId = actorOf(req).userId;
    if (!(await isAssigned(deps.db, id, userId))) throw noCase();
    const c = await caseById(deps.db, id);
    if (!c) throw noCase();
    return c;
  };

  app.get('/ethics/committee', { config: { access: access.signedIn() } }, async (req, reply) => {
    const userId = actorOf(req).userId;
    if (!(await isCommitteeMember(deps.db, userId))) throw new AppError('not_found');
    return sendPage(reply, CommitteeHomePage({ ctx: await pageContext(req, reply), cases: await assignedCases(deps.db, userId) }));
  });

  const sendCommitteeCase = async (req: FastifyRequest, reply: FastifyReply, id: string, form?: { values: Record<string, string>; errors: FieldErrors; status: number }) => {
    const c = await committeeCase(req, id);
    if (!form) await auditCaseRead(deps, { caseId: c.id, actorUserId: actorOf(req).userId, what: 'case', requestId: req.id });
    return sendPage(
      reply,
      CommitteeCasePage({
        ctx: await pageContext(req, reply),
        c,
        files: c.files,
        timeline: c.timeline,
        notes: await committeeNotes(deps.db, c.id),
        values: form?.values,
        errors: form?.errors,
      }),
      form?.status ?? 200,
    );
  };

  app.get('/ethics/committee/cases/:id', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) =>
    sendCommitteeCase(req, reply, req.params.id),
  );

  app.post('/ethics/committee/cases/:id/notes', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const c = await committeeCase(req, req.params.id);
    const parsed = parseForm(noteForm, req.body);
    if (!parsed.ok) return sendCommitteeCase(req, reply, c.id, { values: parsed.values, errors: parsed.errors, status: 400 });
    await addCommitteeNote(deps, actorOf(req), { caseId: c.id, body: parsed.data.body });
    setFlash(reply, 'Your note is recorded.');
    return reply.redirect(`/ethics/committee/cases/${c.id}`, 303);
  });

  app.get('/ethics/committee/cases/:id/files/:fileId', { config: { access: access.signedIn() }, schema: { params: fileParams } }, async (req, reply) => {
    const c = await committeeCase(req, req.params.id);
    const f = await caseFileWithContent(deps.db, c.id, req.params.fileId);
    if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
    await auditCaseRead(deps, { caseId: c.id, actorUserId: actorOf(req).userId, what: 'file', requestId: req.id });
    return sendDownload(reply, f);
  });

  await app.register(casesStaffRoutes);
}

/** The forms that carry files, in their own scope (the only one that parses multipart bodies). */
async function uploadRoutes(app0: FastifyInstance) {
  await registerUploads(app0, { maxFileBytes: MAX_CASE_FILE_BYTES, maxFiles: MAX_CASE_FILES + 1 });
  const app = app0.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  const verified = async (req: FastifyRequest) => !!req.principal && (await hasVerifiedEmail(deps.db, req.principal.userId));

  const sendForm = async (req: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, string>; errors: FieldErrors; message?: string; status: number }) =>
    sendPage(
      reply,
      ComplaintFormPage({
        ctx: await pageContext(req, reply),
        tenets: await currentTenets(deps.db),
        verified: await verified(req),
        values: form?.values,
        errors: form?.errors,
        message: form?.message,
      }),
      form?.status ?? 200,
    );

  app.get('/ethics/complaints/new', { config: { access: access.public() } }, async (req, reply) => sendForm(req, reply));

  // per client: a few complaints an hour; per address: the anonymous forms' allowance (form-mail-limit)
  app.post('/ethics/complaints/new', { config: { access: access.public(), rateLimit: { max: 10, timeWindow: '1 hour' } } }, async (req, reply) => {
    const form = await readMultipartForm(req);
    const values = form.fields;
    if ((values[HONEYPOT_FIELD] ?? '').trim() !== '') {
      // a robot: answer as if sent, keep nothing
      return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: values.email ?? '', hours: CONFIRM_HOURS }));
    }
    const errors: FieldErrors = {};
    const parsed = parseForm(complaintForm, values);
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    const signedIn = req.principal && (await verified(req));
    const visitor = signedIn ? null : parseForm(visitorForm, values);
    if (visitor && !visitor.ok) Object.assign(errors, visitor.errors);
    const files = await checkCaseFiles(
      form.files.filter((f) => f.field === 'attachments'),
      form.tooManyFiles,
    );
    if (!files.ok) errors.attachments = files.message;
    if (!parsed.ok || (visitor && !visitor.ok) || !files.ok) return sendForm(req, reply, { values, errors, status: !files.ok && files.tooLarge ? 413 : 400 });
    try {
      const filed = await fileComplaint(
        deps,
        signedIn
          ? { kind: 'account', actor: actorOf(req) }
          : { kind: 'visitor', name: visitor?.ok ? visitor.data.name : '', email: visitor?.ok ? visitor.data.email : '', requestId: req.id },
        { ...parsed.data, tenets: tenetsOf(values), files: files.files },
      );
      if (filed.confirmed) {
        setFlash(reply, `Thank you: your complaint ${filed.reference} is received. We emailed you an acknowledgment.`);
        return reply.redirect(`/ethics/complaints/status/${filed.statusToken}`, 303);
      }
      return sendPage(reply, CheckEmailPage({ ctx: await pageContext(req, reply), email: visitor?.ok ? visitor.data.email : '', hours: CONFIRM_HOURS }));
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      return sendForm(req, reply, { values, errors: r.errors, message: r.message, status: r.status });
    }
  });

  const respondentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form?: { values: Record<string, string>; errors: FieldErrors; message?: string; status: number },
  ) => {
    const c = await respondentCase(deps.db, id, actorOf(req).userId);
    return sendPage(
      reply,
      RespondentCasePage({
        ctx: await pageContext(req, reply),
        c,
        today: await todayOf(deps),
        files: await caseFiles(deps.db, c.id, [...RESPONDENT_FILE_KINDS]),
        form: form ? { kind: 'response', ...form } : undefined,
      }),
      form?.status ?? 200,
    );
  };

  app.get('/me/ethics/:id', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => respondentPage(req, reply, req.params.id));

  app.post('/me/ethics/:id/response', { config: { access: access.signedIn() }, schema: { params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const c = await respondentCase(deps.db, req.params.id, actor.userId);
    const form = await readMultipartForm(req);
    const parsed = parseForm(responseForm, form.fields);
    const files = await checkCaseFiles(
      form.files.filter((f) => f.field === 'files'),
      form.tooManyFiles,
    );
    if (!parsed.ok || !files.ok) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(files.ok ? {} : { files: files.message }) };
      return respondentPage(req, reply, c.id, { values: form.fields, errors, status: !files.ok && files.tooLarge ? 413 : 400 });
    }
    try {
      await submitResponse(deps, actor, { caseId: c.id, text: parsed.data.text, files: files.files });
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      return respondentPage(req, reply, c.id, { values: form.fields, errors: r.errors, message: r.message, status: r.status });
    }
    setFlash(reply, 'Your response is sent. Ethics staff have been told.');
    return reply.redirect(`/me/ethics/${c.id}`, 303);
  });

  // staff's report with its file
  app.post('/staff/ethics/cases/:id/report', { config: { access: access.sensitive('ethics') }, schema: { params: idParams } }, async (req, reply) => {
    return recordReportFromForm(req, reply, req.params.id, await readMultipartForm(req));
  });
}
