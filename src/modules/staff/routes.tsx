// The staff area's front page: what each staff role can reach.
import type { FastifyInstance } from 'fastify';
import { access, hasStaffRole } from '../../lib/access.js';
import { pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';

export async function staffRoutes(app: FastifyInstance) {
  app.get('/staff', { config: { access: access.anyStaff() } }, async (req, reply) => {
    const ctx = await pageContext(req, reply);
    const p = req.principal;
    const tools: Array<{ href: string; label: string; about: string }> = [];
    if (hasStaffRole(p, 'admin')) {
      tools.push({ href: '/staff/settings', label: 'Association settings', about: 'Name, contact details and membership year.' });
      tools.push({ href: '/staff/audit', label: 'Audit log', about: 'Every change made by staff.' });
    }
    // module tools
    if (!app.deps.config.production) tools.push({ href: '/dev/mailbox', label: 'Development mailbox', about: 'Email the system would send.' });
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Staff area">
        <h1>Staff area</h1>
        <p>Your roles: {[...(p?.roles ?? [])].join(', ')}.</p>
        <ul class="cards">
          {tools.map((t) => (
            <li class="card" key={t.href}>
              <h2>
                <a href={t.href}>{t.label}</a>
              </h2>
              <p>{t.about}</p>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
