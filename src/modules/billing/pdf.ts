// The invoice as a PDF (pdfkit, the standard Helvetica fonts: no font files): the association's
// details, the invoice's number and dates, who it is billed to, its lines and totals, and how to
// pay. One page for a typical invoice; long ones flow onto more pages. Also the renderer of the
// `invoice_pdf` email attachment, so an issued invoice's email carries it.
import PDFDocument from 'pdfkit';
import type { Db } from '../../db/client.js';
import type { AttachmentRenderer } from '../../lib/email.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { invoiceLogo } from '../settings/index.js';
import { creditedInFull, formatDay, type InvoiceDocument, loadInvoiceDocument, METHOD_LABELS, STATUS_LABELS } from './document.js';
import { askForBankDetails, shownNumber } from './format.js';

const PAGE = { width: 612, height: 792 }; // US Letter, in points
const LEFT = 56;
const RIGHT = PAGE.width - 56;
const TOP = 50;
const BOTTOM = PAGE.height - 56;
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#bbbbbb';

// The standard fonts speak WinAnsi: Latin-1 plus a few typographic marks. Anything else is
// reduced to its base letter (é stays, ő → o) or a question mark, never dropped silently.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
// Letters that have no decomposition to a base letter.
const PLAIN: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't', Ŋ: 'N', ŋ: 'n', ĸ: 'k', ſ: 's' };
function pdfText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else if (ch === '\t') out += ' ';
    else if (PLAIN[ch]) out += PLAIN[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => (c.codePointAt(0) ?? 0) < 0x100) ? base : '?';
    }
  }
  return out;
}

const linesOf = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export interface InvoicePdfOptions {
  /** the site's address, to print the invoice's own link (view and pay online) */
  publicUrl?: string;
  /** the association's logo (settings: PNG or JPEG, checked when uploaded), drawn above its name */
  logo?: { bytes: Buffer } | null;
  /** whether card payment (Stripe) is set up: only then does the PDF mention cards */
  card?: boolean;
}

/** The PDF of one invoice. Throws AppError not_found when there is no such invoice. */
export async function renderInvoicePdf(db: Db, invoiceId: string, opts: InvoicePdfOptions = {}): Promise<Buffer> {
  const d = await loadInvoiceDocument(db, { id: invoiceId });
  if (!d) throw new AppError('not_found', { message: 'There is no such invoice.' });
  return drawInvoicePdf(d, { ...opts, logo: await invoiceLogo(db) });
}

/** The kind of attachment an issued invoice's email carries. */
export const INVOICE_PDF_ATTACHMENT = 'invoice_pdf';

/** The renderer of `invoice_pdf` attachments with this database (the composition root puts it on
 * `deps.mail.attachments`). */
export function invoicePdfAttachment(db: Db, opts: InvoicePdfOptions = {}): AttachmentRenderer {
  return async (id) => ({ content: await renderInvoicePdf(db, id, opts), contentType: 'application/pdf' });
}

export const invoiceFilename = (number: string | null) => `invoice-${(number ?? 'draft').replace(/[^A-Za-z0-9-]/g, '')}.pdf`;

