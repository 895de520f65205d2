import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import { passwordErrors } from '../auth/password-rules.ts';
import { useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';

export function PasswordPanel() {
  const t = useT();
  const session = useSession();
  const form = useForm();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const errors = passwordErrors(t, next, confirmation, 'newPassword', 'confirmation');
    if (!current) errors.currentPassword = t('profile.password.currentRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    const done = await form.submit(async () => {
      try {
        await api.post('/api/me/password', { currentPassword: current, newPassword: next });
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'invalid-credentials') {
          form.setErrors({ currentPassword: t('profile.password.wrongCurrent') });
          return false;
        }
        throw error;
      }
      // The session may have been rotated with the change; take its new CSRF token.
      await session.refresh();
      return true;
    });
    if (done) {
      setCurrent('');
      setNext('');
      setConfirmation('');
      setSaved(t('profile.password.changed'));
    }
  };

  return (
    <section class="panel" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.password.title')}</h2>
      <form ref={form.formRef} noValidate onSubmit={onSubmit}>
        <FormStatus error={form.formError} />
        <StatusMessage message={saved} />
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={session.me?.username}
          hidden
          readOnly
        />
        <TextField
          id="currentPassword"
          type="password"
          label={t('profile.password.current')}
          value={current}
          onValue={setCurrent}
          autoComplete="current-password"
          error={form.error('currentPassword')}
        />
        <TextField
          id="newPassword"
          type="password"
          label={t('profile.password.new')}
          hint={t('common.password.policy', { min: 12 })}
          value={next}
          onValue={setNext}
          autoComplete="new-password"
          error={form.error('newPassword')}
        />
        <TextField
          id="confirmation"
          type="password"
          label={t('profile.password.confirmation')}
          value={confirmation}
          onValue={setConfirmation}
          autoComplete="new-password"
          error={form.error('confirmation')}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('profile.password.submit')} />
        </div>
      </form>
    </section>
  );
}
