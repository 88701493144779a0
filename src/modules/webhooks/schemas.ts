// The endpoint form: its address, a description, and the event types it subscribes to (checkboxes
// named `events`, one per type).
import { z } from 'zod';
import { EVENT_TYPES, isEventType, type WebhookEventType } from './events.js';

export const endpointForm = z.object({
  url: z.string().trim().min(1, 'Enter the address that receives the webhooks.').max(2000, 'The address is too long (2,000 characters at most).'),
  description: z.string().trim().max(300, 'The description is too long (300 characters at most).').default(''),
});

/** The checked event types of the form (a repeated field); an error message when none or an unknown one. */
export function eventTypesOf(body: unknown): { types: WebhookEventType[]; error?: string } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).events : undefined;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  if (list.some((v) => !isEventType(v))) return { types: [], error: 'Choose event types from the list.' };
  const types = EVENT_TYPES.filter((t) => list.includes(t));
  if (types.length === 0) return { types, error: 'Choose at least one event type.' };
  return { types };
}
