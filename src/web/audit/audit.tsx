import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { AuditEvent, AuditVerification, Page as PageOf } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { listUrl, pageFrom } from '../admin/lookups.ts';
import { useI18n } from '../i18n/context.tsx';
import { endOfGuatemalaDay, startOfGuatemalaDay, type MessageKey } from '../i18n/i18n.ts';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus } from '../ui/form.tsx';
import { ResourceTable } from '../ui/data-table.tsx';
import { Badge, LoadError, Loading, Page } from '../ui/page.tsx';
import './audit.css';

const PAGE_SIZE = 50;
const PATH = '/audit';
const FILTERS = ['username', 'actorId', 'resourceId', 'action', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function ChainStatus() {
  const { t, number } = useI18n();
  const verify = useApi<AuditVerification>('/api/audit-events/verify');
  return (
    <section class="panel chain" aria-labelledby="chain-title" aria-busy={verify.loading}>
      <h2 id="chain-title">{t('audit.chain.title')}</h2>
      {verify.loading && <Loading label={t('audit.chain.checking')} />}
      {!verify.loading && verify.error && <LoadError error={verify.error} retry={verify.reload} />}
      {!verify.loading && verify.data && (
        <div role="status">
          {verify.data.ok ? (
            <p class="alert alert-success" data-testid="chain-ok">
              {t('audit.chain.ok', { events: number(verify.data.events) })}
            </p>
          ) : (
            <div class="alert alert-error" data-testid="chain-broken">
              <p>
                {verify.data.firstBad
                  ? t('audit.chain.broken', {
                      seq: verify.data.firstBad.seq,
                      reason: verify.data.firstBad.reason,
                    })
                  : t('audit.chain.brokenUnknown')}
              </p>
              <p>{t('audit.chain.brokenAdvice')}</p>
            </div>
          )}
          <button type="button" class="button secondary" onClick={verify.reload}>
            {t('audit.chain.again')}
          </button>
        </div>
      )}
    </section>
  );
}

function Outcome(props: { outcome: string }) {
  const { t } = useI18n();
  if (props.outcome === 'success') return <Badge kind="ok">{t('audit.outcome.success')}</Badge>;
  if (props.outcome === 'denied') return <Badge kind="warn">{t('audit.outcome.denied')}</Badge>;
  if (props.outcome === 'failure') return <Badge kind="muted">{t('audit.outcome.failure')}</Badge>;
  return <Badge>{props.outcome}</Badge>;
}

export function AuditBrowser() {
  const { t, dateTime } = useI18n();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const applied = Object.fromEntries(FILTERS.map((name) => [name, query[name] ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(applied);
  const [formError, setFormError] = useState<string | null>(null);
  const appliedKey = FILTERS.map((name) => applied[name]).join('\u0000');
  useEffect(() => setDraft(applied), [appliedKey]);

  const events = useApi<PageOf<AuditEvent>>('/api/audit-events', {
    username: applied.username,
    actorId: applied.actorId,
    resourceId: applied.resourceId,
    action: applied.action,
    outcome: applied.outcome,
    from: DATE.test(applied.from) ? startOfGuatemalaDay(applied.from) : undefined,
    to: DATE.test(applied.to) ? endOfGuatemalaDay(applied.to) : undefined,
    page,
    pageSize: PAGE_SIZE,
  });

  const apply = (filters: Filters, nextPage = 1) => route(listUrl(PATH, { ...filters, page: nextPage }));
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });
  /** A text filter (identifiers and codes: no spell checking), or a date. */
  const filterField = (name: keyof Filters, id: string, label: MessageKey, type?: 'date') => (
    <TextField
      id={id}
      type={type}
      label={t(label)}
      value={draft[name]}
      onValue={set(name)}
      filter
      spellcheck={type === 'date' ? undefined : false}
    />
  );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setFormError(t('audit.error.dateOrder'));
      return;
    }
    setFormError(null);
    apply({
      ...draft,
      username: draft.username.trim(),
      resourceId: draft.resourceId.trim(),
      action: draft.action.trim(),
    });
  };
  const clear = () => {
    setFormError(null);
    route(PATH);
  };
  const anyFilter = FILTERS.some((name) => applied[name]);

  return (
    <Page title={t('audit.title')}>
      <p class="lead">{t('audit.intro')}</p>
      <ChainStatus />
      <section class="panel" aria-labelledby="audit-search">
        <h2 id="audit-search">{t('audit.filters.title')}</h2>
        <form role="search" onSubmit={onSubmit} noValidate aria-labelledby="audit-search">
          <FormStatus error={formError} />
          <div class="filters">
            {filterField('username', 'filter-username', 'audit.filters.username')}
            {filterField('resourceId', 'filter-resource', 'audit.filters.resourceId')}
            {filterField('action', 'filter-action', 'audit.filters.action')}
            <SelectField
              id="filter-outcome"
              label={t('audit.filters.outcome')}
              value={draft.outcome}
              onValue={set('outcome')}
              placeholder={t('audit.outcome.any')}
              options={[
                { value: 'success', label: t('audit.outcome.success') },
                { value: 'denied', label: t('audit.outcome.denied') },
                { value: 'failure', label: t('audit.outcome.failure') },
              ]}
              filter
            />
            {filterField('from', 'filter-from', 'audit.filters.from', 'date')}
            {filterField('to', 'filter-to', 'audit.filters.to', 'date')}
          </div>
          {applied.actorId && (
            <p class="hint">
              {t('audit.filters.actorApplied')}{' '}
              <button type="button" class="link-button" onClick={() => apply({ ...applied, actorId: '' })}>
                {t('audit.filters.removeActor')}
              </button>
            </p>
          )}
          <p class="hint">{t('audit.filters.resourceIdHint')}</p>
          <p class="hint">{t('audit.filters.actionHint')}</p>
          <p class="hint">{t('audit.filters.timeZone')}</p>
          <div class="form-actions">
            <button type="submit" class="button primary">
              {t('common.search')}
            </button>
            {anyFilter && (
              <button type="button" class="button secondary" onClick={clear}>
                {t('audit.filters.clear')}
              </button>
            )}
          </div>
        </form>
      </section>

      <section>
        <h2>{t('audit.results.title')}</h2>
        <ResourceTable
          resource={events}
          label={t('audit.results.title')}
          class="audit-table"
          rowKey={(event) => event.seq}
          empty={anyFilter ? t('audit.results.noMatches') : t('audit.results.empty')}
          intro={
            <p class="hint" role="status">
              {t('audit.results.count', { total: events.data?.total ?? 0 })}
            </p>
          }
          onPage={(next) => apply(applied, next)}
          columns={[
            {
              header: t('audit.col.when'),
              cell: (event) => (
                <>
                  {dateTime(event.occurredAt)}
                  <br />
                  <span class="hint">{t('audit.seq', { seq: event.seq })}</span>
                </>
              ),
            },
            {
              header: t('audit.col.who'),
              cell: (event) =>
                event.actor ? (
                  <>
                    {event.actor.displayName ?? t('audit.unknownActor')}
                    <br />
                    <button
                      type="button"
                      class="link-button mono"
                      onClick={() => apply({ ...applied, actorId: event.actor!.id, username: '' })}
                    >
                      {event.actor.username ?? event.actor.id}
                      <span class="visually-hidden"> {t('audit.filterByActor')}</span>
                    </button>
                  </>
                ) : (
                  <span class="hint">{t('audit.noActor')}</span>
                ),
            },
            { header: t('audit.col.action'), cell: (event) => <code>{event.action}</code> },
            { header: t('audit.col.outcome'), cell: (event) => <Outcome outcome={event.outcome} /> },
            {
              header: t('audit.col.record'),
              cell: (event) => (
                <>
                  {event.resourceType && <span>{event.resourceType}</span>}
                  {event.resourceIds.length > 0 && (
                    <ul class="resource-ids">
                      {event.resourceIds.slice(0, 5).map((id) => (
                        <li key={id}>
                          <button
                            type="button"
                            class="link-button mono"
                            onClick={() => apply({ ...applied, resourceId: id })}
                          >
                            {id}
                            <span class="visually-hidden"> {t('audit.filterByRecord')}</span>
                          </button>
                        </li>
                      ))}
                      {event.resourceIds.length > 5 && (
                        <li class="hint">{t('audit.moreIds', { count: event.resourceIds.length - 5 })}</li>
                      )}
                    </ul>
                  )}
                </>
              ),
            },
            {
              header: t('audit.col.details'),
              cell: (event) => (
                <details>
                  <summary>{t('audit.showDetails')}</summary>
                  <dl class="details">
                    <dt>{t('audit.col.ip')}</dt>
                    <dd>
                      <code>{event.ip ?? '—'}</code>
                    </dd>
                    <dt>{t('audit.col.requestId')}</dt>
                    <dd>
                      <code>{event.requestId ?? '—'}</code>
                    </dd>
                  </dl>
                  {Object.keys(event.details ?? {}).length > 0 && (
                    <pre class="audit-details">{JSON.stringify(event.details, null, 2)}</pre>
                  )}
                </details>
              ),
            },
          ]}
        />
      </section>
    </Page>
  );
}
