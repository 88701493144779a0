// The shared layout: skip link, landmarks, navigation that follows the signed-in role, footer.
import type { ComponentChildren } from 'preact';
import { isStaff, type Principal } from '../lib/access.js';
import type { PageContext } from './context.js';

interface NavLink {
  href: string;
  label: string;
}

/** What a visitor needs first: the network, events, the two ways to join, the dues; "Sign in" follows. */
const VISITOR_LINKS: NavLink[] = [
  { href: '/network', label: 'Network' },
  { href: '/events', label: 'Events' },
  { href: '/join', label: 'Join as a government' },
  { href: '/join/individual', label: 'Join as a professional' },
  { href: '/dues', label: 'Dues' },
];

function navLinks(p: Principal | null, devMailbox: boolean, waiting: NavLink | null): NavLink[] {
  const links: NavLink[] = [{ href: '/', label: 'Home' }];
  if (!p) return [...links, ...VISITOR_LINKS];
  links.push({ href: '/events', label: 'Events' });
  if (p.orgs.size > 0) links.push({ href: '/org', label: 'My organization' });
  if (p.roles.has('member') || isStaff(p)) links.push({ href: '/directory', label: 'Who’s Who' });
  if (p.roles.has('member')) links.push({ href: '/me/membership', label: 'My membership' }, { href: '/me', label: 'My profile' });
  // a membership not active yet (its first invoice unpaid): the way back to it, besides the email
  else if (waiting) links.push(waiting);
  links.push({ href: '/me/events', label: 'My events' }, { href: '/account', label: 'My account' });
  if (isStaff(p)) links.push({ href: '/staff', label: 'Staff' });
  if (devMailbox) links.push({ href: '/dev/mailbox', label: 'Mailbox' });
  return links;
}

/** The link of the current page ('page') or of the section it belongs to ('true': /network/<slug>
 * under Network): the longest href that is the path or a prefix of it, so /join/individual is not
 * also marked as /join. */
function currentOf(links: NavLink[], path: string): Map<string, 'page' | 'true'> {
  let best: NavLink | undefined;
  for (const l of links) {
    const inside = l.href !== '/' && path.startsWith(`${l.href}/`);
    if ((l.href === path || inside) && (!best || l.href.length > best.href.length)) best = l;
  }
  return new Map(best ? [[best.href, best.href === path ? 'page' : 'true']] : []);
}

/** Civnet's own mark, the pages' icon where the association has no logo. */
export const FAVICON = '/assets/favicon.svg';

/** `scripts`: islands under /assets/js/ that enhance the page; every page works without them. */
/** `head`: more of the page's head (news: its feed link, Open Graph tags). */
export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; scripts?: string[]; head?: ComponentChildren }) {
  const { ctx } = props;
  const links = navLinks(ctx.principal, ctx.devMailbox, ctx.membershipWaiting);
  const current = currentOf(links, ctx.path);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.associationName}`}</title>
        {/* the association's own logo when it has one, else Civnet's mark (GET /favicon.ico answers the same) */}
        <link rel="icon" href={ctx.logoUrl ?? FAVICON} />
        <link rel="stylesheet" href="/assets/site.css" />
        {ctx.themeUrl ? <link rel="stylesheet" href={ctx.themeUrl} /> : null}
        {(props.scripts ?? []).map((s) => (
          <script key={s} type="module" src={`/assets/js/${s}`} />
        ))}
        {props.head ?? null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              {ctx.logoUrl ? <img class="brand-logo" src={ctx.logoUrl} alt="" height={40} /> : null}
              {ctx.associationName}
            </a>
            <nav aria-label="Main">
              <ul class="nav-list">
                {links.map((l) => (
                  <li key={l.href}>
                    <a href={l.href} aria-current={current.get(l.href)}>
                      {l.label}
                    </a>
                  </li>
                ))}
                <li>
                  {ctx.principal ? (
                    <form method="post" action="/logout" class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrf} />
                      <button type="submit" class="link-button">
                        Sign out
                      </button>
                    </form>
                  ) : (
                    <a href="/login" aria-current={ctx.path === '/login' ? 'page' : undefined}>
                      Sign in
                    </a>
                  )}
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {ctx.flash ? (
            <div class="flash" role="status">
              {ctx.flash}
            </div>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{ctx.associationName} · Powered by Civnet, open-source membership software for local government networks.</p>
            <nav aria-label="Programs and more">
              <ul class="footer-links">
                <li>
                  <a href="/events">Events</a>
                </li>
                <li>
                  <a href="/cohorts">Cohorts</a>
                </li>
                <li>
                  <a href="/delegations">Delegations</a>
                </li>
                <li>
                  <a href="/committees">Committees</a>
                </li>
                <li>
                  <a href="/ethics">Code of Ethics</a>
                </li>
                {/* the credential (issue 17, I7): one link that says the same to everyone, the public
                    check; a signed-in person also gets their own page, named as its heading is (not
                    staff who are not members themselves: they review credentials, they hold none) */}
                <li>
                  <a href="/credential/verify">Check a credential</a>
                </li>
                {ctx.principal && (ctx.principal.roles.has('member') || !isStaff(ctx.principal)) ? (
                  <li>
                    <a href="/credential">Your credential</a>
                  </li>
                ) : null}
                <li>
                  <a href="/chapters">Student chapters</a>
                </li>
                <li>
                  <a href="/api/docs">API documentation</a>
                </li>
                {/* news and stories (issue 18, C7) */}
                <li>
                  <a href="/news">News and stories</a>
                </li>
                {/* the job center (issue 18, C6) */}
                <li>
                  <a href="/jobs">Job center</a>
                </li>
                {/* resources (issue 18) */}
                <li>
                  <a href="/resources">Tools and resources</a>
                </li>
                {/* member groups (issue 19, C3): members only. A visitor or an organization's contact is
                    told there how to join; one whose membership waits to start would only be refused. */}
                {ctx.membershipWaiting ? null : (
                  <li>
                    <a href="/groups">Groups</a>
                  </li>
                )}
                {/* partners (issue 20, R1–R2) */}
                <li>
                  <a href="/partners">Our partners</a>
                </li>
                {/* newsletters (issue 19, C4) */}
                <li>
                  <a href="/newsletters">Newsletters</a>
                </li>
                {/* commitments (issue 20, O15) */}
                <li>
                  <a href="/commitments">Commitments</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