export function drawInvoicePdf(d: InvoiceDocument, opts: InvoicePdfOptions = {}): Promise<Buffer> {
  const { invoice: inv, association: a } = d;
  const number = shownNumber(inv) ?? 'Draft';
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: TOP, bottom: PAGE.height - BOTTOM, left: LEFT, right: PAGE.width - RIGHT },
    info: { Title: `Invoice ${number}`, Author: pdfText(a.name), Subject: pdfText(`Invoice ${number} to ${inv.bill_to_name || d.organizationName || ''}`) },
    lang: 'en-US',
    displayTitle: true,
    font: 'Helvetica',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const text = (s: string, x: number, y: number, o: PDFKit.Mixins.TextOptions & { size?: number; bold?: boolean; color?: string } = {}) => {
    const { size = 10, bold = false, color = INK, ...rest } = o;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .fillColor(color)
      .text(pdfText(s), x, y, { lineGap: 1.5, ...rest });
    return doc.y;
  };
  const rule = (y: number) => doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.75).strokeColor(RULE).stroke();
  /** label and value side by side in the right column; returns the next y */
  const RCOL = 352;
  const pair = (label: string, value: string, y: number, bold = false) => {
    text(label, RCOL, y, { color: MUTED, width: 95 });
    return Math.max(doc.y, text(value, RCOL + 100, y, { width: RIGHT - RCOL - 106, align: 'right', bold })) + 2;
  };

  // Header: the association on the left, the invoice's facts on the right.
  let left = TOP;
  if (opts.logo) {
    try {
      doc.image(opts.logo.bytes, LEFT, TOP, { fit: [180, 54] });
      left = TOP + 62;
    } catch {
      // A logo the library cannot draw (checked at upload, so not expected): the name alone.
    }
  }
  left = text(a.name, LEFT, left, { size: 15, bold: true, width: 280 }) + 3;
  for (const l of linesOf(a.address)) left = text(l, LEFT, left, { color: MUTED, width: 280 });
  for (const l of [a.contactEmail, a.phone, a.website].filter(Boolean)) left = text(l, LEFT, left, { color: MUTED, width: 280 });
  let right = text(inv.status === 'void' ? 'INVOICE (VOID)' : 'INVOICE', RCOL, TOP, { size: 20, bold: true, width: RIGHT - RCOL - 6, align: 'right' }) + 6;
  right = pair('Invoice number', number, right, true);
  right = pair('Issued', formatDay(inv.issued_on), right);
  right = pair('Due', formatDay(inv.due_on), right);
  right = pair('Status', creditedInFull(d) ? 'Credited in full' : STATUS_LABELS[inv.status], right);
  let y = Math.max(left, right) + 14;
  rule(y);
  y += 12;

  // Bill to, and the purchase order and period on the right.
  left = text('BILL TO', LEFT, y, { size: 8.5, bold: true, color: MUTED, characterSpacing: 0.5 }) + 2;
  if (inv.bill_to_name) left = text(inv.bill_to_name, LEFT, left, { bold: true, width: 280 });
  if (d.organizationName && d.organizationName !== inv.bill_to_name) left = text(d.organizationName, LEFT, left, { width: 280 });
  for (const l of linesOf(inv.bill_to_address)) left = text(l, LEFT, left, { width: 280 });
  if (inv.bill_to_email) left = text(inv.bill_to_email, LEFT, left, { color: MUTED, width: 280 });
  right = y;
  if (inv.po_number) right = pair('Purchase order', inv.po_number, right, true);
  if (inv.period_start && inv.period_end) right = pair('Period', `${formatDay(inv.period_start)} to ${formatDay(inv.period_end)}`, right);
  y = Math.max(left, right) + 16;

  // Lines.
  const col = { desc: LEFT + 6, qty: 352, unit: 392, amount: 474 };
  const header = (top: number) => {
    doc.rect(LEFT, top, RIGHT - LEFT, 18).fill('#eeeeee');
    text('Description', col.desc, top + 5, { bold: true, size: 9 });
    text('Qty', col.qty, top + 5, { bold: true, size: 9, width: 34, align: 'right' });
    text('Unit price', col.unit, top + 5, { bold: true, size: 9, width: 76, align: 'right' });
    text('Amount', col.amount, top + 5, { bold: true, size: 9, width: RIGHT - col.amount - 6, align: 'right' });
    return top + 24;
  };
  y = header(y);
  for (const l of d.lines) {
    doc.font('Helvetica').fontSize(10);
    const h = doc.heightOfString(pdfText(l.description), { width: col.qty - col.desc - 12, lineGap: 1.5 });
    if (y + h > BOTTOM - 40) {
      doc.addPage();
      y = header(TOP);
    }
    text(l.description, col.desc, y, { width: col.qty - col.desc - 12 });
    text(String(l.quantity), col.qty, y, { width: 34, align: 'right' });
    text(formatCents(l.unitCents), col.unit, y, { width: 76, align: 'right' });
    text(formatCents(l.amountCents), col.amount, y, { width: RIGHT - col.amount - 6, align: 'right' });
    y += h + 8;
  }
  rule(y - 2);
  y += 8;

  // Totals.
  const totals: Array<[string, string, boolean]> = [['Total', formatCents(inv.total_cents), false]];
  if (inv.credited_cents > 0) totals.push(['Credits', `-${formatCents(inv.credited_cents)}`, false]);
  totals.push(['Paid', inv.paid_cents > 0 ? `-${formatCents(inv.paid_cents)}` : formatCents(0), false]);
  totals.push(['Balance due', formatCents(d.balanceCents), true]);
  if (y + totals.length * 16 > BOTTOM) {
    doc.addPage();
    y = TOP;
  }
  for (const [label, value, bold] of totals) {
    text(label, 352, y, { bold, size: bold ? 12 : 10, width: 110 });
    y = Math.max(doc.y, text(value, 462, y, { bold, size: bold ? 12 : 10, width: RIGHT - 462 - 6, align: 'right' })) + 3;
  }
  y += 14;

  // Payments received, then what to do next.
  const ensure = (needed: number) => {
    if (y + needed > BOTTOM) {
      doc.addPage();
      y = TOP;
    }
  };
  if (d.payments.length > 0) {
    ensure(30 + d.payments.length * 14);
    y = text('Payments received', LEFT, y, { bold: true, size: 11 }) + 3;
    for (const p of d.payments) {
      const what = `${formatDay(p.receivedOn)}  ${p.refund ? `Refund by ${METHOD_LABELS[p.method].toLowerCase()}` : p.reversal ? `${METHOD_LABELS[p.method]} returned` : METHOD_LABELS[p.method]}${p.reference ? ` ${p.reference}` : ''}`;
      text(what, LEFT, y, { width: 360 });
      y = Math.max(doc.y, text(formatCents(p.amountCents), 462, y, { width: RIGHT - 462 - 6, align: 'right' })) + 2;
    }
    y += 12;
  }

  const r = d.remittance;
  ensure(r.ach ? 170 : 110);
  const addressOneLine = r.checkAddress.join(', ');
  const url = opts.publicUrl && inv.status !== 'draft' ? `${opts.publicUrl}/invoices/${inv.public_token}` : null;
  let next: string[];
  let heading: string;
  if (inv.status === 'void') {
    heading = 'This invoice is void';
    next = ['It was cancelled and nothing is owed on it. Please do not pay it.'];
  } else if (creditedInFull(d)) {
    heading = 'Credited in full';
    next = [`Nothing is owed on this invoice: it was credited in full.${-d.balanceCents > 0 ? ` The ${formatCents(-d.balanceCents)} paid on it is to be refunded to you.` : ''}`];
  } else if (d.balanceCents <= 0) {
    heading = 'Paid in full';
    next = ['Thank you. Nothing more is owed on this invoice.'];
  } else {
    heading = 'How to pay';
    next = [
      `By check: make it payable to ${r.checkPayee}${addressOneLine ? ` and mail it to ${addressOneLine}` : ''}. Write invoice number ${number} on the check.`,
      ...(r.ach
        ? [
            `By ACH transfer: bank ${r.ach.bank}, routing number ${r.ach.routing}, account number ${r.ach.account}, account name ${r.checkPayee}. Quote invoice number ${number} as the payment reference.`,
          ]
        : []),
      askForBankDetails(r, number),
    ];
    if (d.w9 && opts.publicUrl) next.push(`Our W-9 form: contacts of your organization can download it when signed in, at ${opts.publicUrl}/org/invoices.`);
    if (url) next.push(opts.card ? 'Online: view this invoice, and pay by card, at' : 'Online: view this invoice at');
  }
  y = text(heading, LEFT, y, { bold: true, size: 11 }) + 3;
  for (const p of next) y = text(p, LEFT, y, { width: RIGHT - LEFT }) + 4;
  if (url) {
    if (d.balanceCents <= 0) y = text('View this invoice online at', LEFT, y, { width: RIGHT - LEFT, color: MUTED }) + 1;
    // Its own line, so the link is never broken at a hyphen of the token.
    y = text(url, LEFT, y, { width: RIGHT - LEFT, size: 9, color: MUTED, link: url }) + 4;
  }

  // Footer on the last page: who to ask.
  const contact = [a.contactEmail, a.phone].filter(Boolean).join(' · ');
  if (contact) {
    const at = y + 26 <= BOTTOM - 14 ? BOTTOM - 14 : y + 6;
    text(`Questions about this invoice? ${contact}`, LEFT, at, { size: 8.5, color: MUTED, width: RIGHT - LEFT, align: 'center' });
  }

  doc.end();
  return done;
}
