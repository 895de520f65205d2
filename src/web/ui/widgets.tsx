import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { useT } from '../i18n/context.tsx';

/** Copies text to the clipboard; where the Clipboard API is unavailable (plain HTTP) it copies the selected field. */
export function CopyButton(props: { text: string; targetId?: string; label?: string }) {
  const t = useT();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(props.text);
      } else {
        const target = props.targetId ? document.getElementById(props.targetId) : null;
        if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) throw new Error();
        target.select();
        if (!document.execCommand('copy')) throw new Error();
      }
      setResult('copied');
    } catch {
      setResult('failed');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="button secondary" onClick={copy}>
        {props.label ?? t('common.copy')}
      </button>
      <span class="copy-status" role="status">
        {result === 'copied' && t('common.copied')}
        {result === 'failed' && t('common.copyFailed')}
      </span>
    </span>
  );
}

/** A secret shown once (a link, a token): a read-only field to select, a copy button and a warning. */
export function OneTimeValue(props: { id: string; label: string; value: string; hint?: string }) {
  return (
    <div class="one-time">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <div class="one-time-row">
        <input
          id={props.id}
          type="text"
          readOnly
          value={props.value}
          aria-describedby={props.hint ? `${props.id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
          spellcheck={false}
        />
        <CopyButton text={props.value} targetId={props.id} />
      </div>
    </div>
  );
}

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  /** The total is a lower bound (the API stopped counting at its cap): there are more than `total`. */
  totalCapped?: boolean;
  /** Items on this page; with a capped total, a full page may have a next one. */
  itemCount?: number;
}

/** The pages known of a list, and whether there may be a page after this one. */
export function pageState(info: PageInfo): { pages: number; hasNext: boolean } {
  const pages = Math.max(1, Math.ceil(info.total / info.pageSize));
  const hasNext = info.totalCapped ? (info.itemCount ?? info.pageSize) >= info.pageSize : info.page < pages;
  return { pages, hasNext };
}

export function Pagination(props: PageInfo & { onPage: (page: number) => void }) {
  const t = useT();
  const { pages, hasNext } = pageState(props);
  if (props.total === 0) return null;
  const status = props.totalCapped
    ? t('common.pagination.statusCapped', { page: props.page, total: props.total })
    : t('common.pagination.status', { page: props.page, pages, total: props.total });
  if (props.page <= 1 && !hasNext) return <p class="pagination-status">{status}</p>;
  return (
    <nav class="pagination" aria-label={t('common.pagination.label')}>
      <p class="pagination-status" aria-live="polite">
        {status}
      </p>
      <div class="pagination-buttons">
        <button
          type="button"
          class="button secondary"
          disabled={props.page <= 1}
          onClick={() => props.onPage(props.page - 1)}
        >
          {t('common.pagination.previous')}
        </button>
        <button
          type="button"
          class="button secondary"
          disabled={!hasNext}
          onClick={() => props.onPage(props.page + 1)}
        >
          {t('common.pagination.next')}
        </button>
      </div>
    </nav>
  );
}

/**
 * A button that asks for confirmation in a modal dialog (native <dialog>: focus is kept inside, Escape
 * cancels, focus returns to the button).
 */
export function ConfirmButton(props: {
  id: string;
  label: string;
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => unknown;
  danger?: boolean;
  disabled?: boolean;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };
  return (
    <>
      <button
        type="button"
        id={props.id}
        class={props.danger ? 'button danger' : 'button secondary'}
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog
        ref={dialog}
        class="dialog"
        aria-labelledby={`${props.id}-title`}
        aria-describedby={`${props.id}-message`}
      >
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        <div id={`${props.id}-message`}>{props.message}</div>
        <div class="dialog-actions">
          <button
            type="button"
            class="button secondary"
            onClick={() => dialog.current?.close()}
            disabled={busy}
          >
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class={props.danger ? 'button danger' : 'button primary'}
            onClick={confirm}
            disabled={busy}
          >
            {busy ? t('common.working') : props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
