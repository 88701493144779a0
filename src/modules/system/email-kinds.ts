// The development mailbox's words for the kinds of email.

/** What each module's email is about, by its template's first word (`applications.submitted`):
 * the page names the kind of email in words, never the template's code. */
export const EMAIL_KINDS: Readonly<Record<string, string>> = {
  accounts: 'Accounts and signing in',
  advising: 'Advisors and meetings',
  applications: 'Membership applications',
  assistance: 'Technical assistance',
  billing: 'Invoices and payments',
  challenges: 'Business challenges',
  chapters: 'Student chapters',
  cohorts: 'Leadership cohorts',
  committees: 'Committees',
  credential: 'Credentialing',
  ethics: 'Code of Ethics',
  events: 'Events',
  groups: 'Member groups',
  individuals: 'Individual membership',
  jobs: 'Job center',
  newsletters: 'Newsletters',
  partners: 'Partners',
  portal: 'Organizations’ people',
  sponsorship: 'Sponsorship',
  webhooks: 'Webhooks',
};

/** "Membership applications", or "Other email" for a template of a module not listed above. */
export const emailKind = (template: string): string => EMAIL_KINDS[template.split('.')[0] ?? ''] ?? 'Other email';
