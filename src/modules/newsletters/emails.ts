// The emails of newsletters that are rendered from a template: the confirmation of a sign-up (the
// only message an unconfirmed address ever gets). Campaigns' messages are written in message.ts.
import { defineTemplate } from '../../lib/email.js';

export const confirmSubscription = defineTemplate<{ lists: string[]; url: string; hours: number }>('newsletters.confirm', (d, ctx) => ({
  subject: `Confirm your subscription to ${ctx.associationName} newsletters`,
  paragraphs: [
    `Someone, we hope you, asked to get these newsletters from ${ctx.associationName} at this address: ${d.lists.join(', ')}.`,
    `Confirm with the link below within ${d.hours} hours. If it was not you, ignore this message: you will get nothing more from us.`,
  ],
  action: { label: 'Confirm my subscription', url: d.url },
}));
