// How a first meeting happens (its format): the advisor's setting, the checks on it, and the words
// every place uses to say it (pages, emails, the invitation), so the member reads the same thing
// everywhere. The words come as segments: text, and links (a meeting link, a phone number) that a
// page renders as links and plain text writes out as they are.
import { z } from 'zod';
import type { MeetingFormat } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { PHONE_MESSAGE, phoneNumber } from '../../lib/validators.js';
import { telHref } from '../../web/components.js';
import type { Executor } from './service.js';

export type { MeetingFormat };
export const MEETING_FORMATS = ['video', 'advisor_calls', 'member_calls', 'in_person'] as const satisfies readonly MeetingFormat[];

/** How one meeting happens: the advisor's format with its details, and the number the member gave. */
export interface Arrangement {
  format: MeetingFormat | null;
  link: string;
  phone: string;
  address: string;
  memberPhone: string;
}

export const NOT_SET: Arrangement = { format: null, link: '', phone: '', address: '', memberPhone: '' };

/** A meeting link: https only, a real host name, no user name or password in it. Anything else
 * (javascript:, http:, data:, a bare word) is refused with the same plain message. */
export function secureLink(value: string): string | null {
  const s = value.trim();
  if (!/^https:\/\/[^\s]+$/i.test(s) || !URL.canParse(s)) return null;
  const u = new URL(s);
  if (u.protocol !== 'https:' || !u.hostname.includes('.') || u.hostname.endsWith('.') || u.username || u.password) return null;
  return u.toString();
}

const LINK_MESSAGE = 'Enter the meeting link as a secure web address starting with https://, like https://meet.example.org/your-room.';
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (but the newline) are what it refuses
const noControl = (s: string) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s);

/** The advisor's settings form. `format` 'unset': the advisor sends the details themselves. */
export const formatInput = z
  .object({
    format: z.enum(['unset', ...MEETING_FORMATS], { error: 'Choose how your meetings happen.' }),
    link: z.string().trim().max(500, 'Use at most 500 characters for the link.').default(''),
    phone: phoneNumber(40),
    address: z
      .string()
      .transform((s) => s.replace(/\r\n?/g, '\n').trim())
      .pipe(z.string().max(300, 'Use at most 300 characters for the address.').refine(noControl, 'Use letters, digits and punctuation only.'))
      .default(''),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.link !== '' && !secureLink(v.link)) c.addIssue({ code: 'custom', path: ['link'], message: LINK_MESSAGE });
    if (v.format === 'video' && v.link === '') c.addIssue({ code: 'custom', path: ['link'], message: 'Enter the meeting link for video calls.' });
    if (v.format === 'member_calls' && v.phone === '') c.addIssue({ code: 'custom', path: ['phone'], message: 'Enter the number members call.' });
    if (v.format === 'in_person' && v.address === '') c.addIssue({ code: 'custom', path: ['address'], message: 'Enter the address where you meet.' });
  })
  .transform((v) => ({
    format: v.format === 'unset' ? null : v.format,
    // Only the detail of the chosen format is kept: nothing stale shows up later.
    link: v.format === 'video' ? (secureLink(v.link) ?? '') : '',
    phone: v.format === 'member_calls' ? v.phone : '',
    address: v.format === 'in_person' ? v.address : '',
  }));
export type FormatSettings = z.output<typeof formatInput>;

/** The number a member gives when booking, for the advisor to call. */
export const memberPhoneField = phoneNumber(40);

/** The error of the member's number for this format, or null: required when the advisor calls. */
export function memberPhoneError(format: MeetingFormat | null, phone: string): string | null {
  if (format !== 'advisor_calls') return null;
  if (phone.trim() === '') return 'Enter the phone number your advisor should call, like (217) 555-0100.';
  return memberPhoneField.safeParse(phone).success ? null : PHONE_MESSAGE;
}

export type Segment = string | { href: string; text: string };
/** Who reads: the member's organization, the advisor, other staff (who never see the member's
 * number), or both sides at once (the shared invitation). */
export type Reader = 'member' | 'advisor' | 'staff' | 'both';

const tel = (phone: string): Segment => {
  const href = telHref(phone);
  return href ? { href, text: phone } : phone;
};

