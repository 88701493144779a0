// Test factories of news (issue 18, C7): a story saved through the news module's own use case, as
// communications staff would (its revision and audit rows included).
import { savePost } from '../../src/modules/news/index.js';
import { publishAtValue } from '../../src/modules/publishing/index.js';
import type { FactoryContext } from './context.js';

let n = 0;
export interface NewsPostOverrides {
  title?: string;
  slug?: string;
  summary?: string;
  body?: string;
  authorName?: string;
  state?: 'draft' | 'scheduled' | 'published' | 'archived';
  audience?: 'everyone' | 'members';
  /** a listed member organization's slug */
  featured?: string;
  pathwayIds?: string[];
  publishAt?: Date;
  /** the staff account that writes it (null: the system) */
  actorUserId?: string | null;
}

/** A story, published now unless told otherwise. */
export async function aNewsPost(ctx: FactoryContext, o: NewsPostOverrides = {}): Promise<{ id: string; slug: string }> {
  const i = ++n;
  const zone = (await ctx.deps.association.get()).time_zone;
  return savePost(
    ctx.deps,
    {
      form: {
        title: o.title ?? `Story ${i}`,
        slug: o.slug ?? `story-${i}-${Date.now().toString(36)}`,
        summary: o.summary ?? `The summary of story ${i}.`,
        body: o.body ?? `The body of story ${i}.`,
        author_name: o.authorName ?? 'Maya Okafor',
        featured: o.featured ?? '',
        state: o.state ?? 'published',
        publish_at: o.publishAt ? publishAtValue(o.publishAt, zone) : '',
        audience: o.audience ?? 'everyone',
      },
      pathwayIds: o.pathwayIds ?? [],
      zone,
    },
    { userId: o.actorUserId ?? null },
  );
}
