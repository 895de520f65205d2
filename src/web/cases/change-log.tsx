import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { fieldClassOf } from '../../core/cases/field-classes.ts';
import type { Page as PageOf } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { orgTypeLabel } from '../auth/org-types.ts';
import { Restricted, useDay } from '../persons/display.tsx';
import { referenceNames, useCountries, useLanguages, usePlaces, usePueblos } from '../persons/reference.ts';
import type { AccessLogEntry, HistoryEntry } from '../persons/types.ts';
import { vocabularyLabel, type Translate } from '../persons/vocabulary.ts';
import { Badge, Empty, LoadError, Loading, TableRegion } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import { usePlacements } from './placements.ts';
import './cases.css';

const PAGE_SIZE = 25;

/** Fields whose values are codes of a vocabulary, by record type. */
const VOCABULARY_OF: Record<string, Record<string, string>> = {
  person: {
    sex: 'persons.sex',
    gender: 'persons.gender',
    educationLevel: 'persons.education',
    disabilities: 'persons.disability',
  },
  person_relation: {
    kind: 'persons.relationKind',
    relationship: 'persons.relationship',
    noContactSource: 'persons.noContactSource',
  },
  identity_document: { type: 'persons.documentType' },
  case: {
    caseType: 'cases.caseType',
    status: 'cases.status',
    closureKind: 'cases.closureKind',
    riskLevel: 'cases.riskLevel',
    riskReasons: 'cases.riskReason',
  },
};

const FIELD_PREFIX: Record<string, string> = {
  person: 'persons.field',
  person_relation: 'persons.relationField',
  identity_document: 'persons.documentField',
  case: 'cases.field',
};

export const historyFieldLabel = (t: Translate, recordType: string, field: string) =>
  vocabularyLabel(t, FIELD_PREFIX[recordType] ?? 'cases.field', field);

interface Names {
  staffName: (id: string) => string | undefined;
  teamName: (id: string) => string | undefined;
  /** Reference lists: country (alpha-3), language, pueblo, place (INE code) */
  reference: (list: 'country' | 'language' | 'pueblo' | 'place', code: string) => string | undefined;
  day: (iso: string) => string;
}

const isDay = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The parts of a structured value (origin, languages, referral source, protection measure), in order. */
function partsOf(t: Translate, names: Names, field: string, record: Record<string, unknown>): string[] {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const code = (list: Parameters<Names['reference']>[0], value: unknown) =>
    typeof value === 'string' ? (names.reference(list, value) ?? value) : undefined;
  switch (field) {
    case 'origin':
      return [
        code('place', record.municipalityCode),
        code('place', record.departmentCode),
        text(record.community),
      ].filter((part): part is string => Boolean(part));
    case 'languages': {
      const others = Array.isArray(record.others) ? record.others : [];
      return [
        ...[record.primary, ...others].map((value) => code('language', value)),
        record.interpreterNeeded === true ? t('persons.field.interpreterNeeded') : undefined,
      ].filter((part): part is string => Boolean(part));
    }
    case 'referralSource':
      return [
        typeof record.orgType === 'string' ? orgTypeLabel(t, record.orgType) : undefined,
        text(record.organisationName),
        isDay(record.referredOn) ? names.day(record.referredOn) : undefined,
      ].filter((part): part is string => Boolean(part));
    case 'protectionMeasure':
      return [
        vocabularyLabel(t, 'cases.measureType', text(record.measureType)),
        text(record.court),
        text(record.fileNumber),
        text(record.pgnOffice),
        isDay(record.orderDate) ? names.day(record.orderDate) : undefined,
        isDay(record.reviewDate)
          ? t('cases.measure.reviewOn', { date: names.day(record.reviewDate) })
          : undefined,
        isDay(record.endDate) ? t('cases.measure.end', { end: names.day(record.endDate) }) : undefined,
      ].filter((part): part is string => Boolean(part));
    default:
      return Object.entries(record)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => `${k}: ${String(v)}`);
  }
}

/** A value of the history as a sentence fragment in the user's language. */
export function historyValue(
  t: Translate,
  names: Names,
  recordType: string,
  field: string,
  value: unknown,
): string {
  if (value === null || value === undefined || value === '') return t('cases.history.empty');
  if (typeof value === 'boolean') return value ? t('cases.yes') : t('cases.no');
  const vocabulary = VOCABULARY_OF[recordType]?.[field];
  const one = (item: unknown): string => {
    if (typeof item !== 'string') return String(item);
    if (vocabulary) return vocabularyLabel(t, vocabulary, item);
    if (field === 'ownerUserId' || field === 'restrictedTo') return names.staffName(item) ?? item;
    if (field === 'teamId') return names.teamName(item) ?? item;
    if (field === 'citizenships' || field === 'issuingCountry')
      return names.reference('country', item) ?? item;
    if (field === 'pueblo') return names.reference('pueblo', item) ?? item;
    if (isDay(item)) return names.day(item);
    return item;
  };
  if (Array.isArray(value)) return value.length === 0 ? t('cases.history.empty') : value.map(one).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (field === 'dateOfBirth' && typeof record.precision === 'string') {
      if (record.precision === 'exact') return one(record.date);
      if (record.precision === 'year') return t('persons.dob.year', { year: String(record.year) });
      if (record.precision === 'age_range')
        return t('persons.dob.ageRange', {
          min: String(record.ageMin),
          max: String(record.ageMax),
          asOf: isDay(record.asOf) ? names.day(record.asOf) : '',
        });
      return t('persons.dob.unknown');
    }
    const parts = partsOf(t, names, field, record);
    return parts.length === 0 ? t('cases.history.empty') : parts.join(' · ');
  }
  return one(value);
}

