import { useState } from 'preact/hooks';
import { api, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { HistoryPanel } from '../cases/change-log.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { fullName } from '../persons/display.tsx';
import type { PersonTabProps } from '../persons/person-tabs.ts';
import { useSession } from '../session/session.tsx';
import { useActionError } from '../ui/action.ts';
import { Checkbox } from '../ui/fields.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';
import type { Merge } from './types.ts';
import './linkage.css';

/** One merge into this record: who and when, what moved, the merged record's history, the unmerge. */
function MergeEntry(props: { merge: Merge; onChanged: () => void }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const action = useActionError();
  const [notSame, setNotSame] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const { merge } = props;
  const moved = Object.entries(merge.moved).map(([key, count]) =>
    t(`linkage.moved.${key}` as MessageKey, { count }),
  );
  const unmerge = async () => {
    const ok = await action.run(() =>
      api.post(`/api/linkage/merges/${merge.id}/unmerge`, notSame ? { notSame: true } : {}, {
        ifMatch: etagOfVersion(merge.version),
      }),
    );
    if (ok) props.onChanged();
  };
  return (
    <li class="merge-entry" data-testid="merge-entry">
      <p>
        <strong>
          {t('linkage.merges.entry', {
            name: fullName(merge.merged) ?? '—',
            date: dateTime(merge.mergedAt),
            who: merge.mergedBy?.displayName ?? '—',
          })}
        </strong>
      </p>
      <p>
        {moved.length > 0
          ? t('linkage.merges.moved', { items: moved.join(', ') })
          : t('linkage.merges.movedNothing')}
      </p>
      {merge.unmergedAt && (
        <p class="alert alert-info">
          {t('linkage.merges.undone', {
            date: dateTime(merge.unmergedAt),
            who: merge.unmergedBy?.displayName ?? '—',
          })}
        </p>
      )}
      {action.error && (
        <p class="alert alert-error" role="alert">
          {action.error}
        </p>
      )}
      <div class="form-actions">
        <button
          type="button"
          class="button secondary"
          aria-expanded={showHistory}
          onClick={() => setShowHistory(!showHistory)}
        >
          {t(showHistory ? 'linkage.merges.hideHistory' : 'linkage.merges.showHistory')}
        </button>
        {!merge.unmergedAt && session.can('person:merge') && (
          <ConfirmButton
            id={`unmerge-${merge.id}`}
            label={t('linkage.merges.unmerge')}
            title={t('linkage.merges.unmergeTitle')}
            message={
              <>
                <p>{t('linkage.merges.unmergeMessage')}</p>
                <Checkbox
                  id={`not-same-${merge.id}`}
                  label={t('linkage.merges.notSame')}
                  checked={notSame}
                  onChecked={setNotSame}
                />
              </>
            }
            confirmLabel={t('linkage.merges.unmerge')}
            onConfirm={unmerge}
            danger
          />
        )}
      </div>
      {showHistory && (
        <HistoryPanel
          path={`/api/linkage/merges/${merge.id}/history`}
          title={t('linkage.merges.historyLabel')}
        />
      )}
    </li>
  );
}

/** The person record's "merged records" section: records merged into this one, and their undoing. */
export function MergesTab(props: PersonTabProps) {
  const { t } = useI18n();
  const merges = useApi<{ items: Merge[] }>(`/api/persons/${props.person.id}/merges`);
  const changed = () => {
    merges.reload();
    props.record.reload();
  };
  return (
    <section class="panel" aria-labelledby="merges-title">
      <h2 id="merges-title">{t('linkage.merges.title')}</h2>
      {merges.error && <LoadError error={merges.error} retry={merges.reload} />}
      {!merges.data && merges.loading && <Loading />}
      {merges.data && merges.data.items.length === 0 && <Empty>{t('linkage.merges.empty')}</Empty>}
      {merges.data && merges.data.items.length > 0 && (
        <ul class="plain-list">
          {merges.data.items.map((merge) => (
            <MergeEntry key={merge.id} merge={merge} onChanged={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}
