import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ATTACHMENT_CLASSES } from '../../core/attachments/vocabulary.ts';
import { clearanceLabel } from '../access/labels.ts';
import { downloadFile, uploadFile } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { actionsColumn, ResourceTable } from '../ui/data-table.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm, problemMessage } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import type { AttachmentOut, AttachmentPage } from './types.ts';
import './attachments.css';

/** Sizes as people read them: 850 KB, 2.4 MB. */
function useSize() {
  const { t, locale } = useI18n();
  return (bytes: number) => {
    const mb = bytes >= 1024 * 1024;
    const size = Math.round((bytes / (mb ? 1024 * 1024 : 1024)) * 10) / 10;
    return t('attachments.size', {
      size: new Intl.NumberFormat(locale).format(size),
      unit: mb ? 'mb' : 'kb',
    });
  };
}

/** The case's attachments. */
export function AttachmentsTab(props: CaseTabProps) {
  const { t } = useI18n();
  return (
    <AttachmentsPanel
      path={`/api/cases/${props.kase.id}/attachments`}
      listTitle={t('attachments.list.title')}
    />
  );
}

/**
 * The attachments of a case or of a person (`path`: their collection): the list (what the user may see),
 * upload with progress, and downloads. `rowActions` adds buttons to a row; `children` come before the list.
 */
export function AttachmentsPanel(props: {
  path: string;
  listTitle: string;
  rowActions?: (item: AttachmentOut) => ComponentChildren;
  children?: ComponentChildren;
}) {
  const { t, dateTime, locale } = useI18n();
  const session = useSession();
  const { path } = props;
  const [page, setPage] = useState(1);
  const list = useApi<AttachmentPage>(path, { page });
  const [news, setNews] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const size = useSize();

  const download = async (item: AttachmentOut) => {
    setDownloadError(null);
    try {
      await downloadFile(`${path}/${item.id}/content`, item.fileName);
    } catch (error) {
      setDownloadError(problemMessage(error, t, locale));
    }
  };

  return (
    <div class="panel attachments">
      <h2>{t('attachments.title')}</h2>
      {list.data && <p class="hint">{t('attachments.intro', { max: size(list.data.maxBytes) })}</p>}
      <StatusMessage message={news} />
      {session.can('attachment:write') && list.data && (
        <UploadForm
          path={path}
          maxBytes={list.data.maxBytes}
          acceptedTypes={list.data.acceptedTypes}
          onUploaded={(item) => {
            setNews(t('attachments.upload.done', { name: item.fileName }));
            setPage(1);
            list.reload();
          }}
        />
      )}
      {props.children}
      <h3>{props.listTitle}</h3>
      <FormStatus error={downloadError} />
      <ResourceTable<AttachmentOut>
        resource={list}
        label={props.listTitle}
        empty={t('attachments.list.none')}
        onPage={setPage}
        columns={[
          {
            header: t('attachments.col.name'),
            rowHeader: true,
            cell: (item) => (
              <>
                <span data-testid="attachment-name">{item.fileName}</span>
                {item.description && <span class="attachment-description">{item.description}</span>}
              </>
            ),
          },
          {
            header: t('attachments.col.class'),
            cell: (item) =>
              item.sensitivityClass === 'general' ? (
                t('attachments.class.general')
              ) : (
                <Badge kind="warn">{clearanceLabel(t, item.sensitivityClass)}</Badge>
              ),
          },
          {
            header: t('attachments.col.size'),
            cell: (item) => (
              <>
                {size(item.byteSize)}
                {item.metadataRemoved && (
                  <>
                    {' '}
                    <Badge kind="muted">{t('attachments.metadataRemoved')}</Badge>
                  </>
                )}
              </>
            ),
          },
          {
            header: t('attachments.col.uploaded'),
            cell: (item) =>
              t('attachments.uploadedBy', {
                when: dateTime(item.createdAt),
                name: item.uploadedBy?.displayName ?? '—',
              }),
          },
          actionsColumn((item) => (
            <span class="attachment-actions">
              <button
                type="button"
                class="button secondary"
                aria-label={t('attachments.downloadNamed', { name: item.fileName })}
                onClick={() => void download(item)}
              >
                {t('attachments.download')}
              </button>
              {props.rowActions?.(item)}
            </span>
          )),
        ]}
      />
      {list.data && list.data.redactedCount > 0 && (
        <p class="hint" data-testid="attachments-redacted">
          {t('attachments.list.redacted', { count: list.data.redactedCount })}
        </p>
      )}
    </div>
  );
}

function UploadForm(props: {
  path: string;
  maxBytes: number;
  acceptedTypes: string[];
  onUploaded: (item: AttachmentOut) => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm();
  const size = useSize();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [sensitivityClass, setSensitivityClass] = useState('');
  const [description, setDescription] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const cleared = session.me?.clearances ?? [];
  const classes = ATTACHMENT_CLASSES.filter((c) => c === 'general' || cleared.includes(c));

  const submit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!file) errors.body = t('attachments.upload.chooseFile');
    else if (file.size > props.maxBytes)
      errors.body = t('attachments.upload.tooLarge', { size: size(file.size), max: size(props.maxBytes) });
    else if (file.type && !props.acceptedTypes.includes(file.type))
      errors.body = t('attachments.upload.wrongType');
    if (!sensitivityClass) errors.sensitivityClass = t('attachments.upload.class');
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setProgress(0);
    const item = await form.submit(() =>
      uploadFile<AttachmentOut>(
        props.path,
        file!,
        { fileName: file!.name, sensitivityClass, description: description.trim() || undefined },
        setProgress,
      ),
    );
    setProgress(null);
    if (!item) return;
    setFile(null);
    setDescription('');
    setSensitivityClass('');
    if (fileInput.current) fileInput.current.value = '';
    props.onUploaded(item);
  };

  return (
    <form class="attachment-upload" ref={form.formRef} onSubmit={submit} noValidate>
      <h3>{t('attachments.upload.title')}</h3>
      <FormStatus error={form.formError} />
      <div class={form.error('body') ? 'field has-error' : 'field'}>
        <label for="attachment-file">{t('attachments.upload.file')}</label>
        {form.error('body') && (
          <p class="field-error" id="attachment-file-error">
            {form.error('body')}
          </p>
        )}
        <input
          id="attachment-file"
          ref={fileInput}
          type="file"
          accept={props.acceptedTypes.join(',')}
          required
          aria-invalid={form.error('body') ? 'true' : undefined}
          aria-describedby={form.error('body') ? 'attachment-file-error' : undefined}
          onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
        />
      </div>
      <SelectField
        id="sensitivityClass"
        label={t('attachments.upload.class')}
        hint={t('attachments.upload.classHint')}
        value={sensitivityClass}
        onValue={setSensitivityClass}
        placeholder={t('cases.choose')}
        error={form.error('sensitivityClass')}
        options={classes.map((c) => ({
          value: c,
          label: c === 'general' ? t('attachments.class.general') : clearanceLabel(t, c),
        }))}
      />
      <TextField
        id="description"
        label={t('attachments.upload.description')}
        value={description}
        onValue={setDescription}
        maxLength={500}
        optional
        error={form.error('description')}
      />
      {progress !== null && (
        <label class="attachment-progress">
          {t('attachments.upload.progress')}
          <progress max={1} value={progress} />
        </label>
      )}
      <SubmitButton busy={form.busy} label={t('attachments.upload.submit')} />
    </form>
  );
}