/** What the format is called, in a few words. */
export const FORMAT_LABELS: Record<MeetingFormat, string> = {
  video: 'Video call',
  advisor_calls: 'Phone call: the advisor calls the member',
  member_calls: 'Phone call: the member calls the advisor',
  in_person: 'In person',
};

/** How the meeting happens, in a sentence, for this reader. `booked`: before a member chooses a
 * time, the number they will give is not known yet. */
export function howItHappens(a: Arrangement, p: { reader: Reader; advisor: string; organization: string; booked: boolean }): Segment[] {
  const member = p.reader === 'member';
  switch (a.format) {
    case 'video':
      return member && !p.booked
        ? ['A video call. The link comes with your confirmation and your calendar invitation.']
        : ['A video call at ', { href: a.link, text: a.link }, '.'];
    case 'advisor_calls':
      if (member) return p.booked ? [`A phone call: ${p.advisor} calls you at `, tel(a.memberPhone), '.'] : [`A phone call: ${p.advisor} calls you at the number you give below.`];
      if (p.reader === 'staff' || !a.memberPhone) return [`A phone call: ${p.advisor} calls ${p.organization} at the number it gave.`];
      return [p.reader === 'advisor' ? `A phone call: you call ${p.organization} at ` : `A phone call: ${p.advisor} calls ${p.organization} at `, tel(a.memberPhone), '.'];
    case 'member_calls':
      if (member) return [`A phone call: you call ${p.advisor} at `, tel(a.phone), '.'];
      return [p.reader === 'advisor' ? `A phone call: ${p.organization} calls you at ` : `A phone call: ${p.organization} calls ${p.advisor} at `, tel(a.phone), '.'];
    case 'in_person':
      return [`In person, at ${oneLine(a.address)}.`];
    default:
      if (member) return [`${p.advisor} will email you how you meet (a video link, a phone number or a place) before the meeting.`];
      if (p.reader === 'advisor') return [`Not set: send ${p.organization} the details of how you meet.`];
      if (p.reader === 'both') return [`${p.advisor} will send the details (a video link, a phone number or a place) before the meeting.`];
      return [`Not set: ${p.advisor} sends the details of how they meet.`];
  }
}

export const oneLine = (address: string) =>
  address
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(', ');

/** The segments as plain text (emails, the invitation). */
export const plainText = (segments: Segment[]) => segments.map((s) => (typeof s === 'string' ? s : s.text)).join('');

/** The invitation's LOCATION: the link, the number to call, or the address; none when not set. */
export function locationOf(a: Arrangement): string | undefined {
  switch (a.format) {
    case 'video':
      return a.link;
    case 'advisor_calls':
      return a.memberPhone ? `Phone call to ${a.memberPhone}` : 'Phone call';
    case 'member_calls':
      return `Phone call to ${a.phone}`;
    case 'in_person':
      return oneLine(a.address);
    default:
      return undefined;
  }
}

/** The advisor's format and its details as set now (NOT_SET without a profile). */
export async function advisorArrangement(db: Executor, advisorUserId: string): Promise<Arrangement> {
  const r = await db
    .selectFrom('advisor_profiles')
    .select(['meeting_format', 'meeting_link', 'meeting_phone', 'meeting_address'])
    .where('user_id', '=', advisorUserId)
    .executeTakeFirst();
  return r ? { format: r.meeting_format, link: r.meeting_link, phone: r.meeting_phone, address: r.meeting_address, memberPhone: '' } : NOT_SET;
}

/** Sets how an advisor's meetings happen (the advisor, or membership staff), audited. Meetings
 * already booked keep what they were booked with (their invitations are sent). */
export async function saveMeetingFormat(deps: Pick<Deps, 'db' | 'clock'>, input: FormatSettings & { userId: string; actorUserId: string; requestId?: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('advisor_profiles')
      .select(['meeting_format', 'meeting_link', 'meeting_phone', 'meeting_address'])
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('advising.no_profile', { status: 409, message: 'This advisor has no profile yet: save the profile (region and time zone) first.' });
    const after = { meeting_format: input.format, meeting_link: input.link, meeting_phone: input.phone, meeting_address: input.address };
    await trx
      .updateTable('advisor_profiles')
      .set({ ...after, updated_at: now })
      .where('user_id', '=', input.userId)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'advising.meeting_format_saved',
      entityType: 'user',
      entityId: input.userId,
      before,
      after,
      requestId: input.requestId,
    });
  });
}
