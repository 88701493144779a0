// The organization home (/org, O7) is made of sections that modules contribute: billing's
// invoices, advising's advisor and first meeting, assistance's requests, the portal's own
// contacts, profile and login requests. Each module exports its section as a value; the
// composition root (src/modules/index.ts) puts them on this app's `deps.slots.orgSections`; the
// home page renders them in `order`, each with a heading and an id for the page's table of
// contents.
import type { Deps, OrgSection } from '../../deps.js';

export type { OrgSection, OrgSectionContext } from '../../deps.js';

/** This app's sections of the organization home, in page order. */
export function orgSections(deps: Pick<Deps, 'slots'>): OrgSection[] {
  return [...deps.slots.orgSections].sort((a, b) => a.order - b.order);
}
