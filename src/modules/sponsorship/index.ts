// What other modules (and the composition root) may use of sponsorship.
import type { EventPagePart } from '../../deps.js';
import { publicSponsors } from './queries.js';
import { EventSponsors } from './views.js';

export * as emails from './emails.js';
export { sponsorshipRoutes } from './routes.js';
export { seedSponsorshipDemo } from './seed.js';
export { acceptApplication, closePackage, confirmApplication, createPackage, declineApplication, startApplication, updatePackage } from './service.js';
export { withdrawSponsor } from './withdraw.js';

/** The conference's sponsors on its event page (deps.slots.eventPageParts); nothing when it has none. */
export const eventSponsorsPart: EventPagePart = async (deps, event) => {
  const sponsors = await publicSponsors(deps.db, { eventId: event.id });
  return sponsors.length ? EventSponsors({ sponsors }) : null;
};
export { sponsorshipApplicationNames, sponsorshipPackageNames } from './queries.js';
