import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { listUrl, pageFrom } from '../admin/lookups.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { Badge, Empty, LoadError, Loading, Page } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import { DateOfBirth, Field, PersonName } from './display.tsx';
import { NoContactWarning } from './no-contact.tsx';
import type { SearchHit, SearchPage } from './types.ts';
import { personLabel } from './vocabulary.ts';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import './persons.css';

const PAGE_SIZE = 20;
const PATH = '/persons';

/** One person found: only what the server returned, a withheld field shown as restricted. */
function Result(props: { person: SearchHit }) {
  const { t } = useI18n();
  const { person } = props;
  return (
    <li class="result" data-testid="search-result">
      <div class="result-main">
        <a href={`/persons/${person.id}`} class="result-name">
          <PersonName person={person} />
        </a>
        {person.restricted && <Badge kind="warn">{t('persons.restrictedRecord')}</Badge>}
        <dl class="result-facts">
          <div>
            <dt>{t('persons.field.sex')}</dt>
            <dd>
              <Field name="sex" redacted={person.redacted} fieldClass="general" value={person.sex}>
                {personLabel(t, 'persons.sex', person.sex)}
              </Field>
            </dd>
          </div>
          <div>
            <dt>{t('persons.field.dateOfBirth')}</dt>
            <dd>
              <Field
                name="dateOfBirth"
                redacted={person.redacted}
                fieldClass={PERSON_FIELD_CLASSES.dateOfBirth}
                value={person.dateOfBirth}
              >
                <DateOfBirth value={person.dateOfBirth} />
              </Field>
            </dd>
          </div>
          {(person.otherNames?.length ?? 0) > 0 && (
            <div>
              <dt>{t('persons.field.otherNames')}</dt>
              <dd>{person.otherNames!.join(', ')}</dd>
            </div>
          )}
        </dl>
        <p class="hint">
          {t('persons.search.matchedBy', {
            how: person.matchedBy.map((kind) => personLabel(t, 'persons.matchedBy', kind)).join(', '),
          })}
        </p>
        <NoContactWarning entries={person.noContact} />
      </div>
    </li>
  );
}

export function PersonSearch() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const q = query.q ?? '';
  const page = pageFrom(query.page);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const results = useApi<SearchPage>(q.trim() ? '/api/persons/search' : null, {
    q,
    page,
    pageSize: PAGE_SIZE,
  });

  const onSubmit = (event: Event) => {
    event.preventDefault();
    route(listUrl(PATH, { q: text.trim(), page: 1 }));
  };
  const items = q.trim() ? (results.data?.items ?? []) : [];

  return (
    <Page
      title={t('persons.search.title')}
      actions={
        session.can('person:create') && (
          <a class="button primary" href="/persons/new">
            {t('persons.search.register')}
          </a>
        )
      }
    >
      <form class="search-box" role="search" onSubmit={onSubmit} aria-label={t('persons.search.label')}>
        <TextField
          id="person-search"
          type="search"
          label={t('persons.search.field')}
          hint={t('persons.search.hint')}
          value={text}
          onValue={setText}
          filter
          spellcheck={false}
          autoComplete="off"
          maxLength={200}
        />
        <button type="submit" class="button primary">
          {t('common.search')}
        </button>
      </form>

      {!q.trim() && <Empty>{t('persons.search.prompt')}</Empty>}
      {q.trim() && results.error && <LoadError error={results.error} retry={results.reload} />}
      {q.trim() && results.loading && !results.data && <Loading />}
      <div aria-live="polite" class="visually-hidden">
        {q.trim() &&
          results.data &&
          !results.loading &&
          (results.data.totalCapped
            ? t('persons.search.foundCapped', { count: results.data.total })
            : t('persons.search.found', { count: results.data.total }))}
      </div>
      {results.data?.identitySearched === false && (
        <p class="hint" data-testid="search-case-number-only">
          {t('persons.search.caseNumberOnly')}
        </p>
      )}
      {q.trim() && results.data && items.length === 0 && !results.loading && (
        <Empty>
          {t('persons.search.none', { q })}{' '}
          {session.can('person:create') && <a href="/persons/new">{t('persons.search.registerInstead')}</a>}
        </Empty>
      )}
      {items.length > 0 && (
        <>
          <ul class="result-list" aria-busy={results.loading} aria-label={t('persons.search.results')}>
            {items.map((person) => (
              <Result key={person.id} person={person} />
            ))}
          </ul>
          <Pagination
            page={results.data!.page}
            pageSize={results.data!.pageSize}
            total={results.data!.total}
            totalCapped={results.data!.totalCapped}
            itemCount={items.length}
            onPage={(next) => route(listUrl(PATH, { q, page: next }))}
          />
        </>
      )}
    </Page>
  );
}
