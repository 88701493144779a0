// The sign-in page's word for a visitor sent there by an event's Register button
// (deps.slots.signInReasons): the event named when its page is public, else "this event", so a
// draft's or an unknown address's title never shows; and for the links of its emails (a ticket,
// My events).
import type { SignInReason } from '../../deps.js';
import { publicEventBySlug } from './queries.js';
import { isSlug } from './schemas.js';

const REGISTER_PATH = /^\/events\/([^/?#]+)\/register(?:\/group)?(?:[?#]|$)/;
const TICKET_PATH = /^\/tickets\/[^/?#]+\/?(?:[?#]|$)/;
const MY_EVENTS_PATH = /^\/me\/events(?:\/|[?#]|$)/;
const EVENT_PATH = /^\/events\/([^/?#]+)\/?(?:[?#]|$)/;

const publicTitle = async (deps: Parameters<SignInReason>[0], slug: string) => (isSlug(slug) ? ((await publicEventBySlug(deps.db, slug))?.title ?? null) : null);

export const eventSignInReason: SignInReason = async (deps, next) => {
  const register = REGISTER_PATH.exec(next);
  if (register) {
    const title = await publicTitle(deps, register[1] ?? '');
    return `Sign in to register for ${title ?? 'this event'}. You will come back to its registration form.`;
  }
  // an email's links to one's own ticket and events (nothing looked up: the words are the same for any code)
  if (TICKET_PATH.test(next)) return 'Sign in to see your ticket. You will come back to it.';
  if (MY_EVENTS_PATH.test(next)) return 'Sign in to see your events and registrations. You will come back to them.';
  // a members-only event's teaser sends visitors here to see the rest of it
  const page = EVENT_PATH.exec(next);
  const title = page ? await publicTitle(deps, page[1] ?? '') : null;
  return title ? `Sign in to see all of ${title}. You will come back to its page.` : null;
};
