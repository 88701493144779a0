// Telling a person of a decision about them: their request to join approved or declined, a
// suspension and its reason, its end, the group they asked for opened or declined. Queued in the
// decision's transaction, so the email goes out exactly when the decision stands.
import type { EmailTemplateDefinition } from '../../lib/email.js';
import type { GroupDeps, Trx } from './shared.js';

export async function tellPerson<T>(trx: Trx, deps: GroupDeps, userId: string, template: EmailTemplateDefinition<T>, data: T): Promise<void> {
  const u = await trx.selectFrom('users').select(['email']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  if (!u) return;
  await deps.mail.queue(trx, { to: u.email, template: template.name, data });
}

export const groupUrl = (deps: Pick<GroupDeps, 'config'>, slug: string) => `${deps.config.publicUrl}/groups/${slug}`;
