// The sign-in page's word for a visitor sent there by an event's Register button
// (deps.slots.signInReasons): the event named when its page is public, else "this event", so a
// draft's or an unknown address's title never shows.
import type { SignInReason } from '../../deps.js';
import { publicEventBySlug } from './queries.js';
import { isSlug } from './schemas.js';

const REGISTER_PATH = /^\/events\/([^/?#]+)\/register(?:\/group)?(?:[?#]|$)/;

export const registrationSignInReason: SignInReason = async (deps, next) => {
  const m = REGISTER_PATH.exec(next);
  if (!m) return null;
  const slug = m[1] ?? '';
  const event = isSlug(slug) ? await publicEventBySlug(deps.db, slug) : null;
  return `Sign in to register for ${event ? event.title : 'this event'}. You will come back to its registration form.`;
};
