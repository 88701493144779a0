// Proof of eligibility (issue 11, finding 3): a person whose level asks for proof uploads it on
// /me/membership while their membership waits for the check. Files are checked three ways that
// must agree (declared type, extension, type sniffed from the bytes by `file-type`), stored in the
// database, and read only by membership staff, as a download; every staff download is audited.
import { fileTypeFromBuffer } from 'file-type';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const PROOF_MAX_BYTES = 5 * 1024 * 1024;
/** Files a membership may carry in all (a second page, a better photo). */
export const PROOF_MAX_FILES = 5;
export const PROOF_FIELD = 'proof';

const KINDS = [
  { type: 'application/pdf', extensions: ['pdf'] },
  { type: 'image/png', extensions: ['png'] },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { type: 'image/webp', extensions: ['webp'] },
] as const;
/** For the file input's `accept` (a hint to the browser; the server decides). */
export const PROOF_ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const PROOF_TYPES_TEXT = 'a PDF or a photo (PNG, JPEG or WebP) of 5 MB or less';

export interface CheckedProof {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked file, or the message to show beside the field. */
export async function checkProof(f: UploadedFile | undefined): Promise<{ ok: true; file: CheckedProof } | { ok: false; message: string }> {
  if (!f) return { ok: false, message: `Choose a file: ${PROOF_TYPES_TEXT}.` };
  const filename = cleanFilename(f.filename, 'proof');
  if (f.tooLarge || f.bytes.length > PROOF_MAX_BYTES) return { ok: false, message: `${filename} is larger than 5 MB. Upload a smaller file, like a photo at a lower resolution.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = KINDS.find((k) => (k.extensions as readonly string[]).includes(ext));
  if (!kind || declared !== kind.type || sniffed !== kind.type) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Upload ${PROOF_TYPES_TEXT}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}

/** Stores a proof for the person's own membership, while it waits for the eligibility check. */
export async function uploadProof(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; file: UploadedFile | undefined; requestId?: string }): Promise<{ filename: string }> {
  const checked = await checkProof(input.file);
  if (!checked.ok) throw new AppError('validation_failed', { message: checked.message, fields: { [PROOF_FIELD]: checked.message } });
  const { file } = checked;
  return deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('individual_memberships')
      .select(['id', 'status', 'verification'])
      .where('user_id', '=', input.userId)
      .where('status', '=', 'pending')
      .forUpdate()
      .executeTakeFirst();
    if (m?.verification !== 'awaiting') {
      const message = 'Your membership is not waiting for proof of eligibility, so there is nothing to upload.';
      throw new AppError('individuals.proof_not_needed', { message, fields: { [PROOF_FIELD]: message } });
    }
    const count = await trx
      .selectFrom('membership_proofs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('membership_id', '=', m.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= PROOF_MAX_FILES) {
      const message = `You have uploaded ${PROOF_MAX_FILES} files already; our staff will look at those. Write to us if one of them is wrong.`;
      throw new AppError('individuals.too_many_proofs', { message, fields: { [PROOF_FIELD]: message } });
    }
    const now = deps.clock.now();
    const row = await trx
      .insertInto('membership_proofs')
      .values({
        membership_id: m.id,
        filename: file.filename,
        content_type: file.contentType,
        size_bytes: file.bytes.length,
        content: file.bytes,
        uploaded_at: now,
        uploaded_by: input.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.userId,
      action: 'individuals.proof_uploaded',
      entityType: 'individual_membership',
      entityId: m.id,
      after: { proofId: row.id, contentType: file.contentType, sizeBytes: file.bytes.length },
      requestId: input.requestId,
    });
    return { filename: file.filename };
  });
}

export interface ProofRow {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Date;
}

/** The proofs of a membership, without their bytes (the person sees names and dates only). */
export async function listProofs(db: Deps['db'], membershipId: string): Promise<ProofRow[]> {
  return db
    .selectFrom('membership_proofs')
    .select(['id', 'filename', 'content_type as contentType', 'size_bytes as sizeBytes', 'uploaded_at as uploadedAt'])
    .where('membership_id', '=', membershipId)
    .orderBy('uploaded_at')
    .execute();
}

/** A proof's bytes for membership staff, audited; null when it is not this membership's. */
export async function readProof(deps: Pick<Deps, 'db' | 'clock'>, input: { membershipId: string; proofId: string; actorUserId: string; requestId?: string }) {
  const row = await deps.db
    .selectFrom('membership_proofs')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'content'])
    .where('id', '=', input.proofId)
    .where('membership_id', '=', input.membershipId)
    .executeTakeFirst();
  if (!row) return null;
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: 'individuals.proof_viewed',
    entityType: 'individual_membership',
    entityId: input.membershipId,
    after: { proofId: row.id },
    requestId: input.requestId,
  });
  return row;
}
