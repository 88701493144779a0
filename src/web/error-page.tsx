// The page shown for a failed request: plain words and a way on.
import { isStaff } from '../lib/access.js';
import type { AppError } from '../lib/errors.js';
import type { PageContext } from './context.js';
import { Layout } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'Something in the request was not right',
  401: 'Please sign in',
  403: 'You do not have access to this page',
  404: 'Page not found',
  // not possible in its present state, the message says why (a repeat carries its own title,
  // "Already done": AppError.title)
  409: 'That cannot be done now',
  413: 'That was too large',
  429: 'Too many attempts',
  503: 'Service busy',
};
/** Titles of refusals whose status says too little: a form refused for its token (expired, or
 * sent from another site) is not a question of access. */
const CODE_TITLES: Partial<Record<string, string>> = { csrf_invalid: 'The form was not sent' };

export function ErrorPage(props: {
  ctx: PageContext;
  error: AppError;
  /** refused at a members' page for not being a member; `waiting`: the person's membership that is not active yet */
  membersOnly?: { waiting: { label: string; href: string; roles: string[] } | null };
}) {
  if (props.membersOnly) return MembersOnlyPage({ ctx: props.ctx, waiting: props.membersOnly.waiting });
  // the error's own title when it has one ("Already done" for a repeat), else the status's
  const title =
    props.error.title ??
    CODE_TITLES[props.error.code] ??
    TITLES[props.error.status] ??
    (props.error.status >= 500 ? 'Something went wrong' : 'Something in the request was not right');
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      <p>{props.error.message}</p>
      {props.error.status === 401 ? (
        <p>
          <a href="/login">Sign in</a>
        </p>
      ) : null}
      {props.error.status === 403 && props.error.code !== 'csrf_invalid' ? (
        // Staff roles are given by a staff admin, an organization's seats by its administrator;
        // membership staff answer everyone else.
        <p>
          If you think you should have access, ask{' '}
          {isStaff(props.ctx.principal)
            ? 'a staff admin of your association for the role it needs'
            : props.ctx.principal?.orgs.size
              ? 'your organization’s administrator, or your association’s membership staff'
              : 'your association’s membership staff'}
          .
        </p>
      ) : null}
      {props.error.wayOn ? (
        <p>
          <a href={props.error.wayOn.href}>{props.error.wayOn.label}</a>
        </p>
      ) : null}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>
  );
}

/** A members' page refused to someone signed in who is not an individual member (an organization's
 * contact, say): what the page is for, and how to become a member, or, for one who has joined and
 * waits, where that membership stands. */
function MembersOnlyPage(props: { ctx: PageContext; waiting: { label: string; href: string; roles: string[] } | null }) {
  const orgContact = !!props.ctx.principal?.orgs.size;
  return (
    <Layout ctx={props.ctx} title="This page is for members">
      <h1>This page is for members</h1>
      <p>
        It is for individual members of {props.ctx.associationName} and its staff.
        {props.waiting
          ? ' Your membership is not active yet: these pages open once it is.'
          : orgContact
            ? ' Your organization’s membership does not include it: each person joins as an individual member on their own.'
            : ''}
      </p>
      <ul>
        <li>{props.waiting ? <a href={props.waiting.href}>{props.waiting.label}</a> : <a href="/join/individual">Become an individual member</a>}</li>
        <li>
          <a href="/">Go to the home page</a>
        </li>
      </ul>
    </Layout>
  );
}
