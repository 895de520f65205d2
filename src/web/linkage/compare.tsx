import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { DateOfBirth, Field, fullName, PersonName, useDay } from '../persons/display.tsx';
import { RadioGroup } from '../persons/controls.tsx';
import { NoContactWarning } from '../persons/no-contact.tsx';
import { referenceNames, usePlaces } from '../persons/reference.ts';
import { personLabel } from '../persons/vocabulary.ts';
import { useActionError } from '../ui/action.ts';
import { LoadError, Loading, Page, TableRegion } from '../ui/page.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';
import { ExplanationTable, statusLabel, usePercent } from './explanation.tsx';
import type { PairDetail } from './types.ts';
import '../persons/persons.css';
import './linkage.css';

type Side = PairDetail['sides'][number];

/** The two records of a pair side by side, row by row, with what differs in bold. */
function SideBySide(props: { sides: Side[] }) {
  const { t, locale } = useI18n();
  const day = useDay();
  const places = referenceNames(usePlaces().data?.items, locale);
  const rows: { label: string; value: (side: Side) => ComponentChildren; text: (side: Side) => string }[] = [
    {
      label: t('linkage.compare.name'),
      value: (s) => <PersonName person={s.person} />,
      text: (s) => fullName(s.person) ?? '',
    },
    {
      label: t('linkage.compare.sex'),
      value: (s) => (
        <Field name="sex" redacted={s.person.redacted} fieldClass="general" value={s.person.sex}>
          {personLabel(t, 'persons.sex', s.person.sex)}
        </Field>
      ),
      text: (s) => s.person.sex ?? '',
    },
    {
      label: t('linkage.compare.dateOfBirth'),
      value: (s) => (
        <Field
          name="dateOfBirth"
          redacted={s.person.redacted}
          fieldClass={PERSON_FIELD_CLASSES.dateOfBirth}
          value={s.person.dateOfBirth}
        >
          <DateOfBirth value={s.person.dateOfBirth} />
        </Field>
      ),
      text: (s) => JSON.stringify(s.person.dateOfBirth ?? null),
    },
    {
      label: t('linkage.compare.origin'),
      value: (s) => (
        <Field
          name="origin"
          redacted={s.person.redacted}
          fieldClass={PERSON_FIELD_CLASSES.origin}
          value={s.person.origin}
        >
          {[
            s.person.origin?.municipalityCode &&
              (places.get(s.person.origin.municipalityCode) ?? s.person.origin.municipalityCode),
            s.person.origin?.departmentCode &&
              (places.get(s.person.origin.departmentCode) ?? s.person.origin.departmentCode),
            s.person.origin?.community,
          ]
            .filter(Boolean)
            .join(', ')}
        </Field>
      ),
      text: (s) => JSON.stringify(s.person.origin ?? null),
    },
    {
      label: t('linkage.compare.mother'),
      value: (s) => (
        <Field name="mother" redacted={s.parents.redacted} fieldClass="identity" value={s.parents.mother} />
      ),
      text: (s) => s.parents.mother ?? '',
    },
    {
      label: t('linkage.compare.father'),
      value: (s) => (
        <Field name="father" redacted={s.parents.redacted} fieldClass="identity" value={s.parents.father} />
      ),
      text: (s) => s.parents.father ?? '',
    },
    {
      label: t('linkage.compare.cases'),
      value: (s) =>
        s.cases.length === 0 ? (
          <span class="muted">{t('linkage.compare.noCases')}</span>
        ) : (
          <ul class="plain-list">
            {s.cases.map((c) => (
              <li key={c.id}>
                <a href={`/cases/${c.id}`}>{c.number}</a>
              </li>
            ))}
          </ul>
        ),
      text: () => '',
    },
    {
      label: t('linkage.compare.registered'),
      value: (s) => day(s.person.createdAt),
      text: () => '',
    },
  ];
  return (
    <TableRegion label={t('linkage.compare.sideBySide')}>
      <table class="compare-table">
        <caption class="visually-hidden">{t('linkage.compare.sideBySide')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('linkage.compare.field')}</th>
            {props.sides.map((side, i) => (
              <th scope="col" key={side.person.id}>
                {t('linkage.compare.record', { n: i + 1 })}{' '}
                <a href={`/persons/${side.person.id}`} class="hint">
                  {t('linkage.compare.open')}
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const texts = props.sides.map(row.text);
            const differs = texts.some((text) => text !== texts[0]);
            return (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {props.sides.map((side) => (
                  <td key={side.person.id} class={differs ? 'differs' : undefined}>
                    {row.value(side)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** "Same child" (merge, keeping the chosen record) or "not the same child" (remembered). */
function Decision(props: { pair: PairDetail; etag: string | null }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const action = useActionError();
  const [keep, setKeep] = useState(props.pair.sides[0]!.person.id);
  const [done, setDone] = useState(false);
  const ifMatch = props.etag ?? etagOfVersion(props.pair.version);
  const keptIndex = props.pair.sides.findIndex((s) => s.person.id === keep);
  const decide = (body: { decision: 'same'; keep: string } | { decision: 'not_same' }) =>
    api.post(`/api/linkage/pairs/${props.pair.id}/decision`, body, { ifMatch });

  const merge = async () => {
    if (await action.run(() => decide({ decision: 'same', keep }))) route(`/persons/${keep}?tab=merges`);
  };
  const notSame = async () => {
    if (await action.run(() => decide({ decision: 'not_same' }))) setDone(true);
  };

  if (done)
    return (
      <p class="alert alert-success" role="status">
        {t('linkage.compare.notSameDone')} <a href="/linkage/review">{t('linkage.compare.back')}</a>
      </p>
    );
  return (
    <section class="panel decision" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('linkage.compare.decision')}</h2>
      {action.error && (
        <p class="alert alert-error" role="alert">
          {action.error}
        </p>
      )}
      <RadioGroup
        id="keep"
        legend={t('linkage.compare.keep')}
        hint={t('linkage.compare.keepHint')}
        value={keep}
        onValue={setKeep}
        options={props.pair.sides.map((side, i) => ({
          value: side.person.id,
          label: t('linkage.compare.keepOption', { n: i + 1, name: fullName(side.person) ?? '—' }),
        }))}
      />
      <div class="form-actions">
        <ConfirmButton
          id="merge"
          label={t('linkage.compare.same')}
          title={t('linkage.compare.sameTitle')}
          message={<p>{t('linkage.compare.sameMessage', { n: keptIndex + 1 })}</p>}
          confirmLabel={t('linkage.compare.sameConfirm')}
          onConfirm={merge}
        />
        <button type="button" class="button secondary" onClick={notSame}>
          {t('linkage.compare.notSame')}
        </button>
      </div>
    </section>
  );
}

export function PairCompare(props: { params: { id: string } }) {
  const { t } = useI18n();
  const percent = usePercent();
  const pair = useApi<PairDetail>(`/api/linkage/pairs/${props.params.id}`);
  const data = pair.data;
  return (
    <Page title={t('linkage.compare.title')}>
      <p>
        <a href="/linkage/review">{t('linkage.compare.back')}</a>
      </p>
      {pair.error && <LoadError error={pair.error} retry={pair.reload} />}
      {!data && pair.loading && <Loading />}
      {data && (
        <>
          <p class="lead">
            {t('linkage.compare.probability', {
              probability: percent(data.probability),
              version: data.modelVersion,
            })}
          </p>
          {data.sides.map((side) => (
            <NoContactWarning key={side.person.id} entries={side.person.noContact} />
          ))}
          <SideBySide sides={data.sides} />
          <ExplanationTable explanation={data.explanation} id="pair-explanation" />
          {data.status === 'pending' ? (
            <Decision pair={data} etag={pair.etag} />
          ) : (
            <p class="alert alert-info">
              {t('linkage.compare.decided', { status: statusLabel(t, data.status) })}
            </p>
          )}
        </>
      )}
    </Page>
  );
}
