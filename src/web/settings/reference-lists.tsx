import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSearchWithStatus } from '../admin/shared/search-filter.ts';
import { useApi } from '../api/use-api.ts';
import { RecordTabs } from '../cases/record-tabs.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { actionsColumn, ResourceTable, type Column } from '../ui/data-table.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { SearchForm, StatusMessage } from '../ui/form.tsx';
import { Badge, Page } from '../ui/page.tsx';
import { AddEntryForm, EditEntryForm } from './reference-forms.tsx';
import {
  EXTENSIBLE_LISTS,
  REFERENCE_LISTS,
  type ExtensibleList,
  type ReferenceEntry,
  type ReferenceList,
  type ReferencePage,
} from './types.ts';
import './settings.css';

const PATH = '/admin/reference';

const isList = (value: string | undefined): value is ReferenceList =>
  (REFERENCE_LISTS as readonly string[]).includes(value ?? '');

/**
 * The reference lists (places, languages, pueblos, countries): each searched by code or name and paged;
 * for an administrator over the whole installation, an entry's names and active flag edited and, except
 * for countries, new entries added.
 */
export function ReferenceListsScreen() {
  const { t } = useI18n();
  const { query } = useLocation();
  // The list is the tab (?tab=), as the sections of a record are.
  const list: ReferenceList = isList(query.tab) ? query.tab : 'places';
  const { apiQuery, search, setSearch, status, setStatus, go, onSearch } = useSearchWithStatus(PATH, 'all', {
    tab: list,
  });
  const entries = useApi<ReferencePage>(`/api/reference/${list}/entries`, apiQuery);
  const editable = entries.data?.editable ?? false;
  const [editing, setEditing] = useState<ReferenceEntry | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    setEditing(null);
    setSaved(null);
  }, [list]);

  const done = (message: string) => {
    setEditing(null);
    setSaved(message);
    entries.reload();
  };

  const listLabel = (name: ReferenceList) => t(`settings.reference.list.${name}` as MessageKey);
  const columns: Column<ReferenceEntry>[] = [
    {
      header: t('settings.reference.field.code'),
      rowHeader: true,
      cell: (entry) => <code>{entry.code}</code>,
    },
    { header: t('settings.reference.field.nameEs'), cell: (entry) => entry.nameEs },
    { header: t('settings.reference.field.nameEn'), cell: (entry) => entry.nameEn },
    { header: t('settings.reference.field.detail'), cell: (entry) => detailOf(t, entry) },
    {
      header: t('settings.reference.field.status'),
      cell: (entry) => (
        <>
          {entry.active ? (
            <Badge kind="ok">{t('settings.reference.active')}</Badge>
          ) : (
            <Badge kind="muted">{t('settings.reference.inactive')}</Badge>
          )}
          {entry.editedAt && (
            <>
              {' '}
              <Badge kind="info">{t('settings.reference.edited')}</Badge>
            </>
          )}
        </>
      ),
    },
  ];
  if (editable)
    columns.push(
      actionsColumn((entry) => (
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            setSaved(null);
            setEditing(entry);
          }}
        >
          {t('settings.reference.edit', { name: entry.nameEs })}
        </button>
      )),
    );

  return (
    <Page title={t('settings.reference.title')}>
      <p class="lead">{t('settings.reference.intro')}</p>
      <RecordTabs
        label={t('settings.reference.lists')}
        path={PATH}
        tabs={REFERENCE_LISTS.map((name) => ({ key: name, label: listLabel(name) }))}
        current={list}
      />
      {entries.data && !editable && <p class="alert alert-info">{t('settings.reference.readOnly')}</p>}
      <StatusMessage message={saved} />
      {editing && (
        <EditEntryForm
          list={list}
          entry={editing}
          onSaved={(entry) => done(t('settings.reference.saved', { name: entry.nameEs }))}
          onStale={() => entries.reload()}
          onCancel={() => setEditing(null)}
        />
      )}
      {editable && (EXTENSIBLE_LISTS as readonly string[]).includes(list) && (
        <AddEntryForm
          key={list}
          list={list as ExtensibleList}
          onAdded={(entry) => done(t('settings.reference.added', { name: entry.nameEs }))}
        />
      )}
      <SearchForm label={t('settings.reference.searchLabel')} onSubmit={onSearch}>
        <TextField
          id="reference-search"
          type="search"
          label={t('settings.reference.search')}
          value={search}
          onValue={setSearch}
          filter
          spellcheck={false}
        />
        <SelectField
          id="reference-active"
          label={t('settings.reference.status')}
          value={status}
          onValue={setStatus}
          options={[
            { value: 'all', label: t('settings.reference.statusAll') },
            { value: 'true', label: t('settings.reference.statusActive') },
            { value: 'false', label: t('settings.reference.statusInactive') },
          ]}
          filter
        />
      </SearchForm>
      <ResourceTable
        resource={entries}
        label={listLabel(list)}
        columns={columns}
        empty={t('settings.reference.empty')}
        rowKey={(entry) => entry.code}
        onPage={(next) => go({ page: next })}
      />
    </Page>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

/** What sets an entry apart within its list: a place's kind, a language's family and community. */
function detailOf(t: Translate, entry: ReferenceEntry): string {
  if (entry.kind) return t(`settings.reference.kind.${entry.kind}` as MessageKey);
  if (entry.family)
    return [t(`settings.reference.family.${entry.family}` as MessageKey), entry.comunidad]
      .filter(Boolean)
      .join(' · ');
  return entry.alpha3 ?? '';
}
