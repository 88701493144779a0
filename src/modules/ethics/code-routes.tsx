// Routes of the Code of Ethics (issue 17, I5): the public pages (/ethics, /ethics/versions, an
// earlier version) and the ethics staff's editor at /staff/ethics/code (access.sensitive('ethics'):
// not even staff admins). Thin: parse, call the service, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { codeInForce, publishedVersion, publishedVersions } from './code.js';
import { type StaffCodeVersion, staffCodeVersion, staffCodeVersions } from './code-queries.js';
import { codeDetailsForm, publicVersionParams, tenetForm, tenetParams, versionParams } from './code-schemas.js';
import { addCodeTenet, createCodeDraft, discardCodeDraft, publicationProblems, publishCodeDraft, removeCodeTenet, updateCodeDraft, updateCodeTenet } from './code-service.js';
import { type DraftForms, StaffCodeVersionsPage, StaffDraftPage, StaffPreviewPage, StaffPublishedPage, StaffTenetPage } from './code-staff-views.js';
import { CodeVersionsPage, EthicsCodePage, SupersededCodePage } from './code-views.js';

const BASE = '/staff/ethics/code';
const noVersion = () => new AppError('not_found', { message: 'There is no such version of the code.' });
const noTenet = () => new AppError('not_found', { message: 'This draft has no tenet with that number.' });
const whole = (s: string) => (/^[1-9]\d{0,8}$/.test(s) ? Number(s) : null);

/** A refusal a form shows again (a field's error, or a message), or null for the error handler. */
function refusalOf(err: unknown): { status: number; errors: Record<string, string>; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}

