import { Fragment } from 'preact';
import { api, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { DateOfBirth, fullName, useDay } from '../persons/display.tsx';
import { NoContactWarning } from '../persons/no-contact.tsx';
import { referenceNames, usePlaces } from '../persons/reference.ts';
import { personLabel } from '../persons/vocabulary.ts';
import { useActionError } from '../ui/action.ts';
import { Badge, Empty, LoadError, Loading, Page } from '../ui/page.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';
import { ElsewhereNotices, ExplanationTable, usePercent } from './explanation.tsx';
import { relationLabel } from './tracing-list.tsx';
import type { TracingDetail as Detail } from './types.ts';
import './linkage.css';

/** What the request knows of the child sought. */
function Known(props: { sought: NonNullable<Detail['sought']> }) {
  const { t, locale } = useI18n();
  const day = useDay();
  const places = referenceNames(usePlaces().data?.items, locale);
  const s = props.sought;
  const birth = s.birth
    ? s.birth.precision === 'exact'
      ? day(s.birth.date)
      : t('linkage.tracing.bornYears', { from: s.birth.from, to: s.birth.to })
    : null;
  const items: [string, string | null][] = [
    [t('linkage.tracing.sex'), s.sex ? personLabel(t, 'persons.sex', s.sex) : null],
    [t('linkage.tracing.birthKind'), birth],
    [t('linkage.tracing.department'), s.departmentCode && (places.get(s.departmentCode) ?? s.departmentCode)],
    [
      t('linkage.tracing.municipality'),
      s.municipalityCode && (places.get(s.municipalityCode) ?? s.municipalityCode),
    ],
    [t('linkage.tracing.placeText'), s.placeText],
    [t('linkage.tracing.motherName'), s.motherName],
    [t('linkage.tracing.fatherName'), s.fatherName],
  ];
  return (
    <section class="panel" aria-labelledby="known-title">
      <h2 id="known-title">{t('linkage.tracing.known')}</h2>
      <dl class="details">
        {items
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
    </section>
  );
}

/** A family-tracing request and its current answer: a ranked list, each score explained. */
export function TracingDetail(props: { params: { id: string } }) {
  const { t, date } = useI18n();
  const percent = usePercent();
  const action = useActionError();
  const request = useApi<Detail>(`/api/tracing-requests/${props.params.id}`);
  const data = request.data;
  const close = async () => {
    const ok = await action.run(() =>
      api.post(
        `/api/tracing-requests/${props.params.id}/close`,
        {},
        {
          ifMatch: request.etag ?? etagOfVersion(data!.version),
        },
      ),
    );
    if (ok) request.reload();
  };
  return (
    <Page
      title={
        data ? t('linkage.tracing.detailTitle', { name: data.soughtName ?? '—' }) : t('linkage.tracing.title')
      }
      actions={
        data?.status === 'open' && (
          <ConfirmButton
            id="close-request"
            label={t('linkage.tracing.close')}
            title={t('linkage.tracing.closeTitle')}
            message={<p>{t('linkage.tracing.closeMessage')}</p>}
            confirmLabel={t('linkage.tracing.close')}
            onConfirm={close}
          />
        )
      }
    >
      <p>
        <a href="/tracing">{t('linkage.tracing.back')}</a>
      </p>
      {request.error && <LoadError error={request.error} retry={request.reload} />}
      {action.error && (
        <p class="alert alert-error" role="alert">
          {action.error}
        </p>
      )}
      {!data && request.loading && <Loading />}
      {data && (
        <>
          <p class="lead">
            {t('linkage.tracing.askedBy', {
              name: [data.requesterName ?? '—', data.requesterInstitution].filter(Boolean).join(', '),
              relation: relationLabel(t, data.requesterRelation),
              date: date(data.createdAt),
            })}{' '}
            {data.status === 'closed' && <Badge kind="muted">{t('linkage.tracing.statusClosed')}</Badge>}
          </p>
          {data.requesterContact && <p>{t('linkage.tracing.contact', { contact: data.requesterContact })}</p>}
          {data.notes && <p class="hint">{data.notes}</p>}
          {data.sought && <Known sought={data.sought} />}
          <section class="panel" aria-labelledby="answers-title">
            <h2 id="answers-title">{t('linkage.tracing.answers')}</h2>
            <p class="hint">{t('linkage.tracing.answersIntro', { version: data.answers.modelVersion })}</p>
            {data.answers.matches.length === 0 ? (
              <Empty>{t('linkage.tracing.noAnswers')}</Empty>
            ) : (
              <ol class="answer-list" data-testid="tracing-answers">
                {data.answers.matches.map((match) => (
                  <li key={match.person.id}>
                    <p>
                      <a href={`/persons/${match.person.id}`}>
                        <strong>
                          {t('linkage.tracing.rank', {
                            rank: match.rank,
                            name: fullName(match.person) ?? '—',
                          })}
                        </strong>
                      </a>{' '}
                      {match.person.dateOfBirth && <DateOfBirth value={match.person.dateOfBirth} />} ·{' '}
                      {t('linkage.register.probability', { probability: percent(match.probability) })}
                    </p>
                    <NoContactWarning entries={match.person.noContact} />
                    <details>
                      <summary>{t('linkage.register.explanation')}</summary>
                      <ExplanationTable explanation={match.explanation} id={`answer-${match.rank}`} />
                    </details>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <ElsewhereNotices notices={data.answers.elsewhere} />
        </>
      )}
    </Page>
  );
}
