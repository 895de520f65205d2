import { useCallback, useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import { useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { LoadError, Loading, Page } from '../ui/page.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** An SVG string as an image URL: rendered as an image, never as markup in the page. */
function svgDataUrl(svg: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

const groupSecret = (secret: string) => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

export function TwoFactorEnrolment() {
  const t = useT();
  const session = useSession();
  const { route } = useLocation();
  const me = session.me!;
  const form = useForm();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [startError, setStartError] = useState<ApiError | undefined>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const alreadyEnabled = me.twoFactor.enabled && !recoveryCodes;

  const start = useCallback(() => {
    setStartError(undefined);
    api.post<Enrolment>('/api/me/two-factor/enrolment').then(
      ({ data }) => setEnrolment(data),
      (error: unknown) => setStartError(error instanceof ApiError ? error : undefined),
    );
  }, []);

  useEffect(() => {
    if (!alreadyEnabled) start();
    // Only once per visit: each call issues a new secret.
  }, []);

  if (recoveryCodes) {
    return (
      <Page title={t('twoFactor.codesTitle')} narrow>
        <div class="alert alert-success" role="status">
          <p>{t('twoFactor.enabled')}</p>
        </div>
        <RecoveryCodes
          codes={recoveryCodes}
          onDone={async () => {
            await session.refresh();
            route('/', true);
          }}
        />
      </Page>
    );
  }

  if (alreadyEnabled) {
    return (
      <Page title={t('twoFactor.title')} narrow>
        <p>{t('twoFactor.alreadyEnabled')}</p>
        <p>
          <a href="/profile">{t('twoFactor.manageInProfile')}</a>
        </p>
      </Page>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const cleaned = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(cleaned)) {
      form.setErrors({ code: t('twoFactor.error.codeFormat') });
      return;
    }
    await form.submit(async () => {
      try {
        const { data } = await api.post<{ recoveryCodes: string[]; csrfToken: string }>(
          '/api/me/two-factor/confirm',
          { code: cleaned },
        );
        setCsrfToken(data.csrfToken);
        setRecoveryCodes(data.recoveryCodes);
      } catch (error) {
        if (
          error instanceof ApiError &&
          (error.kind === 'invalid-credentials' || error.kind === 'validation')
        ) {
          setCode('');
          form.setErrors({ code: t('twoFactor.error.codeWrong') });
          return;
        }
        throw error;
      }
    });
  };

  return (
    <Page title={t('twoFactor.title')}>
      <p class="lead">{me.twoFactor.required ? t('twoFactor.introRequired') : t('twoFactor.intro')}</p>
      {startError && <LoadError error={startError} retry={start} />}
      {!enrolment && !startError && <Loading />}
      {enrolment && (
        <div class="enrol">
          <section class="panel" aria-labelledby="enrol-scan">
            <h2 id="enrol-scan">{t('twoFactor.step1')}</h2>
            <p>{t('twoFactor.scan')}</p>
            <img
              class="qr"
              src={svgDataUrl(enrolment.qrSvg)}
              alt={t('twoFactor.qrAlt')}
              width={220}
              height={220}
            />
            <p>{t('twoFactor.manual')}</p>
            <p>
              <code class="secret" data-testid="totp-secret">
                {groupSecret(enrolment.secret)}
              </code>
            </p>
            <p>
              <a href={enrolment.otpauthUri}>{t('twoFactor.openApp')}</a>
            </p>
          </section>
          <section class="panel" aria-labelledby="enrol-confirm">
            <h2 id="enrol-confirm">{t('twoFactor.step2')}</h2>
            <form ref={form.formRef} noValidate onSubmit={onSubmit}>
              <FormStatus error={form.formError} />
              <TextField
                id="code"
                label={t('twoFactor.code')}
                hint={t('twoFactor.codeHint')}
                value={code}
                onValue={setCode}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                error={form.error('code')}
              />
              <div class="form-actions">
                <SubmitButton busy={form.busy} label={t('twoFactor.confirm')} />
              </div>
            </form>
          </section>
        </div>
      )}
    </Page>
  );
}
