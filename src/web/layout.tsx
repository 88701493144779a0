// The shared layout: skip link, landmarks, navigation that follows the signed-in role, footer.
import type { ComponentChildren } from 'preact';
import { isStaff, type Principal } from '../lib/access.js';
import type { PageContext } from './context.js';

interface NavLink {
  href: string;
  label: string;
}

function navLinks(p: Principal | null, devMailbox: boolean): NavLink[] {
  const links: NavLink[] = [{ href: '/', label: 'Home' }];
  if (!p) return links;
  if (p.orgs.size > 0) links.push({ href: '/org', label: 'My organization' });
  if (p.roles.has('member') || isStaff(p)) links.push({ href: '/directory', label: "Who's Who" });
  if (p.roles.has('member')) links.push({ href: '/me/membership', label: 'My membership' }, { href: '/me', label: 'My profile' });
  links.push({ href: '/account', label: 'My account' });
  if (isStaff(p)) links.push({ href: '/staff', label: 'Staff' });
  if (devMailbox) links.push({ href: '/dev/mailbox', label: 'Mailbox' });
  return links;
}

/** `scripts`: islands under /assets/js/ that enhance the page; every page works without them. */
export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; scripts?: string[] }) {
  const { ctx } = props;
  const links = navLinks(ctx.principal, ctx.devMailbox);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.associationName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        {ctx.themeUrl ? <link rel="stylesheet" href={ctx.themeUrl} /> : null}
        {(props.scripts ?? []).map((s) => (
          <script key={s} type="module" src={`/assets/js/${s}`} />
        ))}
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
                    <a href={l.href} aria-current={ctx.path === l.href ? 'page' : undefined}>
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
            <p>
              <a href="/api/docs">API documentation</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
