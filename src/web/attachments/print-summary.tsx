import { useState } from 'preact/hooks';
import { downloadFile } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { problemMessage } from '../ui/form.tsx';
import './attachments.css';

/** "Print summary (PDF)": the case summary as the server prints it for this user (watermarked, audited). */
export function PrintSummaryButton(props: { caseId: string; caseNumber: string }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(`/api/cases/${props.caseId}/summary.pdf`, `resumen-${props.caseNumber}.pdf`);
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="print-summary">
      <button
        type="button"
        class="button secondary"
        disabled={busy}
        aria-describedby="print-summary-hint"
        onClick={() => void print()}
        data-testid="print-summary"
      >
        {busy ? t('cases.record.printing') : t('cases.record.printSummary')}
      </button>
      <span id="print-summary-hint" class="visually-hidden">
        {t('cases.record.printHint')}
      </span>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
