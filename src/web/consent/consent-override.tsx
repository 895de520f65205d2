import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import type { FormState } from '../ui/form.tsx';

/**
 * What a form that needs a consent in force (a referral, a sharing decision) knows about it: whether the
 * server refused for lack of one (409 naming consentOverride) or the screen already knows it is missing,
 * and the reason a coordinator (case:approve) records to go ahead anyway, which the server keeps with the
 * decision and in the audit trail.
 */
export function useConsentOverride(form: FormState, knownMissing = false) {
  const session = useSession();
  const [refused, setRefused] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const error = form.lastError;
    if (error?.status === 409 && error.fieldErrors.consentOverride?.code === 'consent_required')
      setRefused(true);
  }, [form.lastError]);
  const missing = knownMissing || refused;
  const mayOverride = session.can('case:approve');
  return {
    missing,
    mayOverride,
    overriding: missing && mayOverride,
    reason,
    setReason,
    /** Forget the server's refusal (another destination was chosen). */
    reset: () => setRefused(false),
    /** The request's part: the override, when one is being recorded. */
    body: () => (missing && mayOverride ? { consentOverride: { reason: reason.trim() } } : {}),
  };
}

export type ConsentOverride = ReturnType<typeof useConsentOverride>;

/** The override reason for a coordinator, or the hint to ask one, once a consent is known to be missing. */
export function ConsentOverrideField(props: {
  id: string;
  state: ConsentOverride;
  label: string;
  hint: string;
  askCoordinator: string;
  error: string | undefined;
  testId: string;
}) {
  const { state } = props;
  if (!state.missing) return null;
  if (!state.mayOverride) return <p class="hint">{props.askCoordinator}</p>;
  return (
    <div class="override" data-testid={props.testId}>
      <TextField
        id={props.id}
        name="consentOverride.reason"
        label={props.label}
        hint={props.hint}
        value={state.reason}
        onValue={state.setReason}
        rows={3}
        maxLength={1000}
        error={props.error}
      />
    </div>
  );
}
