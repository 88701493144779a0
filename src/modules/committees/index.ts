// What other modules (and the composition root) may use of committees.
export * as emails from './emails.js';
export { committeesMover, moveCommitteeRows } from './merge.js';
export { registerCommitteeJobs, scheduleCommitteeJobs, sendTermReminders, TERM_REMINDERS_QUEUE } from './reminders.js';
export { committeesRoutes } from './routes.js';
export { seedCommitteesDemo } from './seed.js';
export { addSeat, addTerm, answerAppointment, answerNomination, appoint, createCommittee, createElection, nominate, recordElection } from './service.js';