export async function ethicsCodeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const pub = { access: access.public() };
  const ethics = { access: access.sensitive('ethics') };

  // ---- public
  app.get('/ethics', { config: pub }, async (req, reply) => {
    const [code, versions] = await Promise.all([codeInForce(deps.db), publishedVersions(deps.db)]);
    return sendPage(reply, EthicsCodePage({ ctx: await pageContext(req, reply), code, versionCount: versions.length }));
  });

  app.get('/ethics/versions', { config: pub }, async (req, reply) =>
    sendPage(reply, CodeVersionsPage({ ctx: await pageContext(req, reply), versions: await publishedVersions(deps.db) })),
  );

  app.get('/ethics/versions/:version', { config: pub, schema: { params: publicVersionParams } }, async (req, reply) => {
    const n = whole(req.params.version);
    const code = n === null ? null : await publishedVersion(deps.db, n);
    if (!code) throw new AppError('not_found', { message: 'There is no published version of the code with that number.' });
    const inForce = (await publishedVersions(deps.db))[0];
    if (inForce?.version === code.version) return reply.redirect('/ethics', 302);
    return sendPage(reply, SupersededCodePage({ ctx: await pageContext(req, reply), code, inForce }));
  });

  // ---- ethics staff: the editor
  const versionOf = async (id: string): Promise<StaffCodeVersion> => {
    const v = isUuid(id) ? await staffCodeVersion(deps.db, id) : undefined;
    if (!v) throw noVersion();
    return v;
  };
  const draftOf = async (id: string): Promise<StaffCodeVersion> => {
    const v = await versionOf(id);
    if (v.publishedAt)
      throw new AppError('ethics.code_published', { status: 409, message: `Version ${v.version} is published and cannot be changed: start a new draft to change the code.` });
    return v;
  };
  const actor = (req: FastifyRequest) => {
    const a = actorOf(req);
    return { userId: a.userId, requestId: a.requestId };
  };

  async function sendList(req: FastifyRequest, reply: FastifyReply, refusal?: { status: number; message?: string }) {
    return sendPage(
      reply,
      StaffCodeVersionsPage({ ctx: await pageContext(req, reply), versions: await staffCodeVersions(deps.db), message: refusal?.message }),
      refusal?.status ?? 200,
    );
  }

  async function sendVersion(req: FastifyRequest, reply: FastifyReply, id: string, form?: DraftForms & { status: number }) {
    const v = await versionOf(id);
    const ctx = await pageContext(req, reply);
    if (v.publishedAt) {
      const [code, versions] = await Promise.all([publishedVersion(deps.db, v.version), publishedVersions(deps.db)]);
      if (!code) throw noVersion();
      return sendPage(reply, StaffPublishedPage({ ctx, v: { ...v, publishedAt: v.publishedAt }, code, inForce: versions[0]?.version === v.version }), form?.status ?? 200);
    }
    return sendPage(reply, StaffDraftPage({ ctx, v, form }), form?.status ?? 200);
  }

  app.get(BASE, { config: ethics }, async (req, reply) => sendList(req, reply));

  app.post(`${BASE}/drafts`, { config: ethics }, async (req, reply) => {
    try {
      const d = await createCodeDraft(deps, actor(req));
      setFlash(reply, `Draft version ${d.version} started from the version in force. Change it, preview it, then publish it.`);
      return reply.redirect(`${BASE}/${d.id}`, 303);
    } catch (err) {
      const refused = refusalOf(err);
      if (!refused) throw err;
      return sendList(req, reply, refused);
    }
  });

  app.get(`${BASE}/:id`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => sendVersion(req, reply, req.params.id));

  app.post(`${BASE}/:id`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    const parsed = parseForm(codeDetailsForm, req.body);
    if (!parsed.ok) return sendVersion(req, reply, v.id, { kind: 'details', values: parsed.values, errors: parsed.errors, status: 400 });
    await updateCodeDraft(deps, actor(req), { versionId: v.id, title: parsed.data.title, preamble: parsed.data.preamble, rulesOfProcedure: parsed.data.rulesOfProcedure });
    setFlash(reply, 'Saved the title, preamble and rules of procedure.');
    return reply.redirect(`${BASE}/${v.id}`, 303);
  });

  app.get(`${BASE}/:id/preview`, { config: ethics, schema: { params: versionParams } }, async (req, reply) =>
    sendPage(reply, StaffPreviewPage({ ctx: await pageContext(req, reply), v: await versionOf(req.params.id) })),
  );

  app.post(`${BASE}/:id/tenets`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    const parsed = parseForm(tenetForm, req.body);
    if (!parsed.ok) return sendVersion(req, reply, v.id, { kind: 'tenet', values: parsed.values, errors: parsed.errors, status: 400 });
    try {
      const { name, ...rest } = parsed.data;
      const n = await addCodeTenet(deps, actor(req), { versionId: v.id, title: name, ...rest });
      setFlash(reply, `Added tenet ${n}, ${name}.`);
      return reply.redirect(`${BASE}/${v.id}#tenets`, 303);
    } catch (err) {
      const refused = refusalOf(err);
      if (!refused) throw err;
      const values = Object.fromEntries(Object.entries(parsed.data).map(([k, val]) => [k, val === null ? '' : String(val)]));
      return sendVersion(req, reply, v.id, { kind: 'tenet', values, ...refused });
    }
  });

  const tenetOf = async (id: string, number: string) => {
    const v = await draftOf(id);
    const n = whole(number);
    const t = v.tenets.find((x) => x.number === n);
    if (!t) throw noTenet();
    return { v, t };
  };

  app.get(`${BASE}/:id/tenets/:number`, { config: ethics, schema: { params: tenetParams } }, async (req, reply) => {
    const { v, t } = await tenetOf(req.params.id, req.params.number);
    const values = { number: String(t.number), name: t.title, body: t.body, guidelines: t.guidelines };
    return sendPage(reply, StaffTenetPage({ ctx: await pageContext(req, reply), v, number: t.number, values }));
  });

  app.post(`${BASE}/:id/tenets/:number`, { config: ethics, schema: { params: tenetParams } }, async (req, reply) => {
    const { v, t } = await tenetOf(req.params.id, req.params.number);
    const parsed = parseForm(tenetForm, req.body);
    const again = async (values: Record<string, string>, errors: Record<string, string>, status: number, message?: string) =>
      sendPage(reply, StaffTenetPage({ ctx: await pageContext(req, reply), v, number: t.number, values, errors, message }), status);
    if (!parsed.ok) return again(parsed.values, parsed.errors, 400);
    try {
      const { name, ...rest } = parsed.data;
      const n = await updateCodeTenet(deps, actor(req), { versionId: v.id, currentNumber: t.number, title: name, ...rest });
      setFlash(reply, n === t.number ? `Saved tenet ${n}.` : `Saved the tenet and moved it from ${t.number} to ${n}.`);
      return reply.redirect(`${BASE}/${v.id}#tenets`, 303);
    } catch (err) {
      const refused = refusalOf(err);
      if (!refused) throw err;
      const values = Object.fromEntries(Object.entries(parsed.data).map(([k, val]) => [k, val === null ? '' : String(val)]));
      return again(values, refused.errors, refused.status === 409 ? 409 : 400, refused.message);
    }
  });

  app.get(`${BASE}/:id/tenets/:number/remove`, { config: ethics, schema: { params: tenetParams } }, async (req, reply) => {
    const { v, t } = await tenetOf(req.params.id, req.params.number);
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Remove tenet ${t.number}, ${t.title}?`,
        lead: `It is removed from draft version ${v.version} with its guidelines; the tenets after it move up one. Published versions are not touched.`,
        action: `${BASE}/${v.id}/tenets/${t.number}/remove`,
        button: `Remove tenet ${t.number}`,
        back: { href: `${BASE}/${v.id}#tenets`, label: `Version ${v.version} (draft)` },
      }),
    );
  });

  app.post(`${BASE}/:id/tenets/:number/remove`, { config: ethics, schema: { params: tenetParams } }, async (req, reply) => {
    const { v, t } = await tenetOf(req.params.id, req.params.number);
    await removeCodeTenet(deps, actor(req), { versionId: v.id, number: t.number });
    setFlash(reply, `Removed tenet ${t.number}, ${t.title}. The tenets after it moved up one.`);
    return reply.redirect(`${BASE}/${v.id}#tenets`, 303);
  });

  const problemsOf = (v: StaffCodeVersion) => publicationProblems({ ...v, tenetCount: v.tenets.length });

  app.get(`${BASE}/:id/publish`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    const problems = problemsOf(v);
    if (Object.keys(problems).length > 0) return sendVersion(req, reply, v.id, { kind: 'publish', values: {}, errors: problems, status: 200 });
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Publish version ${v.version} of the Code of Ethics?`,
        lead: `Its ${v.tenets.length} tenets, preamble and rules of procedure become the code in force at /ethics at once, and complaints name its tenets from now on. The version in force now stays readable as superseded. A published version cannot be changed.`,
        action: `${BASE}/${v.id}/publish`,
        button: `Publish version ${v.version}`,
        back: { href: `${BASE}/${v.id}`, label: `Version ${v.version} (draft)` },
      }),
    );
  });

  app.post(`${BASE}/:id/publish`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    try {
      const { version } = await publishCodeDraft(deps, actor(req), { versionId: v.id });
      setFlash(reply, `Published version ${version}: it is the code in force at /ethics.`);
      return reply.redirect(`${BASE}/${v.id}`, 303);
    } catch (err) {
      const refused = refusalOf(err);
      if (!refused) throw err;
      return sendVersion(req, reply, v.id, { kind: 'publish', values: {}, errors: refused.errors, message: refused.message, status: refused.status });
    }
  });

  app.get(`${BASE}/:id/discard`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Discard draft version ${v.version}?`,
        lead: 'The draft and its tenets are deleted. The version in force is not touched.',
        action: `${BASE}/${v.id}/discard`,
        button: 'Discard the draft',
        back: { href: `${BASE}/${v.id}`, label: `Version ${v.version} (draft)` },
      }),
    );
  });

  app.post(`${BASE}/:id/discard`, { config: ethics, schema: { params: versionParams } }, async (req, reply) => {
    const v = await draftOf(req.params.id);
    const { version } = await discardCodeDraft(deps, actor(req), { versionId: v.id });
    setFlash(reply, `Discarded draft version ${version}.`);
    return reply.redirect(BASE, 303);
  });
}
