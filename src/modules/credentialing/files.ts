// Evidence files of self-reported PD activities: a PDF, PNG or JPEG of at most 5 MB, where the
// declared type, the extension and the type sniffed from the bytes (`file-type`) agree, as the
// cohorts' space checks its files. The stored type is the checked one.
import { type CheckedFile, checkUpload, JPEG_KIND, PDF_KIND, PNG_KIND, type UploadedFile } from '../../lib/uploads.js';

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const KINDS = [PDF_KIND, PNG_KIND, JPEG_KIND];

export const EVIDENCE_ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const EVIDENCE_TEXT = 'a PDF, PNG or JPEG of at most 5 MB (a certificate, a receipt, an agenda)';

export type { CheckedFile };

/** The checked file, or the message to show beside the field. */
export const checkEvidence = (f: UploadedFile) => checkUpload(f, KINDS, { maxBytes: MAX_EVIDENCE_BYTES, accepted: EVIDENCE_TEXT });
