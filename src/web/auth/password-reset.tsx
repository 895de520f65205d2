import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { LoadError, Loading, Page } from '../ui/page.tsx';
import { passwordErrors } from './password-rules.ts';

type Check =
  | { state: 'checking' }
  | { state: 'valid'; username: string; expiresAt: string }
  | { state: 'expired' }
  | { state: 'missing' }
  | { state: 'done' }
  | { state: 'error'; error: ApiError };

/** The link's token is in the fragment; it is taken out of the address bar and kept in memory. */
function takeToken(): string {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (token) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

export function PasswordReset() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const [token] = useState(takeToken);
  const [check, setCheck] = useState<Check>(token ? { state: 'checking' } : { state: 'missing' });
  const [attempt, setAttempt] = useState(0);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const form = useForm();

  useEffect(() => {
    if (!token) return;
    setCheck({ state: 'checking' });
    api
      .post<{ username: string; expiresAt: string }>(
        '/api/auth/password-reset/check',
        { token },
        { quiet: true },
      )
      .then(
        ({ data }) => setCheck({ state: 'valid', ...data }),
        (error: unknown) => {
          if (
            error instanceof ApiError &&
            (error.status === 410 || error.status === 404 || error.status === 400)
          )
            setCheck({ state: 'expired' });
          else
            setCheck({
              state: 'error',
              error: error instanceof ApiError ? error : new ApiError(0, { type: 'network', status: 0 }),
            });
        },
      );
  }, [token, attempt]);

  if (check.state === 'checking') return <Loading label={t('passwordReset.checking')} />;
  if (check.state === 'error') return <LoadError error={check.error} retry={() => setAttempt(attempt + 1)} />;
  if (check.state === 'done') {
    return (
      <Page title={t('passwordReset.title')} narrow>
        <div class="alert alert-success" role="status">
          <p>{t('passwordReset.done')}</p>
        </div>
      </Page>
    );
  }
  if (check.state === 'missing' || check.state === 'expired') {
    return (
      <Page title={t('passwordReset.title')} narrow>
        <div class="alert alert-warn">
          <p>{check.state === 'missing' ? t('passwordReset.missing') : t('passwordReset.expired')}</p>
        </div>
        <p>
          <a href="/login">{t('passwordReset.toLogin')}</a>
        </p>
      </Page>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors = passwordErrors(t, password, confirmation, 'password', 'confirmation');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      try {
        await api.post('/api/auth/password-reset', { token, password }, { quiet: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 410) {
          setCheck({ state: 'expired' });
          return;
        }
        throw error;
      }
      setPassword('');
      setConfirmation('');
      // Someone signed in on this browser (an administrator trying the link) stays signed in.
      if (session.me) setCheck({ state: 'done' });
      else route('/login?changed=1', true);
    });
  };

  return (
    <Page title={t('passwordReset.title')} narrow>
      <p class="lead">
        {t('passwordReset.intro', { username: check.username, expiresAt: dateTime(check.expiresAt) })}
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError} />
        <input type="text" name="username" autoComplete="username" value={check.username} hidden readOnly />
        <TextField
          id="password"
          type="password"
          label={t('passwordReset.password')}
          hint={t('common.password.policy', { min: 12 })}
          value={password}
          onValue={setPassword}
          autoComplete="new-password"
          error={form.error('password')}
        />
        <TextField
          id="confirmation"
          type="password"
          label={t('passwordReset.confirmation')}
          value={confirmation}
          onValue={setConfirmation}
          autoComplete="new-password"
          error={form.error('confirmation')}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('passwordReset.submit')} />
        </div>
      </form>
    </Page>
  );
}
