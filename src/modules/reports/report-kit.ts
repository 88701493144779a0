// What every report's routes share: who may read reports, today's day, the audit of a CSV
// download, and the range of a page's or a CSV's query string (or what is wrong with it).
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { access } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { queryErrors, type Range, rangeQuery, resolveRange, withoutEmpty } from './schemas.js';

export interface ReportKit {
  readers: { access: ReturnType<typeof access.staff> };
  /** today in the association's time zone */
  today: () => Promise<string>;
  audit: (req: FastifyRequest, name: string, filters?: unknown) => { now: () => Date; actorUserId: string | null; requestId: string; name: string; filters?: unknown };
  rangeOf: (query: unknown) => Promise<{ raw: Record<string, string>; range?: Range; errors?: FieldErrors }>;
}

export function reportKit(deps: Pick<Deps, 'clock' | 'association'>): ReportKit {
  const today = () => todayIn(deps);
  return {
    readers: { access: access.staff('finance', 'membership') },
    today,
    audit: (req, name, filters) => ({ now: () => deps.clock.now(), actorUserId: req.principal?.userId ?? null, requestId: req.id, name, filters }),
    rangeOf: async (query) => {
      const raw = withoutEmpty(query);
      const parsed = rangeQuery.safeParse(raw);
      if (!parsed.success) return { raw, errors: queryErrors(parsed.error.issues) };
      const r = resolveRange(parsed.data, await today());
      return 'errors' in r ? { raw, errors: r.errors } : { raw, range: r.range };
    },
  };
}
