// Membership staff decide the login requests nobody else can: those for a member organization
// with no administrator, and those whose organization matched no member (staff then choose the
// member among the similar names, or decline).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { ErrorSummary, PostForm } from '../../web/components.js';
import { type PageContext, pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { formatDay } from '../billing/index.js';
import { approveLoginRequest, declineLoginRequest, type LoginRequest, listRequestsForStaff, similarMembers } from './login-requests.js';

type Candidate = { id: string; name: string; state: string };

/** A select per request card; ids carry the request's id, since a page holds several. */
function OrganizationChoice(p: { id: string; candidates: Candidate[]; error?: string }) {
  const id = `f-organization-${p.id}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>Member organization</label>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      ) : null}
      <select id={id} name="organization" required aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.candidates.map((c) => (
          <option key={c.id} value={c.id}>{`${c.name}, ${c.state}`}</option>
        ))}
      </select>
    </div>
  );
}

function StaffRequestsPage(p: { ctx: PageContext; requests: Array<LoginRequest & { candidates: Candidate[] }>; errors?: FieldErrors; failedId?: string }) {
  return (
    <Layout ctx={p.ctx} title="Login requests">
      <p>
        <a href="/staff">Staff area</a>
      </p>
      <h1>Login requests to decide</h1>
      <p class="lead">
        Requests for a member with no administrator, and requests whose organization matched no member. Approving emails the person an invitation: they become a contact of the
        organization when they accept it, which shows the address is theirs. Declining emails them a polite note.
      </p>
      <ErrorSummary errors={p.errors && p.failedId ? Object.fromEntries(Object.entries(p.errors).map(([k, v]) => [`${k}-${p.failedId}`, v])) : undefined} />
      {p.requests.length === 0 ? <p>Nothing is waiting.</p> : null}
      <ul class="cards">
        {p.requests.map((r) => (
          <li class="card" key={r.id}>
            <h2>{r.name}</h2>
            <dl class="props">
              <dt>Email</dt>
              <dd>{r.email}</dd>
              <dt>Title</dt>
              <dd>{r.title || 'Not given'}</dd>
              <dt>Organization as typed</dt>
              <dd>{r.organizationName}</dd>
              <dt>Matched member</dt>
              <dd>{r.matchedName ? `${r.matchedName} (no administrator)` : 'None'}</dd>
              <dt>Email domain</dt>
              <dd>{r.domainMatches ? 'Matches the organization’s website or email domain' : 'Does not match the organization’s domain'}</dd>
              <dt>Asked on</dt>
              <dd>{formatDay(r.createdAt.toISOString().slice(0, 10))}</dd>
            </dl>
            <div class="button-row">
              {r.matchedName || r.candidates.length > 0 ? (
                <PostForm action={`/staff/login-requests/${r.id}/approve`} csrf={p.ctx.csrf} label={`Approve ${r.name}`}>
                  {r.matchedName ? null : <OrganizationChoice id={r.id} candidates={r.candidates} error={p.failedId === r.id ? p.errors?.organization : undefined} />}
                  <div class="field checkbox">
                    <input id={`f-admin-${r.id}`} type="checkbox" name="admin" value="yes" />
                    <label for={`f-admin-${r.id}`}>Make them the organization’s administrator</label>
                  </div>
                  <button type="submit">
                    Approve<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>
              ) : (
                <p>No member has a similar name, so this request can only be declined.</p>
              )}
              <PostForm action={`/staff/login-requests/${r.id}/decline`} csrf={p.ctx.csrf} label={`Decline ${r.name}`}>
                <button type="submit" class="button-secondary">
                  Decline<span class="visually-hidden"> {r.name}</span>
                </button>
              </PostForm>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const idParams = z.object({ id: z.string().max(100) });

export async function staffLoginRequestRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const membership = () => access.staff('membership');

  const load = async () => {
    const requests = await listRequestsForStaff(deps.db);
    return Promise.all(requests.map(async (r) => ({ ...r, candidates: r.organizationId ? [] : await similarMembers(deps.db, r.organizationName) })));
  };

  app.get('/staff/login-requests', { config: { access: membership() } }, async (req, reply) => {
    return sendPage(reply, StaffRequestsPage({ ctx: await pageContext(req, reply), requests: await load() }));
  });

  const notFound = () => new AppError('not_found', { message: 'There is no such login request waiting for a decision.' });

  app.post('/staff/login-requests/:id/approve', { config: { access: membership() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const body = (req.body ?? {}) as { organization?: unknown; admin?: unknown };
    const organizationId = isUuid(body.organization) ? body.organization : undefined;
    try {
      await approveLoginRequest(deps, {
        id: req.params.id,
        scope: { kind: 'staff', organizationId },
        asAdmin: body.admin === 'yes',
        actorUserId: req.principal?.userId ?? '',
        actorName: req.principal?.name ?? 'Membership staff',
        requestId: req.id,
      });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, StaffRequestsPage({ ctx: await pageContext(req, reply), requests: await load(), errors, failedId: req.params.id }), 400);
    }
    setFlash(reply, 'Approved. We emailed the person an invitation: they become a contact of the organization when they accept it.');
    return reply.redirect('/staff/login-requests', 303);
  });

  app.post('/staff/login-requests/:id/decline', { config: { access: membership() }, schema: { params: idParams } }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    await declineLoginRequest(deps, { id: req.params.id, scope: { kind: 'staff' }, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    setFlash(reply, 'Declined. We let the person know by email.');
    return reply.redirect('/staff/login-requests', 303);
  });
}
