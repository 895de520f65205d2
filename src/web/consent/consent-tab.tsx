import { useState } from 'preact/hooks';
import {
  CONSENT_CHECKLIST,
  CONSENT_GIVERS,
  CONSENT_PURPOSES,
  PURPOSES_MAY_NAME_AGENCY,
  PURPOSES_NAMING_AGENCY,
  type ConsentChecklist,
  type ConsentPurpose,
} from '../../core/consent/vocabulary.ts';
import { api, downloadFile, etagOfVersion, isApiError } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import type { AttachmentPage } from '../attachments/types.ts';
import { useDestinations } from '../case-work/destinations.ts';
import {
  CaseWorkSection,
  checked,
  Facts,
  ItemHead,
  textOrNull,
  WorkForm,
  type FormCallbacks,
} from '../case-work/section.tsx';
import type { Consent, ConsentList } from '../case-work/types.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { RadioGroup } from '../persons/controls.tsx';
import { Restricted, useCleared, useDay } from '../persons/display.tsx';
import { vocabularyLabel, vocabularyOptions, type Translate } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { Checkbox, Fieldset, namedOptions, SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, problemMessage, useForm } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import { dayInGuatemala } from '../../core/dates.ts';

/**
 * Consent and assent of the case's child, per purpose: who gave it (the child, a guardian, a trusted adult,
 * the PGN or a court), the HTCDS checklist, the date, the document, withdrawal. The server checks the
 * age-band rule and answers with warnings, which are shown (the rule guides, it does not refuse).
 */

const EMPTY_CHECKLIST = Object.fromEntries(
  CONSENT_CHECKLIST.map((item) => [item, false]),
) as ConsentChecklist;

type Warning = Consent['warnings'][number];

/** A warning in the reader's language (the server's sentence when the code is new to this screen). */
function warningText(t: Translate, warning: Warning) {
  const key = `consent.warning.${warning.code}` as MessageKey;
  const text = t(key);
  return text === key ? warning.message : text;
}

