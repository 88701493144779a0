// What every page needs from the request: who is signed in, a CSRF token for forms,
// the association's name, one flash message, and the current path for navigation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasDevMailbox } from '../config.js';
import type { Principal } from '../lib/access.js';

export interface PageContext {
  principal: Principal | null;
  csrf: string;
  associationName: string;
  /** the association's logo for the header (settings), or null */
  logoUrl: string | null;
  /** the stylesheet with the association's brand colours (settings), or null for the defaults */
  themeUrl: string | null;
  flash: string | null;
  path: string;
  /** the association's time zone (settings): times on pages are written in it, with its name */
  timeZone: string;
  /** the development mailbox is there and this person may read it */
  devMailbox: boolean;
  /** the person's membership that is not active yet (its first invoice unpaid, or its eligibility
   * unchecked), as a menu link: a place of deps.slots.personPlaces with a `menu` name; null: none */
  membershipWaiting: { href: string; label: string } | null;
}

const FLASH_COOKIE = 'flash';

/** The longest message kept whole: encoded, it must fit a cookie (4,096 bytes with its name and
 * attributes) even when every character is a typographic quote (9 bytes encoded). */
const FLASH_MAX = 400;

/** The message, whole if it fits, else cut at the last word that fits, with an ellipsis. */
export function flashText(message: string): string {
  if (message.length <= FLASH_MAX) return message;
  const cut = message.slice(0, FLASH_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > FLASH_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function setFlash(reply: FastifyReply, message: string): void {
  // Secure in production, like the session cookie: a message can name an invoice or a person.
  const secure = reply.server.deps.config.production;
  reply.setCookie(FLASH_COOKIE, encodeURIComponent(flashText(message)), { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** A message is waiting to be shown on the next page (it makes that page differ from visitor to visitor). */
export const hasFlash = (req: FastifyRequest): boolean => !!req.cookies[FLASH_COOKIE];

export async function pageContext(req: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const raw = req.cookies[FLASH_COOKIE];
  let flash: string | null = null;
  if (raw) {
    try {
      flash = decodeURIComponent(raw);
    } catch {
      flash = null;
    }
    reply.clearCookie(FLASH_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: reply.server.deps.config.production });
  }
  const deps = req.server.deps;
  const association = await deps.association.get();
  const p = req.principal;
  // A member's menu has its links already; a person who joined may wait for the membership to start.
  const places = p && !p.roles.has('member') ? await Promise.all(deps.slots.personPlaces.map((slot) => slot(deps, p))) : [];
  const waiting = places.find((place) => place?.menu);
  return {
    principal: req.principal,
    csrf: reply.generateCsrf(),
    associationName: association.name,
    // The file's id and the colour in the address: a change is fetched at once, never from a cache.
    logoUrl: logoUrlOf(association),
    themeUrl: association.brand_colour ? `/association/theme.css?v=${association.brand_colour.slice(1)}` : null,
    flash,
    path: req.url.split('?')[0] ?? '/',
    timeZone: association.time_zone,
    devMailbox: hasDevMailbox(deps.config) && !!req.principal?.roles.has('admin'),
    membershipWaiting: waiting?.menu ? { href: waiting.href, label: waiting.menu } : null,
  };
}

/** The association's uploaded logo (its file's id in the address), or null when it has none. */
export const logoUrlOf = (association: { logo_file_id: string | null }): string | null => (association.logo_file_id ? `/association/logo?v=${association.logo_file_id}` : null);
