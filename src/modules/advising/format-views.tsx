// How a first meeting happens, on pages: the sentence (with its link or phone number as links),
// the advisor's settings form (on their availability page, and on membership staff's advisor
// page), and the field where a member gives the number the advisor should call.
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, Field, PostForm, RadioGroup, TextArea } from '../../web/components.js';
import type { Segment } from './meeting-format.js';

/** The segments of `howItHappens`, links as links. */
export function HowYouMeet(p: { segments: Segment[] }) {
  return (
    <>
      {p.segments.map((s, i) =>
        typeof s === 'string' ? (
          s
        ) : (
          <a key={i} href={s.href} class={s.href.startsWith('tel:') ? 'phone' : undefined}>
            {s.text}
          </a>
        ),
      )}
    </>
  );
}

export interface FormatValues {
  format: string;
  link: string;
  phone: string;
  address: string;
}

export const FORMAT_FIELD_LABELS = { format: 'How meetings happen', link: 'Meeting link', phone: 'Number members call', address: 'Address' };

/** The advisor's settings: one choice, and the detail each choice needs. */
export function MeetingFormatForm(p: { action: string; csrf: string; values: FormatValues; errors?: FieldErrors; whose: 'your' | 'their' }) {
  const e = p.errors ?? {};
  return (
    <>
      <ErrorSummary errors={p.errors} labels={FORMAT_FIELD_LABELS} />
      <PostForm action={p.action} csrf={p.csrf} label={FORMAT_FIELD_LABELS.format}>
        <RadioGroup
          name="format"
          legend={p.whose === 'your' ? 'How do your first meetings happen?' : 'How do their first meetings happen?'}
          value={p.values.format}
          error={e.format}
          options={[
            { value: 'video', label: 'Video call, at the meeting link below' },
            { value: 'advisor_calls', label: 'Phone call: the advisor calls the member at the number the member gives when booking' },
            { value: 'member_calls', label: 'Phone call: the member calls the number below' },
            { value: 'in_person', label: 'In person, at the address below' },
            { value: 'unset', label: 'Not set: the advisor emails each organization the details' },
          ]}
        />
        <Field
          name="link"
          label={FORMAT_FIELD_LABELS.link}
          type="url"
          value={p.values.link}
          error={e.link}
          maxLength={500}
          autocomplete="off"
          hint="For video calls. A secure address starting with https://, like https://meet.example.org/your-room."
        />
        <Field
          name="phone"
          label={FORMAT_FIELD_LABELS.phone}
          type="tel"
          value={p.values.phone}
          error={e.phone}
          maxLength={40}
          autocomplete="off"
          hint="For phone calls the member makes, like (312) 555-0187."
        />
        <TextArea
          name="address"
          label={FORMAT_FIELD_LABELS.address}
          rows={3}
          value={p.values.address}
          error={e.address}
          maxLength={300}
          hint="For meetings in person: street, city, and where to ask at the door."
        />
        <p>Meetings already booked keep what they were booked with. Tell those organizations yourself if it changes.</p>
        <button type="submit">Save how meetings happen</button>
      </PostForm>
    </>
  );
}

/** The number a member gives for the advisor to call (only when the advisor calls). */
export function MemberPhoneField(p: { advisor: string; value?: string; error?: string }) {
  return (
    <Field
      name="phone"
      label={`Phone number for ${p.advisor} to call`}
      type="tel"
      required
      autocomplete="tel"
      maxLength={40}
      value={p.value}
      error={p.error}
      hint="Like (217) 555-0100, with an extension as “ext. 12”. Only your advisor and your organization’s contacts see it."
    />
  );
}
