// What other modules (and the composition root) may use of committees.
export * as emails from './emails.js';
export { answerAppointment, appoint, recordElection } from './holders.js';
export { committeesMover, moveCommitteeRows } from './merge.js';
export { answerNomination, nominate } from './nominations.js';
export { committeeElectionNames, committeeHolderNames, committeeNames, committeeNominationNames, committeeSeatNames, committeeTermNames } from './queries.js';
export { registerCommitteeJobs, scheduleCommitteeJobs, sendTermReminders, TERM_REMINDERS_QUEUE } from './reminders.js';
export { committeesRoutes } from './routes.js';
export { seedCommitteesDemo } from './seed.js';
export { addSeat, addTerm, createCommittee, createElection, updateCommittee } from './service.js';
