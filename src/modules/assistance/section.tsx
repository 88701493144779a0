// The organization home's "Technical assistance" section (/org): open requests and a link to
// file a new one.
import type { OrgSection } from '../../deps.js';
import { listOrganizationRequests } from './queries.js';
import { RequestsTable } from './views.js';

export const assistanceSection: OrgSection = {
  id: 'assistance',
  order: 40,
  title: 'Technical assistance',
  async render(ctx) {
    const open = await listOrganizationRequests(ctx.deps.db, [ctx.organizationId], ctx.deps.clock.now(), { openOnly: true });
    return (
      <>
        {open.length === 0 ? (
          <p>No open requests. Your advisor can help with projects and questions on any of the network’s pathways.</p>
        ) : (
          <RequestsTable requests={open} caption="Open assistance requests" showOrg={false} zone={ctx.page.timeZone} />
        )}
        <p>
          <a href={`/org/assistance/new?org=${ctx.organizationId}`}>Ask for technical assistance</a> · <a href={`/org/assistance?org=${ctx.organizationId}`}>All requests</a>
        </p>
      </>
    );
  },
};
