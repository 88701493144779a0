// Join pages (O1): the public page, its JSON, and the staff editor (communications role).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { joinSectionInput, joinSectionsResponse } from './schemas.js';
import { sectionDefinition } from './sections.js';
import { getJoinSection, listJoinSections, updateJoinSection } from './service.js';
import { JoinPage, resolveAction, StaffJoinEdit, StaffJoinList } from './views.js';

const editors = () => access.staff('communications');

export async function joinRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get('/join', { config: { access: access.public() } }, async (req, reply) => {
    const [sections, association] = await Promise.all([listJoinSections(deps), deps.association.get()]);
    return sendPage(reply, JoinPage({ ctx: await pageContext(req, reply), association, sections }));
  });

  app.get(
    '/api/v1/join/sections',
    {
      config: { access: access.public() },
      schema: { tags: ['join'], summary: 'The sections of the public join page, in order', response: { 200: joinSectionsResponse } },
    },
    async () => {
      const [sections, association] = await Promise.all([listJoinSections(deps), deps.association.get()]);
      return {
        sections: sections.map((s) => ({
          key: s.key,
          title: s.title,
          body: s.body,
          action: resolveAction(s.definition.action, association),
          updatedAt: s.updatedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.get('/staff/join', { config: { access: editors() } }, async (req, reply) => {
    return sendPage(reply, StaffJoinList({ ctx: await pageContext(req, reply), sections: await listJoinSections(deps) }));
  });

  const keyOf = (params: unknown): string => {
    const key = (params as { key?: unknown }).key;
    if (typeof key !== 'string' || !sectionDefinition(key)) throw new AppError('not_found', { message: 'There is no such section of the join page.' });
    return key;
  };

  app.get('/staff/join/:key', { config: { access: editors() } }, async (req, reply) => {
    const section = await getJoinSection(deps, keyOf(req.params));
    return sendPage(reply, StaffJoinEdit({ ctx: await pageContext(req, reply), section, values: { title: section.title, body: section.body } }));
  });

  app.post('/staff/join/:key', { config: { access: editors() } }, async (req, reply) => {
    const section = await getJoinSection(deps, keyOf(req.params));
    const form = parseForm(joinSectionInput.strip(), req.body);
    const rerender = async (values: Record<string, string>, errors: Record<string, string>) =>
      sendPage(reply, StaffJoinEdit({ ctx: await pageContext(req, reply), section, values: { title: values.title ?? '', body: values.body ?? '' }, errors }), 400);
    if (!form.ok) return rerender(form.values, form.errors);
    const actor = req.principal;
    if (!actor) throw new AppError('unauthenticated');
    try {
      const { changed } = await updateJoinSection(deps, { actorUserId: actor.userId, key: section.key, values: form.data, requestId: req.id });
      setFlash(reply, changed ? `Saved “${form.data.title}”.` : 'Nothing changed.');
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return rerender(form.data, fields);
      throw err;
    }
    return reply.redirect('/staff/join', 303);
  });
}
