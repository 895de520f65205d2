import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { SignInResult } from '../api/types.ts';
import { useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Page, Redirect, safeNext } from '../ui/page.tsx';

type Step = 'credentials' | 'code';

export function Login() {
  const t = useT();
  const session = useSession();
  const { query, route } = useLocation();
  const form = useForm();
  const [step, setStep] = useState<Step>('credentials');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const next = safeNext(query.next);

  // The second step replaces the form: put the keyboard where the code goes.
  useEffect(() => {
    if (step === 'code') document.getElementById('totp')?.focus();
  }, [step]);

  if (session.state.status === 'signed-in' && !form.busy) return <Redirect to={next} />;

  const notice =
    query.expired === '1'
      ? t('login.notice.expired')
      : query.changed === '1'
        ? t('login.notice.passwordChanged')
        : null;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (step === 'credentials') {
      if (!username.trim()) errors.username = t('login.error.usernameRequired');
      if (!password) errors.password = t('login.error.passwordRequired');
    } else if (!code.trim()) {
      errors.totp = t('login.error.codeRequired');
    }
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      try {
        const body =
          step === 'code' ? { username, password, totp: code.replace(/\s+/g, '') } : { username, password };
        const { data } = await api.post<SignInResult>('/api/auth/login', body, { quiet: true });
        setCsrfToken(data.csrfToken);
        setPassword('');
        setCode('');
        await session.refresh();
        route(data.twoFactorEnrolmentRequired ? '/two-factor' : next, true);
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'two-factor-required') {
          // Without a code the server asks for one; with a rejected code it names the field.
          if (step === 'code' || error.problem.errors?.length) {
            setStep('code');
            setCode('');
            form.setErrors({ totp: t('login.error.invalidCode') }, t('login.error.invalidCode'));
          } else {
            setStep('code');
          }
          return;
        }
        if (error instanceof ApiError && error.kind === 'invalid-credentials') {
          if (step === 'code') {
            setCode('');
            form.setErrors({ totp: t('login.error.invalidCode') }, t('login.error.invalidCode'));
          } else {
            setPassword('');
            form.setErrors({}, t('login.error.invalidCredentials'));
          }
          return;
        }
        if (error instanceof ApiError && error.kind === 'too-many-attempts') {
          const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 900) / 60));
          form.setErrors({}, t('login.error.locked', { minutes }));
          return;
        }
        throw error;
      }
    });
  };

  return (
    <Page title={step === 'code' ? t('login.codeTitle') : t('login.title')} narrow>
      <StatusMessage message={notice} kind={query.expired === '1' ? 'info' : 'success'} />
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel" aria-describedby="login-intro">
        <FormStatus error={form.formError} />
        {step === 'credentials' ? (
          <>
            <p id="login-intro">{t('login.intro')}</p>
            <TextField
              id="username"
              label={t('login.username')}
              value={username}
              onValue={setUsername}
              autoComplete="username"
              spellcheck={false}
              error={form.error('username')}
            />
            <TextField
              id="password"
              type="password"
              label={t('login.password')}
              value={password}
              onValue={setPassword}
              autoComplete="current-password"
              error={form.error('password')}
            />
            <div class="form-actions">
              <SubmitButton busy={form.busy} label={t('login.submit')} busyLabel={t('login.submitting')} />
            </div>
          </>
        ) : (
          <>
            <p id="login-intro">{t('login.codeIntro')}</p>
            <TextField
              id="totp"
              label={t('login.code')}
              hint={t('login.codeHint')}
              value={code}
              onValue={setCode}
              autoComplete="one-time-code"
              inputMode="text"
              spellcheck={false}
              error={form.error('totp')}
            />
            <div class="form-actions">
              <SubmitButton busy={form.busy} label={t('login.verify')} busyLabel={t('login.submitting')} />
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  setStep('credentials');
                  setPassword('');
                  setCode('');
                  form.setErrors({});
                }}
              >
                {t('login.startOver')}
              </button>
            </div>
          </>
        )}
      </form>
      <p class="hint">{t('login.forgotten')}</p>
    </Page>
  );
}
