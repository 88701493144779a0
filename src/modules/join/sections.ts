// The sections of the join page: a fixed list, each with its place on the page and the link
// that follows its text. Staff edit the title and text (stored in `join_sections`); the links
// are part of the page, so that an edit can never break the way to the calculator or the form.

export const SECTION_KEYS = ['intro', 'elected_officials', 'staff', 'dues', 'steps', 'regional'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export type SectionAction = { kind: 'link'; href: string; label: string } | { kind: 'contact_email'; label: string };

export interface SectionDefinition {
  key: SectionKey;
  /** what staff see in the list of sections */
  purpose: string;
  defaultTitle: string;
  /** shown side by side with the other benefit sections */
  benefit?: boolean;
  action?: SectionAction;
}

export const SECTIONS: readonly SectionDefinition[] = [
  { key: 'intro', purpose: 'Introduction at the top of the page', defaultTitle: 'Why join' },
  { key: 'elected_officials', purpose: 'Benefits for elected officials', defaultTitle: 'For elected officials', benefit: true },
  { key: 'staff', purpose: 'Benefits for staff', defaultTitle: 'For staff', benefit: true },
  {
    key: 'dues',
    purpose: 'Dues, followed by a link to the dues calculator',
    defaultTitle: 'What membership costs',
    action: { kind: 'link', href: '/dues', label: 'Work out your dues' },
  },
  {
    key: 'steps',
    purpose: 'Steps to join, followed by a link to the application',
    defaultTitle: 'How to join',
    action: { kind: 'link', href: '/apply', label: 'Start your application' },
  },
  {
    key: 'regional',
    purpose: 'Regional entities, followed by the association’s contact email',
    defaultTitle: 'Regional entities',
    action: { kind: 'contact_email', label: 'Email' },
  },
];

export const sectionDefinition = (key: string): SectionDefinition | undefined => SECTIONS.find((s) => s.key === key);
export const sectionPosition = (key: SectionKey): number => SECTION_KEYS.indexOf(key);
