// Test factories of resources (issue 18): a resource (published by default, through the module's
// own use case, with an optional PDF file or a link) and a topic page.
import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../../src/db/types.js';
import { saveResource, saveTopic } from '../../src/modules/resources/index.js';
import { tinyPdf } from '../../src/modules/resources/seed.js';
import type { FactoryContext } from './context.js';

export interface TestResource {
  id: string;
  slug: string;
}

export async function aResource(
  ctx: FactoryContext,
  o: {
    title?: string;
    slug?: string;
    summary?: string;
    body?: string;
    type?: ResourceType;
    year?: number;
    audience?: 'everyone' | 'members';
    state?: 'draft' | 'published' | 'archived';
    pathwayIds?: string[];
    topicIds?: string[];
    file?: boolean;
    link?: string;
  } = {},
): Promise<TestResource> {
  const slug = o.slug ?? `resource-${randomUUID().slice(0, 8)}`;
  const { id } = await ctx.deps.db.transaction().execute((trx) =>
    saveResource(trx, ctx.deps, {
      input: {
        title: o.title ?? 'Flood Resilience Planning Guide',
        slug,
        summary: o.summary ?? 'For local government staff.',
        body: o.body ?? 'Read it with your team.',
        type: o.type ?? 'guide',
        year: o.year ?? 2024,
        linkUrl: o.link ?? null,
        audience: o.audience ?? 'everyone',
        state: o.state ?? 'published',
        publishAt: null,
        pathwayIds: o.pathwayIds ?? [],
        topicIds: o.topicIds ?? [],
      },
      file: o.file ? { filename: `${slug}.pdf`, contentType: 'application/pdf', bytes: tinyPdf(o.title ?? 'A guide') } : null,
      actor: { userId: null, name: 'Test' },
    }),
  );
  return { id, slug };
}

export async function aTopic(ctx: FactoryContext, o: { name?: string; slug?: string; introduction?: string; state?: 'draft' | 'published' } = {}): Promise<TestResource> {
  const slug = o.slug ?? `topic-${randomUUID().slice(0, 8)}`;
  const { id } = await ctx.deps.db.transaction().execute((trx) =>
    saveTopic(trx, ctx.deps, {
      input: { name: o.name ?? 'Emergency and disaster resources', slug, introduction: o.introduction ?? 'Plans and checklists.', state: o.state ?? 'published', publishAt: null },
      actor: { userId: null, name: 'Test' },
    }),
  );
  return { id, slug };
}
