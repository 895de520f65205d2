import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';

/** Mirrors EMERGENCY_ACCESS_MINUTES and the reason's minimum length in src/core/cases/case-input.ts. */
const EMERGENCY_MINUTES = 120;
const MIN_REASON = 10;

export interface Granted {
  id: string;
  caseId: string;
  expiresAt: string;
}

/**
 * A case the user may not open: the server answers "not found" for anything outside their scope (it never
 * says whether the case exists). A user may still open a case of their own agency in an emergency by stating
 * why: the access lasts two hours, is flagged in the audit trail and goes to a coordinator for review.
 */
export function EmergencyAccessRequest(props: { caseId: string; onGranted: (granted: Granted) => void }) {
  const { t } = useI18n();
  const form = useForm();
  const [reason, setReason] = useState('');

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim().length < MIN_REASON) {
      form.setErrors({ reason: t('cases.emergency.reasonTooShort', { min: MIN_REASON }) });
      return;
    }
    const result = await form.submit(() =>
      api.post<Granted>(`/api/cases/${encodeURIComponent(props.caseId)}/emergency-access`, {
        reason: reason.trim(),
      }),
    );
    if (result) props.onGranted(result.data);
  };

  return (
    <section
      class="panel emergency-request"
      aria-labelledby="emergency-title"
      data-testid="emergency-request"
    >
      <h2 id="emergency-title">{t('cases.emergency.title')}</h2>
      <p>{t('cases.emergency.explain', { minutes: EMERGENCY_MINUTES })}</p>
      <ul class="plain-list">
        <li>{t('cases.emergency.point.audited')}</li>
        <li>{t('cases.emergency.point.reviewed')}</li>
        <li>{t('cases.emergency.point.limits')}</li>
      </ul>
      <form ref={form.formRef} noValidate onSubmit={onSubmit}>
        <FormStatus error={form.formError} />
        <TextField
          id="reason"
          label={t('cases.emergency.reason')}
          hint={t('cases.emergency.reasonHint', { min: MIN_REASON })}
          value={reason}
          onValue={setReason}
          error={form.error('reason')}
          rows={3}
          maxLength={1000}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('cases.emergency.submit')} kind="danger" />
          <a href="/my-work">{t('cases.emergency.cancel')}</a>
        </div>
      </form>
    </section>
  );
}

/** Whether a failed case read may be an out-of-scope case (so emergency access is worth offering). */
export const mayBeOutOfScope = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 403);

/** Shown on every screen of a case opened through an emergency access. */
export function EmergencyBanner(props: { expiresAt?: string }) {
  const { t, dateTime } = useI18n();
  return (
    <div class="alert alert-warn emergency-banner" role="status" data-testid="emergency-banner">
      <p>
        <strong>{t('cases.emergency.bannerTitle')}</strong>
      </p>
      <p>
        {props.expiresAt
          ? t('cases.emergency.bannerUntil', { until: dateTime(props.expiresAt) })
          : t('cases.emergency.bannerBody', { minutes: EMERGENCY_MINUTES })}
      </p>
    </div>
  );
}
