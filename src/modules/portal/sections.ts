// The organization home (/org, O7) is made of sections that modules contribute: billing's
// invoices, advising's advisor and first meeting, assistance's requests, the portal's own
// contacts, profile and login requests. Each module registers its section when its routes are
// registered; the home page renders them in `order`, each with a heading and an id for the
// page's table of contents.
import type { VNode } from 'preact';
import type { OrgRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import type { Principal } from '../../lib/access.js';
import type { PageContext } from '../../web/context.js';

export interface OrgSectionContext {
  deps: Deps;
  /** the organization whose home this is; the viewer is one of its contacts (checked before) */
  organizationId: string;
  organizationName: string;
  viewer: Principal;
  /** the viewer's role in this organization */
  role: OrgRole;
  page: PageContext;
}

export interface OrgSection {
  /** unique; also the element id of the section (`#advisor`) */
  id: string;
  /** position on the page: smaller first (status 10, invoices 20, advisor 30, assistance 40, contacts 50, profile 60, login requests 70) */
  order: number;
  title: string;
  /** the section's body; null leaves the section out */
  render(ctx: OrgSectionContext): Promise<VNode | null>;
}

const sections = new Map<string, OrgSection>();

export function registerOrgSection(section: OrgSection): void {
  sections.set(section.id, section);
}

export function orgSections(): OrgSection[] {
  return [...sections.values()].sort((a, b) => a.order - b.order);
}
