// The composition root: every email template reaches each app's mailer, and two apps built in
// one process share no hooks, slots, templates or attachment renderers (each works on its own
// database).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createTestContext, type TestContext } from '../../test/helpers.js';
import { isEmailTemplate } from '../lib/email.js';
import { issueInvoice } from './billing/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function filesDefiningTemplates(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(here, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.includes('.test.')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/\bdefineTemplate\b/.test(await readFile(file, 'utf8'))) found.push(file);
  }
  return found;
}

describe('two apps in one process', () => {
  let a: TestContext;
  let b: TestContext;
  beforeAll(async () => {
    a = await createTestContext();
    b = await createTestContext();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('every template a module defines is in the set the mailer renders with', async () => {
    const emailTemplates = a.deps.mail.templates;
    const files = await filesDefiningTemplates();
    expect(files.length).toBeGreaterThanOrEqual(8);
    let count = 0;
    for (const file of files) {
      const exported = Object.values((await import(file)) as Record<string, unknown>).filter(isEmailTemplate);
      for (const template of exported) {
        expect(emailTemplates.get(template.name), `${template.name} (${path.relative(here, file)}) is not added by wireModules (src/modules/index.ts)`).toBe(template);
        count++;
      }
    }
    expect(count).toBe(emailTemplates.size);
  });

  it('Members in Transition messages are hidden from whoever lacks the transition permission', () => {
    // (ethics-confidential messages, such as credentialing's revocation, are hidden from admins too)
    const notEthics = (names: string[]) => names.filter((name) => a.deps.mail.templates.get(name)?.confidential !== 'ethics');
    const hidden = notEthics(a.deps.mail.unreadableTemplates(new Set(['admin'])));
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((name) => name.startsWith('individuals.transition'))).toBe(true);
    expect(notEthics(a.deps.mail.unreadableTemplates(new Set(['transition'])))).toEqual([]);
    expect(a.deps.mail.unreadableTemplates(new Set(['transition', 'ethics']))).toEqual([]);
  });

  it('ethics messages (cases, and the credential revoked) are hidden from whoever lacks the ethics permission (staff admins too)', () => {
    const hidden = a.deps.mail.unreadableTemplates(new Set(['admin', 'transition']));
    expect(hidden).toContain('ethics.complaint_received');
    expect(hidden).toContain('credential.revoked');
    expect(hidden.every((name) => a.deps.mail.templates.get(name)?.confidential === 'ethics')).toBe(true);
  });

  it('each has its own hooks, slots, templates and attachment renderers, filled the same way', () => {
    expect(a.deps.hooks).not.toBe(b.deps.hooks);
    expect(a.deps.mail.templates).not.toBe(b.deps.mail.templates);
    expect([...a.deps.mail.templates.keys()]).toEqual([...b.deps.mail.templates.keys()]);
    expect(a.deps.hooks.membershipActivated).not.toBe(b.deps.hooks.membershipActivated);
    expect(a.deps.slots.orgSections).not.toBe(b.deps.slots.orgSections);
    expect(a.deps.slots.personStart).not.toBe(b.deps.slots.personStart);
    expect(a.deps.mail.attachments).not.toBe(b.deps.mail.attachments);
    for (const ctx of [a, b]) {
      expect(ctx.deps.hooks.membershipActivated).toHaveLength(1);
      expect(ctx.deps.hooks.individualInvoicePaid).toHaveLength(1);
      expect(ctx.deps.hooks.renewals).toHaveLength(1);
      expect(ctx.deps.hooks.invoiceSettled).toHaveLength(3); // events settles its orders' invoices; credentialing its application fees; jobs its posting fees
      expect(ctx.deps.slots.orgSections.map((s) => s.id).sort()).toEqual([
        'advisor',
        'assistance',
        'challenges',
        'contacts',
        'get-started',
        'invoices',
        'login-requests',
        'membership',
        'profile',
      ]);
      expect(ctx.deps.slots.personStart).toHaveLength(1);
      expect([...ctx.deps.mail.attachments.keys()].sort()).toEqual([
        'association_w9',
        'cohort_meeting_invitation',
        'event_calendar_file',
        'event_invitation',
        'invoice_pdf',
        'meeting_invitation',
      ]);
    }
  });

  it("renders an invoice's PDF attachment from its own app's database, not the app built last", async () => {
    const organizationId = await createOrganization(a, { name: 'Attachment City' });
    const invoice = await a.deps.db.transaction().execute((trx) =>
      issueInvoice(trx, a.deps, {
        organizationId,
        purpose: 'membership',
        lines: [{ description: 'Membership dues', quantity: 1, unitCents: 10_000 }],
        billTo: { name: 'Attachment City', email: 'finance@attachment.example', address: '1 Main St' },
      }),
    );
    const ref = { kind: 'invoice_pdf', id: invoice.id, filename: 'invoice.pdf' };
    const [file] = await a.deps.mail.renderAttachments([ref]);
    expect(file?.contentType).toBe('application/pdf');
    expect(file?.content.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(b.deps.mail.renderAttachments([ref])).rejects.toThrow(/no such invoice/);
  });
});
