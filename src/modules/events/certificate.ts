// The certificate of attendance as a PDF (pdfkit, the standard Helvetica fonts: no font files):
// the association, the attendee, the event, its dates and the PD hours earned. One page, US Letter
// landscape.
import PDFDocument from 'pdfkit';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { type CertificateData, hoursOf } from './pd.js';

// The standard fonts speak WinAnsi (Latin-1 and a few marks): other letters are reduced to their
// base letter, or a question mark, never dropped silently.
function pdfText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || '‘’“”–—…'.includes(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => (c.codePointAt(0) ?? 0) < 0x100) ? base : '?';
    }
  }
  return out;
}

function datesOf(d: CertificateData): string {
  const first = formatZonedDay(d.startsAt, d.timeZone);
  const last = formatZonedDay(d.endsAt, d.timeZone);
  return first === last ? first : `${first} to ${last}`;
}

export function renderCertificatePdf(d: CertificateData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 64,
    info: { Title: pdfText(`Certificate of attendance: ${d.title}`), Author: pdfText(d.association), Subject: 'Certificate of attendance' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 128;
  const hours = hoursOf(d.minutes);
  doc
    .rect(32, 32, doc.page.width - 64, doc.page.height - 64)
    .lineWidth(2)
    .stroke('#1f4e79');
  doc.fillColor('#1f4e79').font('Helvetica-Bold').fontSize(16).text(pdfText(d.association), 64, 80, { width, align: 'center' });
  doc.moveDown(1.5);
  doc.fillColor('#1a1a1a').font('Helvetica-Bold').fontSize(30).text('Certificate of attendance', { width, align: 'center' });
  doc.moveDown(1.2);
  doc.font('Helvetica').fontSize(14).text('This certifies that', { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(24).text(pdfText(d.attendee), { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('Helvetica').fontSize(14).text('attended', { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(20).text(pdfText(d.title), { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('Helvetica').fontSize(14).text(datesOf(d), { width, align: 'center' });
  doc.moveDown(1.2);
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`${hours} ${hours === '1' ? 'hour' : 'hours'} of professional development`, { width, align: 'center' });
  doc.moveDown(2);
  doc
    .fillColor('#555555')
    .font('Helvetica')
    .fontSize(11)
    .text(pdfText(`Issued by ${d.association}. Credited on ${formatDay(d.earnedOn)}.`), { width, align: 'center' });
  doc.end();
  return done;
}

/** The download's file name: the event's title in plain letters. */
export const certificateFilename = (title: string): string =>
  `certificate-${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'event'
  }.pdf`;
