// The words of commitments, shared by its services and pages: who may sign, the dependencies its
// use cases take, and when a commitment is public.
import type { Transaction } from 'kysely';
import { COMMITMENT_SIGNERS, type CommitmentSigners, type DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

/** Today in the association's time zone (src/lib/today.ts). */
export { today } from '../../lib/today.js';

export { COMMITMENT_SIGNERS, type CommitmentSigners };
export type Trx = Transaction<DB>;
export type CommitmentDeps = Pick<Deps, 'db' | 'clock' | 'association'>;
export interface Actor {
  userId: string | null;
  requestId?: string | null;
}

export const SIGNER_LABELS: Record<CommitmentSigners, string> = {
  members: 'Member organizations',
  governments: 'Any US local government in the network’s directory',
  elected: 'Elected officials, for their government',
};
/** Who may sign, in a sentence for the public page. */
export const SIGNER_SENTENCES: Record<CommitmentSigners, string> = {
  members: 'Member organizations in good standing may sign, through an organization administrator or one of their elected officials.',
  governments: 'Any US local government in our network’s directory may sign, through an organization administrator or one of its elected officials.',
  elected: 'An elected official signs for their government.',
};

/** What a person is at an organization, as far as signing goes. */
export interface SigningStanding {
  name: string;
  status: string;
  admin: boolean;
  elected: boolean;
}

export const NOT_AUTHORISED =
  'Only an administrator of the organization or one of its elected officials can sign for it. Ask your organization’s administrator, or sign for a government where you hold one of those roles.';

/** Why this person may not sign this commitment for this organization, in a sentence; null when
 * they may. One rule for the signing page (which offers only what may be signed and says why not)
 * and the service (which refuses with the same words). */
export function signingRefusal(signers: CommitmentSigners, seat: SigningStanding): string | null {
  if (!(seat.admin || seat.elected)) return NOT_AUTHORISED;
  if (signers === 'elected' && !seat.elected) return `Elected officials sign this commitment: only an elected official of ${seat.name} can sign it for ${seat.name}.`;
  if (signers === 'members' && seat.status !== 'active') return `This commitment is open to member organizations in good standing; ${seat.name} is not a current member.`;
  return null;
}

export const isSigners = (v: string): v is CommitmentSigners => (COMMITMENT_SIGNERS as readonly string[]).includes(v);

export const noCommitment = () => new AppError('not_found', { message: 'There is no such commitment.' });
