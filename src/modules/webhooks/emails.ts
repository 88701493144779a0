// Email templates of webhooks: staff admins hear of an endpoint disabled after a day of failures.
import { defineTemplate } from '../../lib/email.js';

export const endpointDisabledEmail = defineTemplate<{ url: string; reason: string; link: string }>('webhooks.endpoint_disabled', (d) => ({
  subject: 'A webhook endpoint was disabled',
  paragraphs: [
    `Civnet stopped sending webhooks to ${d.url}. ${d.reason}`,
    'Events since then are kept in its delivery log. When the receiving system works again, enable the endpoint and resend what it missed.',
  ],
  action: { label: 'Open the endpoint', url: d.link },
}));
