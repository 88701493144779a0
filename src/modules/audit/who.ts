// Who did what an entry records, in words: a staff member or person by name (a signed-in applicant
// too), an account deleted since (its id stays on the entry), a visitor who had no account (a
// submitted application, whose module writes them on the entry as `after.visitor`), or the system
// (a job, a payment's webhook). The audit log and the organization's timeline say the same.
import { z } from 'zod';

const visitorShape = z.object({ role: z.string().min(1), name: z.string(), email: z.string() });
export type Visitor = z.infer<typeof visitorShape>;

/** The visitor an entry without an actor names, if any. */
export function visitorOf(after: unknown): Visitor | null {
  const parsed: unknown = typeof after === 'string' ? safeJson(after) : after;
  if (!parsed || typeof parsed !== 'object') return null;
  const v = visitorShape.safeParse((parsed as Record<string, unknown>).visitor);
  return v.success ? v.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const SYSTEM_ACTOR = 'The system';

/** "Applicant: Jane Doe (visitor)", or "The system", for an entry with no account behind it. */
export function unsignedActor(after: unknown): string {
  const v = visitorOf(after);
  return v ? `${v.role}: ${v.name || v.email} (visitor)` : SYSTEM_ACTOR;
}

export const DELETED_ACTOR = 'A deleted account';

/** Who made an entry, in words: the account's name (or email), "A deleted account" when the entry
 * names an account that no longer exists, else the visitor or the system (`unsignedActor`). */
export function actorInWords(e: { actorId: string | null; name: string | null; email: string | null; after: unknown }): string {
  if (!e.actorId) return unsignedActor(e.after);
  return e.name || e.email || DELETED_ACTOR;
}
