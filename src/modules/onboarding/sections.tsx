// Where the checklists show: a section of the organization home (first, before membership) and a
// part at the top of /me. The composition root puts them in deps.slots.
import type { OrgSection, PersonStartSlot } from '../../deps.js';
import { organizationChecklist, personChecklist } from './checklist.js';
import { ChecklistView } from './views.js';

export const getStartedSection: OrgSection = {
  id: 'get-started',
  order: 5,
  title: 'Get started',
  async render(ctx) {
    const checklist = await organizationChecklist(ctx);
    return checklist ? <ChecklistView checklist={checklist} csrf={ctx.page.csrf} /> : null;
  },
};

export const personGetStarted: PersonStartSlot = async (ctx) => {
  const checklist = await personChecklist(ctx);
  if (!checklist) return null;
  return (
    <section id="get-started" aria-labelledby="get-started-heading">
      <h2 id="get-started-heading">Get started</h2>
      <ChecklistView checklist={checklist} csrf={ctx.page.csrf} />
    </section>
  );
};
