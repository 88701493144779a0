// The invoice page's "Record a payment" form (finance staff). A date received shortly before the
// invoice's issue day (an early check) is refused until the box under it confirms the day.
import { Checkbox, Field, PostForm, Select } from '../../web/components.js';
import { isDay, receivedBeforeIssue } from './dates.js';
import { EARLY_PAYMENT_BOX, STAFF_METHOD_LABELS } from './format.js';
import { OFFLINE_METHODS } from './schemas.js';

export function PaymentForm(p: {
  invoiceId: string;
  issuedOn: string | null;
  csrf: string;
  forms: { errors?: Record<string, string>; values?: Record<string, string>; idempotencyKey: string; today: string };
}) {
  const errors = p.forms.errors ?? {};
  const v = p.forms.values ?? {};
  const receivedOn = v.received_on ?? p.forms.today;
  const confirm = isDay(receivedOn) && receivedBeforeIssue(receivedOn, p.issuedOn) === 'confirm';
  return (
    <PostForm action={`/staff/invoices/${p.invoiceId}/payments`} csrf={p.csrf} label="Record a payment">
      <h3>Record a payment</h3>
      <p>For a check, ACH transfer or wire received. Partial payments are fine: the balance and status follow.</p>
      <input type="hidden" name="idempotency_key" value={p.forms.idempotencyKey} />
      <Field name="amount" label="Amount" hint="In dollars, like 1,200.50." required value={v.amount} error={errors.amount} />
      <Select
        name="method"
        label="Method"
        required
        value={v.method ?? 'check'}
        error={errors.method}
        options={OFFLINE_METHODS.map((m) => ({ value: m, label: STAFF_METHOD_LABELS[m] }))}
      />
      <Field name="reference" label="Reference" hint="The check number, or the bank's transfer reference." value={v.reference} error={errors.reference} maxLength={200} />
      <Field name="received_on" label="Date received" type="date" hint="The day the check or transfer reached you." required value={receivedOn} error={errors.received_on} />
      {confirm ? (
        <Checkbox
          name="received_before_issue"
          label={EARLY_PAYMENT_BOX}
          hint="For a check sent early, such as with a renewal notice. A membership it starts begins no earlier than the invoice."
          checked={v.received_before_issue === 'yes'}
          error={errors.received_before_issue}
        />
      ) : null}
      <button type="submit">Record payment</button>
    </PostForm>
  );
}