export function ConsentWarnings(props: { warnings: Warning[]; title?: string }) {
  const { t } = useI18n();
  if (props.warnings.length === 0) return null;
  return (
    <div class="alert alert-warn work-warnings" data-testid="consent-warnings">
      <p>{props.title ?? t('consent.warningsTitle')}</p>
      <ul>
        {props.warnings.map((warning) => (
          <li key={warning.code}>{warningText(t, warning)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The files that can be a consent's signed document: those of this case and the person's own, as far as
 * the user may see them (none without attachment:read).
 */
function useDocumentChoices(caseId: string, personId: string) {
  const { t } = useI18n();
  const session = useSession();
  const may = session.can('attachment:read');
  const query = { pageSize: 200 };
  const ofCase = useApi<AttachmentPage>(may ? `/api/cases/${caseId}/attachments` : null, query);
  const ofPerson = useApi<AttachmentPage>(may ? `/api/persons/${personId}/attachments` : null, query);
  return [
    ...(ofCase.data?.items ?? []).map((a) => ({
      value: a.id,
      label: t('consent.documentOfCase', { name: a.fileName }),
    })),
    ...(ofPerson.data?.items ?? []).map((a) => ({
      value: a.id,
      label: t('consent.documentOfPerson', { name: a.fileName }),
    })),
  ];
}

/** A consent's signed document that is an attachment: the person's own, or of this case. */
function AttachedDocument(props: { personId: string; caseId: string; attachmentId: string }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  if (!session.can('attachment:read')) return <>{t('consent.documentAttachedNoAccess')}</>;
  const download = async () => {
    setError(null);
    // The consent names the file, not whose it is: the person's papers first, then this case's.
    for (const holder of [`/api/persons/${props.personId}`, `/api/cases/${props.caseId}`]) {
      try {
        await downloadFile(
          `${holder}/attachments/${props.attachmentId}/content`,
          t('consent.documentFileName'),
        );
        return;
      } catch (failure) {
        if (!isApiError(failure) || failure.status !== 404) {
          setError(problemMessage(failure, t, locale));
          return;
        }
      }
    }
    setError(t('consent.documentUnavailable'));
  };
  return (
    <>
      <button type="button" class="button secondary" onClick={() => void download()}>
        {t('consent.downloadDocument')}
      </button>
      <FormStatus error={error} />
    </>
  );
}

function ConsentForm(props: { personId: string; caseId: string; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const cleared = useCleared();
  const form = useForm();
  const destinations = useDestinations(props.caseId);
  const [purpose, setPurpose] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [decision, setDecision] = useState('granted');
  const [givenBy, setGivenBy] = useState('');
  const [giverName, setGiverName] = useState('');
  const [giverRelationship, setGiverRelationship] = useState('');
  const [givenOn, setGivenOn] = useState(dayInGuatemala());
  const [checklist, setChecklist] = useState<ConsentChecklist>(EMPTY_CHECKLIST);
  const [reference, setReference] = useState('');
  const [documentId, setDocumentId] = useState('');
  const documents = useDocumentChoices(props.caseId, props.personId);
  const namesAgency = PURPOSES_MAY_NAME_AGENCY.includes(purpose as ConsentPurpose);
  const agencyRequired = PURPOSES_NAMING_AGENCY.includes(purpose as ConsentPurpose);
  const adult = givenBy !== '' && givenBy !== 'child';
  const mayName = cleared('identity');

  const submit = async () => {
    const valid = checked(form, {
      purpose: !purpose && t('consent.error.purpose'),
      agencyId: agencyRequired && !agencyId && t('consent.error.agency'),
      givenBy: !givenBy && t('consent.error.givenBy'),
      giverName: adult && mayName && !giverName.trim() && t('consent.error.giverName'),
      givenOn:
        (!givenOn && t('consent.error.date')) || (givenOn > dayInGuatemala() && t('consent.error.future')),
      document: Boolean(documentId) && Boolean(textOrNull(reference)) && t('consent.error.documentBoth'),
    });
    if (!valid) return;
    const saved = await form.submit(() =>
      api.post<Consent>(`/api/persons/${props.personId}/consents`, {
        purpose,
        ...(namesAgency && agencyId && { agencyId }),
        decision,
        givenBy,
        ...(adult && mayName && { giverName: giverName.trim() }),
        ...(textOrNull(giverRelationship) && { giverRelationship: giverRelationship.trim() }),
        givenOn,
        checklist,
        ...(documentId && { document: { attachmentId: documentId } }),
        ...(textOrNull(reference) && { document: { reference: reference.trim() } }),
      }),
    );
    if (saved)
      props.callbacks.onSaved(
        t('consent.added'),
        <ConsentWarnings warnings={saved.data.warnings} title={t('consent.addedWithWarnings')} />,
      );
  };

  return (
    <WorkForm
      form={form}
      title={t('consent.addTitle')}
      testId="consent-form"
      submitLabel={t('consent.add')}
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      <SelectField
        id="consent-purpose"
        label={t('consent.field.purpose')}
        value={purpose}
        onValue={setPurpose}
        options={vocabularyOptions(t, 'consent.purpose', CONSENT_PURPOSES)}
        placeholder={t('consent.choose')}
        error={form.error('purpose')}
      />
      {namesAgency && (
        <SelectField
          id="consent-agencyId"
          label={t('consent.field.agency')}
          hint={agencyRequired ? undefined : t('consent.agencyOptionalHint')}
          value={agencyId}
          onValue={setAgencyId}
          options={namedOptions(destinations.data?.agencies ?? [])}
          placeholder={agencyRequired ? t('consent.choose') : t('consent.anyAgency')}
          optional={!agencyRequired}
          error={form.error('agencyId')}
        />
      )}
      <RadioGroup
        id="consent-decision"
        legend={t('consent.field.decision')}
        value={decision}
        options={[
          { value: 'granted', label: t('consent.decision.granted') },
          { value: 'refused', label: t('consent.decision.refused') },
        ]}
        onValue={setDecision}
        error={form.error('decision')}
      />
      <RadioGroup
        id="consent-givenBy"
        legend={t('consent.field.givenBy')}
        hint={t('consent.givenByHint')}
        value={givenBy}
        options={vocabularyOptions(t, 'consent.giver', CONSENT_GIVERS)}
        onValue={setGivenBy}
        error={form.error('givenBy')}
      />
      {adult &&
        (mayName ? (
          <TextField
            id="consent-giverName"
            name="giverName"
            label={t('consent.field.giverName')}
            value={giverName}
            onValue={setGiverName}
            maxLength={200}
            autoComplete="off"
            error={form.error('giverName')}
          />
        ) : (
          <p>
            {t('consent.field.giverName')}: <Restricted fieldClass="identity" />
          </p>
        ))}
      {adult && (
        <TextField
          id="consent-giverRelationship"
          name="giverRelationship"
          label={t('consent.field.giverRelationship')}
          hint={t('consent.giverRelationshipHint')}
          value={giverRelationship}
          onValue={setGiverRelationship}
          maxLength={100}
          optional
          error={form.error('giverRelationship')}
        />
      )}
      <TextField
        id="consent-givenOn"
        name="givenOn"
        type="date"
        label={t('consent.field.givenOn')}
        value={givenOn}
        onValue={setGivenOn}
        max={dayInGuatemala()}
        error={form.error('givenOn')}
      />
      <Fieldset
        id="consent-checklist"
        legend={t('consent.field.checklist')}
        hint={t('consent.checklistHint')}
        error={form.error('checklist')}
      >
        {CONSENT_CHECKLIST.map((item) => (
          <Checkbox
            key={item}
            id={`consent-checklist-${item}`}
            label={vocabularyLabel(t, 'consent.checklist', item)}
            checked={checklist[item]}
            onChecked={(on) => setChecklist((c) => ({ ...c, [item]: on }))}
          />
        ))}
      </Fieldset>
      {documents.length > 0 && (
        <SelectField
          id="consent-documentAttachment"
          label={t('consent.field.documentAttachment')}
          hint={t('consent.documentAttachmentHint')}
          value={documentId}
          onValue={setDocumentId}
          options={documents}
          placeholder={t('consent.noDocumentAttachment')}
          optional
          error={form.error('document.attachmentId')}
        />
      )}
      <TextField
        id="consent-document"
        name="document"
        label={t('consent.field.document')}
        hint={t('consent.documentHint')}
        value={reference}
        onValue={setReference}
        maxLength={300}
        optional
        error={form.error('document.attachmentId') ? undefined : form.error('document')}
      />
    </WorkForm>
  );
}

function WithdrawForm(props: { personId: string; consent: Consent; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const form = useForm();
  const [withdrawnOn, setWithdrawnOn] = useState(dayInGuatemala());
  const [reason, setReason] = useState('');
  const { consent } = props;
  const prefix = `withdraw-${consent.id}`;

  const submit = async () => {
    const valid = checked(form, {
      withdrawnOn:
        (!withdrawnOn && t('consent.error.date')) ||
        (withdrawnOn > dayInGuatemala() && t('consent.error.future')) ||
        (withdrawnOn < consent.givenOn && t('consent.error.beforeGiven')),
      reason: !reason.trim() && t('consent.error.reason'),
    });
    if (!valid) return;
    const saved = await form.submit(() =>
      api.post<Consent>(
        `/api/persons/${props.personId}/consents/${consent.id}/withdraw`,
        { withdrawnOn, reason: reason.trim() },
        { ifMatch: etagOfVersion(consent.version) },
      ),
    );
    if (saved) props.callbacks.onSaved(t('consent.withdrawn'));
  };

  return (
    <WorkForm
      form={form}
      title={t('consent.withdrawTitle')}
      testId="withdraw-form"
      submitLabel={t('consent.withdraw')}
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      <TextField
        id={`${prefix}-date`}
        name="withdrawnOn"
        type="date"
        label={t('consent.field.withdrawnOn')}
        value={withdrawnOn}
        onValue={setWithdrawnOn}
        min={consent.givenOn}
        max={dayInGuatemala()}
        error={form.error('withdrawnOn')}
      />
      <TextField
        id={`${prefix}-reason`}
        name="reason"
        label={t('consent.field.withdrawalReason')}
        value={reason}
        onValue={setReason}
        rows={2}
        maxLength={1000}
        error={form.error('reason')}
      />
    </WorkForm>
  );
}

function ConsentCard(props: {
  consent: Consent;
  personId: string;
  caseId: string;
  canWrite: boolean;
  onWithdraw: () => void;
}) {
  const { t, dateTime } = useI18n();
  const day = useDay();
  const { consent } = props;
  const purpose = vocabularyLabel(t, 'consent.purpose', consent.purpose);
  const title = consent.agency ? t('consent.purposeFor', { purpose, agency: consent.agency.name }) : purpose;
  const giver = vocabularyLabel(t, 'consent.giver', consent.givenBy);
  const band = consent.ageBand;
  return (
    <>
      <ItemHead title={title}>
        <Badge kind={consent.decision === 'granted' ? 'ok' : 'warn'}>
          {vocabularyLabel(t, 'consent.decision', consent.decision)}
        </Badge>
        <Badge kind="info">{vocabularyLabel(t, 'consent.form', consent.form)}</Badge>
        {consent.inForce ? (
          <Badge kind="ok">{t('consent.inForce')}</Badge>
        ) : (
          consent.withdrawal && <Badge kind="muted">{t('consent.wasWithdrawn')}</Badge>
        )}
      </ItemHead>
      <Facts
        facts={[
          [
            t('consent.field.givenBy'),
            <>
              {giver}
              {consent.givenBy !== 'child' && (
                <>
                  {': '}
                  {consent.redacted.includes('giverName') ? (
                    <Restricted fieldClass="identity" />
                  ) : (
                    consent.giverName
                  )}
                </>
              )}
              {consent.giverRelationship && <> ({consent.giverRelationship})</>}
            </>,
          ],
          [t('consent.field.givenOn'), day(consent.givenOn)],
          band && [
            t('consent.ageBand'),
            <>
              {t('consent.ageBandRule', {
                min: band.minAge,
                max: band.maxAge,
                child: vocabularyLabel(t, 'consent.childRole', band.childRole),
                adult: vocabularyLabel(t, 'consent.adultRole', band.adultRole),
              })}
              {band.verify && (
                <>
                  {' '}
                  <Badge kind="muted">{t('consent.ruleToVerify')}</Badge>
                </>
              )}
            </>,
          ],
          [
            t('consent.field.checklist'),
            <ul class="checklist">
              {CONSENT_CHECKLIST.map((item) => (
                <li key={item} class={consent.checklist[item] ? 'yes' : 'no'}>
                  <span class="visually-hidden">
                    {consent.checklist[item] ? t('consent.checklistYes') : t('consent.checklistNo')}
                  </span>
                  {vocabularyLabel(t, 'consent.checklist', item)}
                </li>
              ))}
            </ul>,
          ],
          consent.document?.attachmentId && [
            t('consent.field.documentAttachment'),
            <AttachedDocument
              personId={props.personId}
              caseId={props.caseId}
              attachmentId={consent.document.attachmentId}
            />,
          ],
          consent.document?.reference && [t('consent.field.document'), consent.document.reference],
          consent.withdrawal && [
            t('consent.withdrawal'),
            t('consent.withdrawalDetail', {
              date: day(consent.withdrawal.withdrawnOn),
              reason: consent.withdrawal.reason,
              name: consent.withdrawal.recordedBy?.displayName ?? '—',
            }),
          ],
          consent.recordedBy && [
            t('consent.recordedBy'),
            t('consent.byOn', { name: consent.recordedBy.displayName, when: dateTime(consent.createdAt) }),
          ],
        ]}
      />
      <ConsentWarnings warnings={consent.warnings} />
      {props.canWrite && consent.decision === 'granted' && !consent.withdrawal && (
        <div class="button-row">
          <button
            type="button"
            class="button secondary"
            onClick={props.onWithdraw}
            aria-label={t('consent.withdrawOne', { purpose: title })}
          >
            {t('consent.withdraw')}
          </button>
        </div>
      )}
    </>
  );
}

/** Whether the consents allow each purpose today. */
function PurposeSummary(props: { data: ConsentList; agencyName: (id: string | null) => string | undefined }) {
  const { t } = useI18n();
  if (props.data.purposes.length === 0) return null;
  return (
    <>
      <h3>{t('consent.summaryTitle')}</h3>
      <ul class="purpose-list" data-testid="consent-purposes">
        {props.data.purposes.map((p) => {
          const purpose = vocabularyLabel(t, 'consent.purpose', p.purpose);
          const agency = props.agencyName(p.agencyId);
          return (
            <li key={`${p.purpose}-${p.agencyId ?? ''}`}>
              <Badge kind={p.allowed ? 'ok' : 'muted'}>
                {t(p.allowed ? 'consent.allowed' : 'consent.notAllowed', {
                  purpose: agency ? t('consent.purposeFor', { purpose, agency }) : purpose,
                })}
              </Badge>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The case record's consent section (the consents are the person's, shared by all their cases). */
export function ConsentTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const canWrite = session.can('consent:write');
  const personId = props.kase.personId;
  const caseId = props.kase.id;
  const destinations = useDestinations(caseId);
  return (
    <CaseWorkSection<Consent, ConsentList>
      name="consents"
      title={t('consent.title')}
      path={`/api/persons/${personId}/consents`}
      addLabel={canWrite ? t('consent.add') : undefined}
      empty={t('consent.none')}
      summary={(data) => (
        <PurposeSummary
          data={data}
          agencyName={(id) =>
            destinations.agencyName(id) ?? data.items.find((c) => c.agency?.id === id)?.agency?.name
          }
        />
      )}
      itemClass={(consent) => (consent.inForce ? undefined : 'muted-item')}
      item={(consent, open) => (
        <ConsentCard
          consent={consent}
          personId={personId}
          caseId={caseId}
          canWrite={canWrite}
          onWithdraw={() => open('withdraw')}
        />
      )}
      form={(open, callbacks) =>
        open.item ? (
          <WithdrawForm personId={personId} consent={open.item} callbacks={callbacks} />
        ) : (
          <ConsentForm personId={personId} caseId={caseId} callbacks={callbacks} />
        )
      }
    />
  );
}
