// Email templates of committees: a nomination to accept (to the nominee), a nomination accepted
// (to programs staff), an election or appointment recorded (to the holder; an appointment asks
// them to accept), and a term ending soon (to the holder and to programs staff).
import { defineTemplate } from '../../lib/email.js';

export const nominationReceivedEmail = defineTemplate<{ committee: string; seat: string; election: string; nominatedBy: string; closesOn: string; url: string }>(
  'committees.nomination_received',
  (d) => ({
    subject: `You have been nominated: ${d.seat}, ${d.committee}`,
    paragraphs: [
      `${d.nominatedBy} nominated you for ${d.seat} on the ${d.committee} (${d.election}).`,
      'Your nomination stands only if you accept it. If you do not want to stand, decline it: nobody else sees it.',
      `Please answer by ${d.closesOn}, when nominations close.`,
    ],
    action: { label: 'Accept or decline', url: d.url },
  }),
);

export const nominationAcceptedEmail = defineTemplate<{ committee: string; seat: string; election: string; nominee: string; url: string }>(
  'committees.nomination_accepted',
  (d) => ({
    subject: `Nomination accepted: ${d.nominee} for ${d.seat}, ${d.committee}`,
    paragraphs: [`${d.nominee} accepted the nomination for ${d.seat} on the ${d.committee} (${d.election}). The nomination now stands.`],
    action: { label: 'See the nominations', url: d.url },
  }),
);

export const electedEmail = defineTemplate<{ committee: string; seat: string; termStart: string; termEnd: string; url: string }>('committees.elected', (d) => ({
  subject: `Elected: ${d.seat}, ${d.committee}`,
  paragraphs: [
    `Congratulations: you were elected ${d.seat} of the ${d.committee}, for the term ${d.termStart} to ${d.termEnd}.`,
    'Your name now appears on the committee’s public roster.',
  ],
  action: { label: 'See the roster', url: d.url },
}));

export const appointmentOfferedEmail = defineTemplate<{ committee: string; seat: string; termStart: string; termEnd: string; url: string }>(
  'committees.appointment_offered',
  (d) => ({
    subject: `Appointment to accept: ${d.seat}, ${d.committee}`,
    paragraphs: [
      `You have been appointed ${d.seat} of the ${d.committee}, for the term ${d.termStart} to ${d.termEnd}.`,
      'You hold the seat only once you accept. Until then it shows as vacant.',
    ],
    action: { label: 'Accept or decline', url: d.url },
  }),
);

export const appointmentAcceptedEmail = defineTemplate<{ committee: string; seat: string; holder: string; url: string }>('committees.appointment_accepted', (d) => ({
  subject: `Appointment accepted: ${d.holder}, ${d.seat}`,
  paragraphs: [`${d.holder} accepted the appointment as ${d.seat} of the ${d.committee}.`],
  action: { label: 'See the committee', url: d.url },
}));

export const termEndingEmail = defineTemplate<{ committee: string; seat: string; holder: string; termEnd: string; days: number; url: string }>('committees.term_ending', (d) => ({
  subject: `Term ending on ${d.termEnd}: ${d.holder}, ${d.seat}`,
  paragraphs: [
    `The term of ${d.holder} as ${d.seat} of the ${d.committee} ends on ${d.termEnd}, in ${d.days} days.`,
    'Programs staff plan the next election or appointment for this seat.',
  ],
  action: { label: 'See the committee', url: d.url },
}));
