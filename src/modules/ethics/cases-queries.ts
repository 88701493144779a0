// Reads of ethics cases: the staff queue, one case with its timeline and files, a file's bytes,
// the published censures, and the audited read (every read of a case by staff or the committee
// leaves an audit row, which the general audit view never lists).
import type { EthicsFileKind, EthicsStage } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUuid } from '../../lib/validators.js';
import { currentTenets } from './code.js';

export const OPEN_STAGES: EthicsStage[] = ['intake', 'response', 'fact_finding', 'decision', 'appeal_window', 'appeal'];

export async function caseQueue(db: Deps['db'], show: 'open' | 'closed') {
  return db
    .selectFrom('ethics_cases')
    .select(['id', 'reference', 'stage', 'respondent_name', 'filed_at', 'response_due_on', 'fact_finding_due_on', 'appeal_closes_on', 'outcome'])
    .$if(show === 'open', (q) => q.where('stage', 'in', OPEN_STAGES).orderBy('filed_at', 'asc'))
    .$if(show === 'closed', (q) => q.where('stage', 'in', ['dismissed', 'final']).orderBy('final_at', 'desc'))
    .limit(500)
    .execute();
}
export type QueueRow = Awaited<ReturnType<typeof caseQueue>>[number];

/** The whole case (files without their bytes), or undefined. Never an unconfirmed complaint. */
export async function caseById(db: Deps['db'], id: string) {
  if (!isUuid(id)) return undefined;
  const c = await db
    .selectFrom('ethics_cases as c')
    .leftJoin('users as r', 'r.id', 'c.respondent_user_id')
    .selectAll('c')
    .select(['r.name as respondent_account_name', 'r.email as respondent_account_email'])
    .where('c.id', '=', id)
    .where('c.stage', '!=', 'unconfirmed')
    .executeTakeFirst();
  if (!c) return undefined;
  const [timeline, files] = await Promise.all([caseTimeline(db, id), caseFiles(db, id)]);
  return { ...c, timeline, files };
}
export type CaseDetail = NonNullable<Awaited<ReturnType<typeof caseById>>>;

export async function caseTimeline(db: Deps['db'], caseId: string) {
  return db
    .selectFrom('ethics_case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.at', 'e.summary', 'u.name as actor'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export async function caseFiles(db: Deps['db'], caseId: string, kinds?: EthicsFileKind[]) {
  return db
    .selectFrom('ethics_case_files')
    .select(['id', 'kind', 'filename', 'content_type', 'size_bytes', 'created_at'])
    .where('case_id', '=', caseId)
    .$if(!!kinds, (q) => q.where('kind', 'in', kinds ?? []))
    .orderBy('created_at')
    .execute();
}
export type CaseFileRow = Awaited<ReturnType<typeof caseFiles>>[number];

export async function caseFileWithContent(db: Deps['db'], caseId: string, fileId: string, kinds?: EthicsFileKind[]) {
  if (!isUuid(fileId)) return undefined;
  return db
    .selectFrom('ethics_case_files')
    .select(['filename', 'content_type', 'size_bytes', 'content'])
    .where('case_id', '=', caseId)
    .where('id', '=', fileId)
    .$if(!!kinds, (q) => q.where('kind', 'in', kinds ?? []))
    .executeTakeFirst();
}

/** Records a read of ethics data (a case, its file, the queue): who, which, when. */
export async function auditCaseRead(deps: Pick<Deps, 'db' | 'clock'>, input: { caseId: string | null; actorUserId: string; what: 'queue' | 'case' | 'file'; requestId?: string }) {
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: input.what === 'queue' ? 'ethics.queue_viewed' : input.what === 'file' ? 'ethics.file_downloaded' : 'ethics.case_viewed',
    entityType: 'ethics_case',
    entityId: input.caseId,
    requestId: input.requestId,
  });
}

export interface Censure {
  name: string;
  position: string;
  organization: string;
  tenets: string[];
  outcome: 'public_censure' | 'expulsion';
  effectiveOn: string;
}

/** Public censures and expulsions in effect: final, not overturned, effective by today. */
export async function publishedCensures(db: Deps['db'], today: string): Promise<Censure[]> {
  const rows = await db
    .selectFrom('ethics_cases')
    .select(['respondent_name', 'respondent_position', 'respondent_organization', 'tenets', 'outcome', 'effective_on'])
    .where('stage', '=', 'final')
    .where('outcome', 'in', ['public_censure', 'expulsion'])
    .where((eb) => eb.or([eb('appeal_result', 'is', null), eb('appeal_result', '=', 'upheld')]))
    .where('effective_on', 'is not', null)
    .where('effective_on', '<=', today)
    .orderBy('effective_on', 'desc')
    .limit(500)
    .execute();
  const titles = new Map((await currentTenets(db)).map((t) => [t.number, t.title]));
  return rows.map((r) => ({
    name: r.respondent_name,
    position: r.respondent_position,
    organization: r.respondent_organization,
    tenets: r.tenets.map((n) => (titles.has(n) ? `Tenet ${n}: ${titles.get(n)}` : `Tenet ${n}`)),
    outcome: r.outcome === 'expulsion' ? 'expulsion' : 'public_censure',
    effectiveOn: r.effective_on ?? '',
  }));
}
