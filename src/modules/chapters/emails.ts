// Email templates of student chapters: an officer invitation to accept, a request received (to
// membership staff), approved or declined with reasons (to the requester), the yearly report due
// soon and overdue (to the officers), a report filed (to membership staff), accepted or sent back
// (to the officers), a chapter gone dormant (to its officers), and a dormant chapter's officers
// asking membership staff to reactivate it; membership staff inviting an officer to a chapter left
// with none, and reactivating a dormant chapter (to its officers, or those who were); an officer
// invitation declined (to whoever sent it: an officer, membership staff, or the requester); a member
// removed by an officer (to that member).
import { defineTemplate } from '../../lib/email.js';

export const officerInvitedEmail = defineTemplate<{ chapter: string; university: string; role: string; invitedBy: string; termStart: string; termEnd: string; url: string }>(
  'chapters.officer_invited',
  (d) => ({
    subject: `Will you be ${d.role} of ${d.chapter}?`,
    paragraphs: [
      `${d.invitedBy} named you ${d.role} of ${d.chapter} at ${d.university}, for the term ${d.termStart} to ${d.termEnd}.`,
      'You are linked to the role only if you accept. If you do not want it, decline: the chapter’s officers see your answer on its page.',
    ],
    action: { label: 'Accept or decline', url: d.url },
  }),
);

export const requestReceivedEmail = defineTemplate<{ chapter: string; university: string; requester: string; url: string }>('chapters.request_received', (d) => ({
  subject: `Chapter request: ${d.chapter}, ${d.university}`,
  paragraphs: [`${d.requester} asked to form ${d.chapter} at ${d.university}. The founding officers have been asked to accept their roles.`],
  action: { label: 'Review the request', url: d.url },
}));

export const approvedEmail = defineTemplate<{ chapter: string; university: string; url: string }>('chapters.approved', (d) => ({
  subject: `Approved: ${d.chapter}`,
  paragraphs: [
    `Your request to form ${d.chapter} at ${d.university} is approved. The chapter now has its public page, and student members can join it.`,
    'The chapter’s officers manage its officers, events and members, and file its yearly report, from the chapter’s page.',
  ],
  action: { label: 'See the chapter', url: d.url },
}));

export const declinedEmail = defineTemplate<{ chapter: string; university: string; reason: string; url: string }>('chapters.declined', (d) => ({
  subject: `Not approved: ${d.chapter}`,
  paragraphs: [`Your request to form ${d.chapter} at ${d.university} was not approved.`, `The reason: ${d.reason}`, 'You may send a new request once the reason is addressed.'],
  action: { label: 'Student chapters', url: d.url },
}));

export const reportDueEmail = defineTemplate<{ chapter: string; year: string; dueOn: string; url: string }>('chapters.report_due', (d) => ({
  subject: `Chapter report due on ${d.dueOn}: ${d.chapter}`,
  paragraphs: [
    `The yearly report of ${d.chapter} for ${d.year} is due on ${d.dueOn}.`,
    'Any officer can file it: the activities, the events held and the membership count (filled in for you).',
  ],
  action: { label: 'File the report', url: d.url },
}));

export const reportOverdueEmail = defineTemplate<{ chapter: string; year: string; dueOn: string; dormantOn: string; url: string }>('chapters.report_overdue', (d) => ({
  subject: `Chapter report overdue: ${d.chapter}`,
  paragraphs: [
    `The yearly report of ${d.chapter} for ${d.year} was due on ${d.dueOn} and has not been filed.`,
    `If it is not filed by ${d.dormantOn}, the chapter becomes dormant and leaves the list of active chapters.`,
  ],
  action: { label: 'File the report', url: d.url },
}));

export const reportSubmittedEmail = defineTemplate<{ chapter: string; year: string; officer: string; url: string }>('chapters.report_submitted', (d) => ({
  subject: `Chapter report filed: ${d.chapter}, ${d.year}`,
  paragraphs: [`${d.officer} filed the yearly report of ${d.chapter} for ${d.year}.`],
  action: { label: 'Review the report', url: d.url },
}));

export const reportAcceptedEmail = defineTemplate<{ chapter: string; year: string; url: string }>('chapters.report_accepted', (d) => ({
  subject: `Chapter report accepted: ${d.chapter}, ${d.year}`,
  paragraphs: [`Membership staff accepted the yearly report of ${d.chapter} for ${d.year}. There is nothing more to do for that year.`],
  action: { label: 'Read the report', url: d.url },
}));

export const reportReturnedEmail = defineTemplate<{ chapter: string; year: string; note: string; url: string }>('chapters.report_returned', (d) => ({
  subject: `Chapter report sent back: ${d.chapter}, ${d.year}`,
  paragraphs: [
    `Membership staff sent the yearly report of ${d.chapter} for ${d.year} back to the officers.`,
    `What to change: ${d.note}`,
    'Any officer can change the report and file it again from the chapter’s page.',
  ],
  action: { label: 'Change the report', url: d.url },
}));

export const reactivationAskedEmail = defineTemplate<{ chapter: string; officer: string; reason: string; url: string }>('chapters.reactivation_asked', (d) => ({
  subject: `Reactivation asked: ${d.chapter}`,
  paragraphs: [`${d.officer}, an officer of ${d.chapter}, asks you to reactivate the chapter.`, `It became dormant because ${d.reason}`],
  action: { label: 'Review the chapter', url: d.url },
}));

