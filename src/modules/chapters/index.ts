// What other modules (and the composition root) may use of student chapters.
export * as emails from './emails.js';
export { CHAPTER_JOBS_QUEUE, markDormantChapters, registerChapterJobs, runChapterDay, scheduleChapterJobs, sendReportReminders } from './jobs.js';
export { addChapterEvent, joinChapter, leaveChapter, removeChapterEvent, removeMember } from './members.js';
export { moveChapterRows } from './merge.js';
export { answerOfficerInvitation, inviteOfficer, inviteOfficerAsStaff } from './officers.js';
export { chapterNames, chapterOfficerNames, chapterReportNames } from './queries.js';
export { askReactivation, reactivateChapter } from './reactivation.js';
export { acceptReport, returnReport, submitReport, updateChapterSettings } from './reports.js';
export { approveChapter, declineChapter, requestChapter } from './requests.js';
export { chaptersRoutes } from './routes.js';
export { seedChaptersDemo } from './seed.js';
export { academicYearOf, dueDate } from './shared.js';
