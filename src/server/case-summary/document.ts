import type { CaseOut } from '../cases/schemas.ts';
import type { PlanOut } from '../case-plans/schemas.ts';
import type { PersonOut, PersonRefOut } from '../persons/schemas.ts';
import type { ServiceOut } from '../services/schemas.ts';
import type { Labels } from './labels.ts';
import type { PdfBlock, PdfSpec } from './pdf.ts';

/**
 * The case summary as printed: built only from what the presenters returned for the printing user (a
 * redacted field prints as "restricted", never its value), plus who printed it and when.
 */

export interface SummaryData {
  kase: CaseOut;
  /** The full person record, or only the reference the case carries (without person:read). */
  person: PersonOut | PersonRefOut;
  /** Undefined: the user may not read the plan; null: the case has none. */
  plan: PlanOut | null | undefined;
  /** Undefined: the user may not read services. */
  services: ServiceOut[] | undefined;
  names: {
    programme: string | null;
    team: string | null;
    places: Map<string, string>;
    pueblos: Map<string, string>;
    languages: Map<string, string>;
    countries: Map<string, string>;
  };
  printedBy: string;
  printedAt: Date;
}

const isFullPerson = (person: PersonOut | PersonRefOut): person is PersonOut => 'agencyId' in person;

export function summaryDocument(data: SummaryData, l: Labels): PdfSpec {
  const { kase, person, names } = data;
  const blocks: PdfBlock[] = [];
  const restricted = l.t('attachments.pdf.restricted');
  const heading = (key: string) => blocks.push({ kind: 'heading', text: l.t(key) });
  const field = (label: string, value: string | null | undefined) =>
    blocks.push({
      kind: 'field',
      label,
      value: value === null || value === undefined || value === '' ? '—' : value,
    });
  /** A protected field: its value, or "restricted" when the presenter left it out. */
  const guarded = (label: string, name: string, redacted: string[], value: () => string | null | undefined) =>
    field(label, redacted.includes(name) ? restricted : value());
  const list = (values: string[]) => (values.length > 0 ? values.join(', ') : '—');
  const named = (map: Map<string, string>, code: string | null | undefined) =>
    code ? (map.get(code) ?? code) : null;

  for (const entry of person.noContact)
    blocks.push({
      kind: 'alert',
      text: l.t('attachments.pdf.noContact', {
        name: entry.name ?? restricted,
        relationship: l.vocab('persons.relationship', entry.relationship),
        reason: entry.reason || '—',
        source: l.vocab('persons.noContactSource', entry.source),
      }),
    });

  heading('attachments.pdf.section.person');
  const p = person.redacted;
  guarded(l.t('persons.field.givenNames'), 'givenNames', p, () => person.givenNames);
  guarded(l.t('persons.field.firstSurname'), 'firstSurname', p, () => person.firstSurname);
  guarded(l.t('persons.field.secondSurname'), 'secondSurname', p, () => person.secondSurname);
  if (isFullPerson(person)) {
    guarded(l.t('persons.field.otherNames'), 'otherNames', p, () => list(person.otherNames ?? []));
    guarded(l.t('persons.field.sex'), 'sex', p, () => l.vocab('persons.sex', person.sex));
    guarded(l.t('persons.field.gender'), 'gender', p, () => l.vocab('persons.gender', person.gender));
    guarded(l.t('persons.field.dateOfBirth'), 'dateOfBirth', p, () => {
      const dob = person.dateOfBirth;
      if (!dob || dob.precision === 'unknown') return l.t('persons.dob.unknown');
      if (dob.precision === 'exact') return l.date(dob.date);
      if (dob.precision === 'year') return l.t('persons.dob.year', { year: dob.year });
      return l.t('persons.dob.ageRange', { min: dob.ageMin, max: dob.ageMax, asOf: l.date(dob.asOf) });
    });
    guarded(l.t('persons.field.citizenships'), 'citizenships', p, () =>
      list((person.citizenships ?? []).map((c) => named(names.countries, c)!)),
    );
    guarded(l.t('persons.field.pueblo'), 'pueblo', p, () => named(names.pueblos, person.pueblo));
    guarded(
      l.t('persons.field.linguisticCommunity'),
      'linguisticCommunity',
      p,
      () => person.linguisticCommunity,
    );
    guarded(l.t('persons.field.languages'), 'languages', p, () => {
      const languages = person.languages;
      if (!languages) return null;
      const all = [languages.primary, ...languages.others].filter((c): c is string => !!c);
      const text = list(all.map((c) => named(names.languages, c)!));
      return languages.interpreterNeeded ? `${text} (${l.t('persons.field.interpreterNeeded')})` : text;
    });
    guarded(l.t('persons.field.origin'), 'origin', p, () => {
      const origin = person.origin;
      if (!origin) return null;
      return [
        origin.community,
        named(names.places, origin.municipalityCode),
        named(names.places, origin.departmentCode),
      ]
        .filter(Boolean)
        .join(', ');
    });
    guarded(l.t('persons.field.educationLevel'), 'educationLevel', p, () =>
      person.educationLevel ? l.vocab('persons.education', person.educationLevel) : null,
    );
    guarded(l.t('persons.field.disabilities'), 'disabilities', p, () =>
      list((person.disabilities ?? []).map((d) => l.vocab('persons.disability', d))),
    );
  }

  heading('attachments.pdf.section.case');
  field(l.t('cases.field.number'), kase.number);
  field(l.t('cases.field.caseType'), l.vocab('cases.caseType', kase.caseType));
  field(l.t('cases.field.programme'), names.programme);
  field(l.t('cases.field.team'), names.team);
  field(l.t('cases.field.owner'), kase.ownerName ?? l.t('cases.noOwner'));
  field(
    l.t('cases.field.status'),
    `${l.vocab('cases.status', kase.status)} ${l.t('cases.status.htcds', { status: l.vocab('cases.htcds', kase.htcdsStatus) })}`,
  );
  if (kase.statusReason) field(l.t('cases.field.statusReason'), kase.statusReason);
  field(l.t('cases.field.openedAt'), l.dateTime(kase.openedAt));
  if (kase.closedAt) field(l.t('cases.field.closedAt'), l.dateTime(kase.closedAt));
  if (kase.closureKind) field(l.t('cases.field.closureKind'), l.vocab('cases.closureKind', kase.closureKind));
  field(
    l.t('cases.field.referralSource'),
    kase.referralSource
      ? [
          l.vocab('orgTypes', kase.referralSource.orgType),
          kase.referralSource.organisationName,
          kase.referralSource.referredOn && l.date(kase.referralSource.referredOn),
        ]
          .filter(Boolean)
          .join(' · ')
      : l.t('cases.noReferralSource'),
  );
  if (kase.due.length > 0)
    field(
      l.t('cases.due.title'),
      kase.due
        .map((d) =>
          l.t(d.overdue ? 'cases.due.overdueItem' : 'cases.due.item', {
            item: l.vocab('cases.due', d.key),
            date: l.date(d.dueAt),
          }),
        )
        .join('; '),
    );

  heading('attachments.pdf.section.risk');
  const c = kase.redacted;
  field(
    l.t('cases.field.riskLevel'),
    kase.riskLevel ? l.vocab('cases.riskLevel', kase.riskLevel) : l.t('cases.riskNotAssessed'),
  );
  guarded(l.t('cases.field.riskReasons'), 'riskReasons', c, () =>
    list((kase.riskReasons ?? []).map((r) => l.vocab('cases.riskReason', r))),
  );
  guarded(l.t('cases.field.riskNotes'), 'riskNotes', c, () => kase.riskNotes);

  heading('attachments.pdf.section.protection');
  if (c.includes('protectionMeasure')) field(l.t('cases.field.protectionMeasure'), restricted);
  else if (!kase.protectionMeasure)
    blocks.push({ kind: 'paragraph', text: l.t('attachments.pdf.noMeasure') });
  else {
    const m = kase.protectionMeasure;
    field(l.t('cases.field.measureType'), l.vocab('cases.measureType', m.measureType));
    field(l.t('cases.field.court'), m.court);
    field(l.t('cases.field.fileNumber'), m.fileNumber);
    field(l.t('cases.field.pgnOffice'), m.pgnOffice);
    field(l.t('cases.field.orderDate'), l.date(m.orderDate));
    field(l.t('cases.field.reviewDate'), m.reviewDate && l.date(m.reviewDate));
    field(l.t('cases.field.endDate'), m.endDate && l.date(m.endDate));
  }

  heading('attachments.pdf.section.plan');
  if (data.plan === undefined) blocks.push({ kind: 'paragraph', text: l.t('attachments.pdf.notIncluded') });
  else if (data.plan === null || data.plan.goals.length === 0)
    blocks.push({ kind: 'paragraph', text: l.t('attachments.pdf.noPlan') });
  else
    for (const goal of data.plan.goals) {
      field(l.vocab('casePlan.domain', goal.domain), goal.objective);
      for (const action of goal.actions)
        field(
          '',
          l.t('attachments.pdf.planAction', {
            description: action.description,
            responsible: action.responsible?.displayName ?? '—',
            due: l.date(action.dueDate),
            status: l.vocab('casePlan.actionStatus', action.status),
          }),
        );
    }

  heading('attachments.pdf.section.services');
  if (data.services === undefined)
    blocks.push({ kind: 'paragraph', text: l.t('attachments.pdf.notIncluded') });
  else if (data.services.length === 0)
    blocks.push({ kind: 'paragraph', text: l.t('attachments.pdf.noServices') });
  else
    for (const service of data.services) {
      field(
        l.date(service.deliveredOn),
        l.t('attachments.pdf.service', {
          area: l.vocab('services.area', service.area),
          provider: service.provider.kind === 'staff' ? service.provider.displayName : service.provider.name,
          outcome: l.vocab('services.outcome', service.outcome),
        }),
      );
      if (service.redacted.includes('notes'))
        field('', `${l.t('attachments.pdf.serviceNotes')}: ${restricted}`);
      else if (service.notes) field('', `${l.t('attachments.pdf.serviceNotes')}: ${service.notes}`);
    }

  const when = l.dateTime(data.printedAt);
  return {
    title: l.t('attachments.pdf.title', { number: kase.number }),
    subtitle: l.t('attachments.pdf.subtitle', { name: data.printedBy }),
    blocks,
    watermark: l.t('attachments.pdf.watermark', { name: data.printedBy, when }),
    footer: (page, pages) => l.t('attachments.pdf.footer', { name: data.printedBy, when, page, pages }),
  };
}
