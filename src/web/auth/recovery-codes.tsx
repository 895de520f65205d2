import { useMemo, useState } from 'preact/hooks';
import { useT } from '../i18n/context.tsx';
import { Checkbox } from '../ui/fields.tsx';
import { CopyButton } from '../ui/widgets.tsx';

/** Recovery codes, shown once: copy, print or download them, confirm they are stored, continue. */
export function RecoveryCodes(props: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const t = useT();
  const [stored, setStored] = useState(false);
  const text = props.codes.join('\n');
  const download = useMemo(
    () => URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' })),
    [text],
  );
  return (
    <section class="panel" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t('twoFactor.recoveryTitle')}</h2>
      <p>{t('twoFactor.recoveryIntro')}</p>
      <div class="alert alert-warn">
        <p>{t('twoFactor.recoveryOnce')}</p>
      </div>
      <ul class="codes" data-testid="recovery-codes" aria-label={t('twoFactor.recoveryTitle')}>
        {props.codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div class="form-actions no-print">
        <CopyButton text={text} label={t('twoFactor.copyCodes')} />
        <button type="button" class="button secondary" onClick={() => window.print()}>
          {t('twoFactor.printCodes')}
        </button>
        <a class="button secondary" href={download} download="amparo-recovery-codes.txt">
          {t('twoFactor.downloadCodes')}
        </a>
      </div>
      <div class="no-print">
        <Checkbox
          id="codes-stored"
          label={t('twoFactor.codesStored')}
          checked={stored}
          onChecked={setStored}
        />
        <button type="button" class="button primary" disabled={!stored} onClick={props.onDone}>
          {props.doneLabel ?? t('twoFactor.continue')}
        </button>
      </div>
    </section>
  );
}
