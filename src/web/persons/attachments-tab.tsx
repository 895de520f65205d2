import { useState } from 'preact/hooks';
import { PERSON_PHOTO_CLASS } from '../../core/cases/field-classes.ts';
import { clearanceLabel } from '../access/labels.ts';
import { api, etagOfVersion } from '../api/client.ts';
import { AttachmentsPanel } from '../attachments/attachments-tab.tsx';
import type { AttachmentOut } from '../attachments/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { currentLocale, loadFeatures } from '../i18n/i18n.ts';
import { useSession } from '../session/session.tsx';
import { FormStatus, problemMessage, StatusMessage } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import { useCleared } from './display.tsx';
import type { PersonTabProps } from './person-tabs.ts';
import type { PersonRecord } from './types.ts';

/**
 * The person's own papers (outside their cases), on the case attachments' panel; an image of the identity
 * class can become the person's photo, by a user who may change the person and see identity data.
 */
export function PersonAttachmentsTab(props: PersonTabProps) {
  const { t, locale } = useI18n();
  const session = useSession();
  const cleared = useCleared();
  const { person, record } = props;
  const [news, setNews] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayChoosePhoto = session.can('person:update') && cleared(PERSON_PHOTO_CLASS);

  const setPhoto = async (attachmentId: string | null) => {
    setNews(null);
    setError(null);
    setBusy(true);
    try {
      const result = await api.patch<PersonRecord>(
        `/api/persons/${person.id}/photo`,
        { attachmentId },
        record.etag ?? etagOfVersion(person.version),
      );
      record.replace(result.data, result.etag);
      setNews(t(attachmentId ? 'persons.photo.set' : 'persons.photo.removed'));
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    } finally {
      setBusy(false);
    }
  };

  const photoAction = (item: AttachmentOut) => {
    if (
      !mayChoosePhoto ||
      !item.mediaType.startsWith('image/') ||
      item.sensitivityClass !== PERSON_PHOTO_CLASS
    )
      return null;
    if (person.photo?.attachmentId === item.id)
      return <Badge kind="info">{t('persons.photo.current')}</Badge>;
    return (
      <button
        type="button"
        class="button secondary"
        disabled={busy}
        aria-label={t('persons.photo.useNamed', { name: item.fileName })}
        onClick={() => void setPhoto(item.id)}
      >
        {t('persons.photo.use')}
      </button>
    );
  };

  return (
    <AttachmentsPanel
      path={`/api/persons/${person.id}/attachments`}
      listTitle={t('attachments.list.personTitle')}
      rowActions={photoAction}
    >
      {mayChoosePhoto && (
        <div class="person-photo-choice">
          <p class="hint">{t('persons.photo.hint', { class: clearanceLabel(t, PERSON_PHOTO_CLASS) })}</p>
          <StatusMessage message={news} />
          <FormStatus error={error} />
          {person.photo && (
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={() => void setPhoto(null)}
            >
              {t('persons.photo.remove')}
            </button>
          )}
        </div>
      )}
    </AttachmentsPanel>
  );
}

/** The tab with its words: those of the attachments (src/web/attachments) and of access control. */
export const loadPersonAttachmentsTab = () =>
  loadFeatures(['attachments', 'access'], currentLocale()).then(() => PersonAttachmentsTab);
