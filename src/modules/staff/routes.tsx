// The staff area's front page: what each staff role can reach.
import type { FastifyInstance } from 'fastify';
import { access, hasStaffRole } from '../../lib/access.js';
import { FilterInput } from '../../web/components.js';
import { pageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { rolesInWords } from '../accounts/index.js';
import { needsAttention } from './attention.js';

export async function staffRoutes(app: FastifyInstance) {
  app.get('/staff', { config: { access: access.anyStaff() } }, async (req, reply) => {
    const ctx = await pageContext(req, reply);
    const p = req.principal;
    const attention = await needsAttention(app.deps, p);
    const waiting = attention.filter((a) => a.count > 0);
    const tools: Array<{ href: string; label: string; about: string }> = [];
    if (hasStaffRole(p, 'admin')) {
      tools.push({ href: '/staff/settings', label: 'Association settings', about: 'Name, contact details and membership year.' });
      tools.push({ href: '/staff/audit', label: 'Audit log', about: 'Who changed what in the association’s records, and when.' });
      tools.push({ href: '/staff/users', label: 'Staff accounts', about: 'Invite staff members, change their roles, deactivate an account.' });
      tools.push({ href: '/staff/api-tokens', label: 'Service API tokens', about: 'Tokens that connect other systems to the JSON API, with their scopes.' });
    }
    // module tools
    // individuals: levels, individual members (membership and finance; finance alone sees dues inputs), Members in Transition (its own permission, never admin's)
    if (hasStaffRole(p, 'membership')) tools.push({ href: '/staff/levels', label: 'Membership levels', about: 'Individual membership levels: who may join each, and its dues.' });
    if (hasStaffRole(p, 'membership'))
      tools.push({
        href: '/staff/individuals/verification',
        label: 'Eligibility checks',
        about: 'People waiting for you to confirm they fit their level (proof of study, for example).',
      });
    if (hasStaffRole(p, 'finance'))
      tools.push({ href: '/staff/individuals', label: 'Individual members', about: 'Individual memberships with their private dues inputs and invoices.' });
    else if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/individuals', label: 'Individual members', about: 'Individual memberships: level, term, status and invoices.' });
    if (p?.roles.has('transition'))
      tools.push({ href: '/staff/transition', label: 'Members in Transition', about: 'Confidential requests to waive dues after an involuntary separation.' });
    if (hasStaffRole(p, 'advisor'))
      tools.push({ href: '/staff/advising', label: 'Advising', about: 'Your upcoming meetings, your organizations, who has not booked, and your availability.' });
    if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/advisors', label: 'Advisors', about: 'Advisors’ regions and load; assign or reassign an organization’s advisor.' });
    if (hasStaffRole(p, 'advisor') || hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/assistance', label: 'Technical assistance', about: 'Requests from member organizations: reply, set status, assign advisors.' });
    if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/login-requests', label: 'Login requests', about: 'Requests for an account at a member with no administrator, or that matched no member.' });
    if (hasStaffRole(p, 'communications')) tools.push({ href: '/staff/pathways', label: 'Pathways', about: 'The priorities organizations choose and the network map filters by.' });
    if (hasStaffRole(p, 'communications')) tools.push({ href: '/staff/join', label: 'Join pages', about: 'The public page on why and how to join: benefits, steps and contacts.' });
    if (hasStaffRole(p, 'membership')) tools.push({ href: '/staff/dues', label: 'Dues schedules', about: 'Dues by population band, and new versions by the date they start.' });
    if (hasStaffRole(p, 'membership') || hasStaffRole(p, 'finance') || hasStaffRole(p, 'advisor'))
      tools.push({
        href: '/staff/organizations',
        label: 'Organizations',
        about: 'Find any member or applicant by name and open its whole record: membership, invoices, contacts, advisor, notes and activity.',
      });
    if (hasStaffRole(p, 'membership') || hasStaffRole(p, 'finance'))
      tools.push({ href: '/staff/renewals', label: 'Renewals', about: 'What the next renewal run will do, run it now, and what past runs did.' });
    if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/people', label: 'People', about: 'Find any account by name or email and open its record: roles, seats, membership, sign-in.' });
    if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/applications', label: 'Applications', about: 'Review applications to join: approve, decline, or ask for more information.' });
    if (hasStaffRole(p, 'finance')) {
      tools.push({ href: '/staff/invoices', label: 'Invoices', about: 'Invoices and payments: record a check, ACH or wire, reverse a payment, credit or void an invoice.' });
      tools.push({ href: '/staff/receivables', label: 'Receivables', about: 'Open balances by how long they are past due, with CSV export.' });
    }
    if (hasStaffRole(p, 'programs')) {
      tools.push({ href: '/staff/events', label: 'Events', about: 'Trainings, workshops, webinars and the conference: tickets, registrations, waitlist, check-in and PD hours.' });
      tools.push({
        href: '/staff/cohorts',
        label: 'Cohorts and delegations',
        about: 'Calls for participants, applications to review and select, meetings and the cohorts’ spaces.',
      });
      tools.push({ href: '/staff/committees', label: 'Committees', about: 'Seats and terms, nomination windows, elections and appointments, and the public rosters.' });
    }
    // the profession (issue 17): ethics is its own permission (staff admins do not hold it)
    if (hasStaffRole(p, 'ethics')) {
      tools.push({
        href: '/staff/ethics',
        label: 'Ethics cases',
        about: 'Complaints and cases under the Code of Ethics: intake, response, fact-finding, decisions and appeals. Confidential.',
      });
      tools.push({ href: '/staff/ethics/code', label: 'Code of Ethics', about: 'The tenets, guidelines and rules of procedure: write a new version, preview and publish it.' });
    }
    if (hasStaffRole(p, 'membership')) {
      tools.push({ href: '/staff/credential', label: 'Credentialing', about: 'Credential applications by quarterly cycle, reviews and awards, reinstatements.' });
      tools.push({ href: '/staff/chapters', label: 'Student chapters', about: 'Requests to form a chapter, yearly chapter reports, dormant chapters.' });
    }
    // the job center (issue 18, C6): communications staff moderate postings
    if (hasStaffRole(p, 'communications')) {
      tools.push({ href: '/staff/jobs', label: 'Job postings', about: 'Postings waiting for review: approve, ask for changes or reject; the posting fee.' });
      tools.push({ href: '/staff/news', label: 'News and stories', about: 'Write, schedule and publish stories; preview links and revision history.' });
      tools.push({ href: '/staff/resources', label: 'Tools and resources', about: 'Guides, toolkits, recordings and templates with their files; topic pages.' });
      tools.push({ href: '/staff/newsletters', label: 'Newsletters', about: 'Lists, campaigns to a segment (test, schedule, send), reports and the suppression list.' });
      tools.push({ href: '/groups', label: 'Groups', about: 'Groups members asked for, and moderation of every group.' });
    }
    // partners (issue 20, R1–R2): partnerships staff keep the relationships
    if (hasStaffRole(p, 'partnerships'))
      tools.push({ href: '/staff/partners', label: 'Partners', about: 'Alliances, partnerships, branches and chapters: inquiries, agreements, deliverables, renewals.' });
    // commitments (issue 20, O15): communications and partnerships staff publish them
    if (hasStaffRole(p, 'communications') || hasStaffRole(p, 'partnerships'))
      tools.push({ href: '/staff/commitments', label: 'Commitments', about: 'Public commitments governments sign: publish, open or close, and every signature with its history.' });
    if (hasStaffRole(p, 'partnerships'))
      tools.push({ href: '/staff/sponsorship', label: 'Sponsorship', about: 'Conference and year-round sponsorship packages; companies’ applications, acceptance and invoices.' });
    // import (issue 21, P5): membership staff (and admins) bring organizations from another system
    if (hasStaffRole(p, 'membership'))
      tools.push({ href: '/staff/import', label: 'Import', about: 'Organizations from another system or a spreadsheet: match columns, check every row, import.' });
    if (hasStaffRole(p, 'membership') || hasStaffRole(p, 'finance'))
      tools.push({
        href: '/staff/reports',
        label: 'Reports',
        about: 'Members by type, state, population and level, over time; dues invoiced and collected; with charts, tables and CSV.',
      });
    // "Find a record": organizations' records for those who read them, people's for membership staff.
    const findOrganizations = hasStaffRole(p, 'membership') || hasStaffRole(p, 'finance') || hasStaffRole(p, 'advisor');
    const findPeople = hasStaffRole(p, 'membership');
    if (ctx.devMailbox) tools.push({ href: '/dev/mailbox', label: 'Development mailbox', about: 'Email the system would send.' });
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Staff area">
        <h1>Staff area</h1>
        <p>Your roles: {rolesInWords([...(p?.roles ?? [])])}.</p>
        {findOrganizations ? (
          <search aria-labelledby="find-heading">
            <h2 id="find-heading">Find a record</h2>
            <form method="get" action="/staff/organizations" class="filters">
              <FilterInput name="q" label={findPeople ? 'Name, or a person’s email' : 'Organization’s name'} type="search" />
              <button type="submit">Find organizations</button>
              {findPeople ? (
                <button type="submit" formaction="/staff/people">
                  Find people
                </button>
              ) : null}
            </form>
          </search>
        ) : null}
        {attention.length ? (
          <section aria-labelledby="attention-heading" class="attention">
            <h2 id="attention-heading">Needs attention</h2>
            {waiting.length ? (
              <ul>
                {waiting.map((a) => (
                  <li key={a.href}>
                    <a href={a.href}>
                      {a.label}: <strong>{a.count.toLocaleString('en-US')}</strong>
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>Nothing waiting.</p>
            )}
            {waiting.length && waiting.length < attention.length ? (
              <p>
                Nothing waiting for:{' '}
                {attention
                  .filter((a) => a.count === 0)
                  .map((a) => a.label.charAt(0).toLowerCase() + a.label.slice(1))
                  .join('; ')}
                .
              </p>
            ) : null}
          </section>
        ) : null}
        <h2>Your tools</h2>
        <ul class="cards">
          {tools.map((t) => (
            <li class="card" key={t.href}>
              <h3>
                <a href={t.href}>{t.label}</a>
              </h3>
              <p>{t.about}</p>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
