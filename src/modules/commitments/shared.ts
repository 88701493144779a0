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

export const isSigners = (v: string): v is CommitmentSigners => (COMMITMENT_SIGNERS as readonly string[]).includes(v);

export const noCommitment = () => new AppError('not_found', { message: 'There is no such commitment.' });
