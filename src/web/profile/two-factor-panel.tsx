import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import { RecoveryCodes } from '../auth/recovery-codes.tsx';
import { useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';

function RegenerateCodes(props: { onCodes: (codes: string[]) => void }) {
  const t = useT();
  const form = useForm();
  const [code, setCode] = useState('');
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!code.trim()) {
      form.setErrors({ code: t('profile.twoFactor.codeRequired') });
      return;
    }
    await form.submit(async () => {
      try {
        const { data } = await api.post<{ recoveryCodes: string[] }>('/api/me/two-factor/recovery-codes', {
          code: code.replace(/\s+/g, ''),
        });
        setCode('');
        props.onCodes(data.recoveryCodes);
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'invalid-credentials') {
          form.setErrors({ code: t('profile.twoFactor.codeWrong') });
          return;
        }
        throw error;
      }
    });
  };
  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} aria-labelledby="regenerate-title">
      <h3 id="regenerate-title">{t('profile.twoFactor.regenerateTitle')}</h3>
      <p class="hint">{t('profile.twoFactor.regenerateHint')}</p>
      <FormStatus error={form.formError} />
      <TextField
        id="regenerate-code"
        label={t('profile.twoFactor.code')}
        value={code}
        onValue={setCode}
        inputMode="numeric"
        autoComplete="one-time-code"
        error={form.error('code')}
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('profile.twoFactor.regenerate')} />
      </div>
    </form>
  );
}

function DisableTwoFactor(props: { onDone: () => void }) {
  const t = useT();
  const form = useForm();
  const [password, setPassword] = useState('');
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!password) {
      form.setErrors({ password: t('profile.twoFactor.passwordRequired') });
      return;
    }
    await form.submit(async () => {
      try {
        await api.delete('/api/me/two-factor', { password });
        setPassword('');
        props.onDone();
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'invalid-credentials') {
          form.setErrors({ password: t('profile.twoFactor.passwordWrong') });
          return;
        }
        throw error;
      }
    });
  };
  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} aria-labelledby="disable-title">
      <h3 id="disable-title">{t('profile.twoFactor.disableTitle')}</h3>
      <p class="hint">{t('profile.twoFactor.disableHint')}</p>
      <FormStatus error={form.formError} />
      <TextField
        id="disable-password"
        type="password"
        label={t('profile.twoFactor.password')}
        value={password}
        onValue={setPassword}
        autoComplete="current-password"
        error={form.error('password')}
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('profile.twoFactor.disable')} kind="danger" />
      </div>
    </form>
  );
}

export function TwoFactorPanel() {
  const t = useT();
  const session = useSession();
  const me = session.me!;
  const [codes, setCodes] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section class="panel" aria-labelledby="profile-2fa">
      <h2 id="profile-2fa">{t('profile.twoFactor.title')}</h2>
      <StatusMessage message={message} />
      <p>
        {me.twoFactor.enabled ? (
          <Badge kind="ok">{t('profile.twoFactor.on')}</Badge>
        ) : (
          <Badge kind="warn">{t('profile.twoFactor.off')}</Badge>
        )}{' '}
        {me.twoFactor.required && t('profile.twoFactor.required')}
      </p>
      {!me.twoFactor.enabled && (
        <p>
          <a class="button primary" href="/two-factor">
            {t('profile.twoFactor.enrol')}
          </a>
        </p>
      )}
      {me.twoFactor.enabled && codes && (
        <RecoveryCodes
          codes={codes}
          onDone={() => setCodes(null)}
          doneLabel={t('profile.twoFactor.codesDone')}
        />
      )}
      {me.twoFactor.enabled && !codes && <RegenerateCodes onCodes={setCodes} />}
      {me.twoFactor.enabled && !me.twoFactor.required && !codes && (
        <DisableTwoFactor
          onDone={async () => {
            await session.refresh();
            setMessage(t('profile.twoFactor.disabled'));
          }}
        />
      )}
    </section>
  );
}