export const dormantEmail = defineTemplate<{ chapter: string; reason: string; url: string; contact?: string }>('chapters.dormant', (d) => ({
  subject: `${d.chapter} is now dormant`,
  paragraphs: [
    `${d.chapter} is now dormant: ${d.reason}`,
    'A dormant chapter is listed apart from the active ones and takes no new members. To bring it back, file the missing report if there is one, then press “Ask membership staff to reactivate the chapter” under Manage this chapter, on the chapter’s page: they are emailed and decide.',
    d.contact ? `If you are no longer one of its officers, write to membership staff at ${d.contact}.` : 'If you are no longer one of its officers, write to membership staff.',
  ],
  action: { label: 'The chapter’s page', url: d.url },
}));

export const officerInvitedByStaffEmail = defineTemplate<{
  chapter: string;
  university: string;
  role: string;
  invitedBy: string;
  termStart: string;
  termEnd: string;
  dormant: boolean;
  url: string;
}>('chapters.officer_invited_by_staff', (d, ctx) => ({
  subject: `Will you be ${d.role} of ${d.chapter}?`,
  paragraphs: [
    `${d.invitedBy}, of the membership staff of ${ctx.associationName}, invites you to be ${d.role} of ${d.chapter} at ${d.university}, for the term ${d.termStart} to ${d.termEnd}.`,
    `Why you: the chapter has no officers at the moment, so nobody is left to invite new ones, and membership staff name them instead. ${
      d.dormant
        ? 'The chapter is dormant: once you accept, you can ask membership staff to reactivate it from Manage this chapter, on the chapter’s page.'
        : 'Without officers it cannot file its yearly report and becomes dormant.'
    }`,
    'You are linked to the role only if you accept; then you manage the chapter’s officers, events and members and file its yearly report. If you do not want it, decline: membership staff see your answer.',
    `Questions? Reply to this email: it reaches ${d.invitedBy}.`,
  ],
  action: { label: 'Accept or decline', url: d.url },
}));

export const reactivatedEmail = defineTemplate<{
  chapter: string;
  university: string;
  staff: string;
  /** the person is one of its current officers (else: one who was, or who asked for it) */
  officer: boolean;
  /** the next report: its academic year and due day, if one is still to file */
  report: { year: string; dueOn: string } | null;
  /** with no officers: the last day one can accept before it becomes dormant again */
  officersBy: string;
  url: string;
}>('chapters.reactivated', (d) => {
  const report = d.report ? `file the yearly report for ${d.report.year} by ${d.report.dueOn}` : 'file each yearly report by its due day';
  return {
    subject: `${d.chapter} is active again`,
    paragraphs: [
      `${d.staff}, of membership staff, reactivated ${d.chapter} at ${d.university}. It is listed among the active chapters again, and student members can join it.`,
      d.officer
        ? `What to do next, as its officers: hold events and list them on the chapter’s page, welcome new members, and ${report}. It is all under Manage this chapter, on the chapter’s page.`
        : `It has no current officers: unless a student member accepts an officer role by ${d.officersBy}, it becomes dormant again. You are written to as one of its last officers, or as the student who asked to reactivate it. Reply to say who should lead it (it may be you, while you are a student member): membership staff invite them, and they accept from their account. Its officers then hold events, list them on the chapter’s page, and ${report}.`,
      `Questions? Reply to this email: it reaches ${d.staff}.`,
    ],
    action: d.officer ? { label: 'Manage the chapter', url: `${d.url}/manage` } : { label: 'The chapter’s page', url: d.url },
  };
});

export const officerDeclinedEmail = defineTemplate<{
  chapter: string;
  person: string;
  role: string;
  /** "for the term May 1, 2026 to June 30, 2027"; empty for a founding officer before approval */
  term: string;
  /** what the inviter can do next, in a sentence */
  next: string;
  action: { label: string; url: string };
}>('chapters.officer_declined', (d) => ({
  subject: `${d.person} declined to be ${d.role} of ${d.chapter}`,
  paragraphs: [`${d.person} declined your invitation to be ${d.role} of ${d.chapter}${d.term ? `, ${d.term}` : ''}. They do not hold the role.`, d.next],
  action: d.action,
}));

export const memberRemovedEmail = defineTemplate<{ chapter: string; officer: string; url: string }>('chapters.member_removed', (d) => ({
  subject: `You are no longer a member of ${d.chapter}`,
  paragraphs: [
    `${d.officer}, an officer of ${d.chapter}, removed you from its members.`,
    'You are no longer listed among its members. You can join again from the chapter’s page, or join another chapter: a student member belongs to one chapter at a time.',
  ],
  action: { label: 'The chapter’s page', url: d.url },
}));

export const foundingOfficerDeclinedEmail = defineTemplate<{
  chapter: string;
  university: string;
  requester: string;
  person: string;
  role: string;
  /** the founding president declined: the request cannot be approved as it is */
  president: boolean;
  url: string;
}>('chapters.founding_officer_declined', (d) => ({
  subject: `Founding officer declined: ${d.chapter}`,
  paragraphs: [
    `${d.person} declined to be ${d.role} of ${d.chapter}, the chapter ${d.requester} asked to form at ${d.university}.`,
    d.president
      ? 'The chapter cannot be approved without a founding president who accepted: decline the request with the reason, and the requester can send a new one with another president.'
      : `You can still approve it: it would start without a ${d.role}, and its officers can then invite another student member to the role.`,
  ],
  action: { label: 'Review the request', url: d.url },
}));