function useHistoryNames(): Names {
  const { locale } = useI18n();
  const placements = usePlacements();
  const day = useDay();
  const lists = {
    country: referenceNames(useCountries().data?.items, locale, (c) => c.alpha3),
    language: referenceNames(useLanguages().data?.items, locale),
    pueblo: referenceNames(usePueblos().data?.items, locale),
    place: referenceNames(usePlaces().data?.items, locale),
  };
  return {
    staffName: (id) => placements.staffName(id),
    teamName: (id) => placements.teamName(id),
    reference: (list, code) => lists[list].get(code),
    day,
  };
}

/** What one history entry changed: the field, and its values before and after (or that they are restricted). */
function FieldChange(props: { entry: HistoryEntry; names: Names }) {
  const { t } = useI18n();
  const { entry, names } = props;
  const fieldClass = fieldClassOf(entry.recordType, entry.field);
  const hidden = entry.redacted.length > 0;
  return (
    <>
      <p class="log-what">
        <strong>{historyFieldLabel(t, entry.recordType, entry.field)}</strong>
        {entry.recordType !== 'person' && entry.recordType !== 'case' && (
          <span class="muted"> · {vocabularyLabel(t, 'cases.recordType', entry.recordType)}</span>
        )}
      </p>
      {hidden ? (
        <p>
          <Restricted fieldClass={fieldClass} />
        </p>
      ) : (
        <p class="log-change">
          {t('cases.history.change', {
            from: historyValue(t, names, entry.recordType, entry.field, entry.from),
            to: historyValue(t, names, entry.recordType, entry.field, entry.to),
          })}
        </p>
      )}
    </>
  );
}

/**
 * The pages of a record's field-level changes (GET …/history), newest first, each with when and by whom;
 * `describe` shows what the entry changed.
 */
export function HistoryEntries(props: {
  path: string;
  describe: (entry: HistoryEntry) => ComponentChildren;
}) {
  const { t, dateTime } = useI18n();
  const [page, setPage] = useState(1);
  const history = useApi<PageOf<HistoryEntry>>(props.path, { page, pageSize: PAGE_SIZE });
  const items = history.data?.items ?? [];
  return (
    <>
      {history.error && <LoadError error={history.error} retry={history.reload} />}
      {history.loading && !history.data && <Loading />}
      {history.data && items.length === 0 && <Empty>{t('cases.history.none')}</Empty>}
      {items.length > 0 && (
        <>
          <ol class="log-list" aria-busy={history.loading}>
            {items.map((entry) => (
              <li key={entry.id} class="log-entry">
                <p class="log-when">
                  <time dateTime={entry.changedAt}>{dateTime(entry.changedAt)}</time>
                  {' · '}
                  {entry.actor?.displayName ?? t('cases.history.system')}
                </p>
                {props.describe(entry)}
              </li>
            ))}
          </ol>
          <Pagination
            page={history.data!.page}
            pageSize={history.data!.pageSize}
            total={history.data!.total}
            onPage={setPage}
          />
        </>
      )}
    </>
  );
}

/** A record's field-level changes, newest first (GET …/history). */
export function HistoryPanel(props: { path: string; title: string }) {
  const names = useHistoryNames();
  return (
    <section aria-labelledby="history-title" data-testid="history-panel">
      <h2 id="history-title">{props.title}</h2>
      <HistoryEntries path={props.path} describe={(entry) => <FieldChange entry={entry} names={names} />} />
    </section>
  );
}

/** Who read or changed a record, and when (GET …/access-log). */
export function AccessLogPanel(props: { path: string; title: string }) {
  const { t, dateTime } = useI18n();
  const [page, setPage] = useState(1);
  const log = useApi<PageOf<AccessLogEntry>>(props.path, { page, pageSize: PAGE_SIZE });
  const items = log.data?.items ?? [];
  return (
    <section aria-labelledby="access-log-title" data-testid="access-log-panel">
      <h2 id="access-log-title">{props.title}</h2>
      <p class="hint">{t('cases.accessLog.intro')}</p>
      {log.error && <LoadError error={log.error} retry={log.reload} />}
      {log.loading && !log.data && <Loading />}
      {log.data && items.length === 0 && <Empty>{t('cases.accessLog.none')}</Empty>}
      {items.length > 0 && (
        <>
          <TableRegion label={props.title} busy={log.loading}>
            <table class="log-table">
              <thead>
                <tr>
                  <th scope="col">{t('cases.accessLog.when')}</th>
                  <th scope="col">{t('cases.accessLog.who')}</th>
                  <th scope="col">{t('cases.accessLog.what')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr key={entry.seq}>
                    <td>
                      <time dateTime={entry.occurredAt}>{dateTime(entry.occurredAt)}</time>
                    </td>
                    <td>{entry.actor?.displayName ?? t('cases.history.system')}</td>
                    <td>
                      {vocabularyLabel(t, 'cases.action', entry.action)}{' '}
                      {entry.outcome !== 'success' && (
                        <Badge kind="warn">{vocabularyLabel(t, 'cases.outcome', entry.outcome)}</Badge>
                      )}{' '}
                      {entry.emergency && <Badge kind="warn">{t('cases.accessLog.emergency')}</Badge>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination
            page={log.data!.page}
            pageSize={log.data!.pageSize}
            total={log.data!.total}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
