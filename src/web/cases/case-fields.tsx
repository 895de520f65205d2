import { ORGANISATION_TYPES, type FieldClass } from '../../core/access/catalogue.ts';
import { CASE_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { orgTypeLabel } from '../auth/org-types.ts';
import { useI18n } from '../i18n/context.tsx';
import { CheckboxGroup } from '../persons/controls.tsx';
import { Restricted } from '../persons/display.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../ui/fields.tsx';
import type { CaseDraft } from './case-draft.ts';
import { caseOptions } from './vocabulary.ts';
import { todayUtc } from '../../core/dates.ts';

/** The editable fields of a case: type, referral source, risk, judicial protection measure. */
export function CaseFields(props: {
  draft: CaseDraft;
  onChange: (patch: Partial<CaseDraft>) => void;
  error: (field: string) => string | undefined;
  cleared: (fieldClass: FieldClass) => boolean;
  redacted?: string[];
}) {
  const { t } = useI18n();
  const { draft, onChange: set, error } = props;
  const writable = (field: keyof typeof CASE_FIELD_CLASSES) =>
    props.cleared(CASE_FIELD_CLASSES[field]) && !props.redacted?.includes(field);

  return (
    <>
      <SelectField
        id="caseType"
        label={t('cases.field.caseType')}
        value={draft.caseType}
        onValue={(caseType) => set({ caseType })}
        options={caseOptions(t, 'cases.caseType')}
        placeholder={t('cases.choose')}
        error={error('caseType')}
      />

      <Fieldset id="referralSource" legend={t('cases.field.referralSource')} error={error('referralSource')}>
        <SelectField
          id="referralOrgType"
          label={t('cases.field.referralOrgType')}
          value={draft.referralOrgType}
          onValue={(referralOrgType) => set({ referralOrgType })}
          options={ORGANISATION_TYPES.map((type) => ({ value: type, label: orgTypeLabel(t, type) }))}
          placeholder={t('cases.noReferralSource')}
          error={error('referralSource.orgType')}
          optional
        />
        {draft.referralOrgType && (
          <div class="two-up">
            <TextField
              id="referralOrgName"
              label={t('cases.field.referralOrgName')}
              value={draft.referralOrgName}
              onValue={(referralOrgName) => set({ referralOrgName })}
              error={error('referralSource.organisationName')}
              optional
              maxLength={200}
            />
            <TextField
              id="referredOn"
              type="date"
              label={t('cases.field.referredOn')}
              value={draft.referredOn}
              onValue={(referredOn) => set({ referredOn })}
              max={todayUtc()}
              error={error('referralSource.referredOn')}
              optional
            />
          </div>
        )}
      </Fieldset>

      <Fieldset id="risk" legend={t('cases.section.risk')}>
        <SelectField
          id="riskLevel"
          label={t('cases.field.riskLevel')}
          value={draft.riskLevel}
          onValue={(riskLevel) => set({ riskLevel })}
          options={caseOptions(t, 'cases.riskLevel')}
          placeholder={t('cases.riskNotAssessed')}
          error={error('riskLevel')}
          optional
        />
        {writable('riskReasons') ? (
          <>
            <CheckboxGroup
              id="riskReasons"
              legend={t('cases.field.riskReasons')}
              value={draft.riskReasons}
              options={caseOptions(t, 'cases.riskReason')}
              onValue={(riskReasons) => set({ riskReasons })}
              error={error('riskReasons')}
            />
            <TextField
              id="riskNotes"
              label={t('cases.field.riskNotes')}
              hint={t('cases.field.riskNotesHint')}
              value={draft.riskNotes}
              onValue={(riskNotes) => set({ riskNotes })}
              error={error('riskNotes')}
              optional
              rows={3}
              maxLength={4000}
            />
          </>
        ) : (
          <p>
            {t('cases.field.riskReasons')}: <Restricted fieldClass={CASE_FIELD_CLASSES.riskReasons} />
          </p>
        )}
      </Fieldset>

      {writable('protectionMeasure') ? (
        <Fieldset
          id="protectionMeasure"
          legend={t('cases.section.protection')}
          error={error('protectionMeasure')}
        >
          <Checkbox
            id="hasMeasure"
            label={t('cases.field.hasMeasure')}
            checked={draft.hasMeasure}
            onChecked={(hasMeasure) => set({ hasMeasure })}
          />
          {draft.hasMeasure && (
            <>
              <div class="two-up">
                <TextField
                  id="court"
                  label={t('cases.field.court')}
                  value={draft.court}
                  onValue={(court) => set({ court })}
                  error={error('protectionMeasure.court')}
                  maxLength={200}
                />
                <TextField
                  id="fileNumber"
                  label={t('cases.field.fileNumber')}
                  value={draft.fileNumber}
                  onValue={(fileNumber) => set({ fileNumber })}
                  error={error('protectionMeasure.fileNumber')}
                  maxLength={60}
                  spellcheck={false}
                />
              </div>
              <div class="two-up">
                <TextField
                  id="pgnOffice"
                  label={t('cases.field.pgnOffice')}
                  value={draft.pgnOffice}
                  onValue={(pgnOffice) => set({ pgnOffice })}
                  error={error('protectionMeasure.pgnOffice')}
                  optional
                  maxLength={200}
                />
                <SelectField
                  id="measureType"
                  label={t('cases.field.measureType')}
                  value={draft.measureType}
                  onValue={(measureType) => set({ measureType })}
                  options={caseOptions(t, 'cases.measureType')}
                  placeholder={t('cases.choose')}
                  error={error('protectionMeasure.measureType')}
                />
              </div>
              <div class="three-up">
                <TextField
                  id="orderDate"
                  type="date"
                  label={t('cases.field.orderDate')}
                  value={draft.orderDate}
                  onValue={(orderDate) => set({ orderDate })}
                  max={todayUtc()}
                  error={error('protectionMeasure.orderDate')}
                />
                <TextField
                  id="reviewDate"
                  type="date"
                  label={t('cases.field.reviewDate')}
                  value={draft.reviewDate}
                  onValue={(reviewDate) => set({ reviewDate })}
                  error={error('protectionMeasure.reviewDate')}
                  optional
                />
                <TextField
                  id="endDate"
                  type="date"
                  label={t('cases.field.endDate')}
                  value={draft.endDate}
                  onValue={(endDate) => set({ endDate })}
                  error={error('protectionMeasure.endDate')}
                  optional
                />
              </div>
            </>
          )}
        </Fieldset>
      ) : (
        <p>
          {t('cases.section.protection')}: <Restricted fieldClass={CASE_FIELD_CLASSES.protectionMeasure} />
        </p>
      )}
    </>
  );
}
