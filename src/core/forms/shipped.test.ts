import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../access/default-roles.ts';
import { fieldsOf, FORM_LOCALES } from './definition.ts';
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from './domains.ts';
import { DEFINITIONS_DIR, loadShippedForms } from './shipped.ts';

const forms = loadShippedForms();
const byKey = new Map(forms.map((form) => [form.key, form]));
const allFields = forms.flatMap((form) => fieldsOf(form).map((field) => ({ form: form.key, ...field })));

/**
 * The assessment domains listed in DOMAIN.md ("Case-management cycle"), in its words, and the domain each
 * is recorded under. If DOMAIN.md names a domain not listed here, the test below fails.
 */
const DOMAIN_MD: Record<string, AssessmentDomain> = {
  'safety/risk': 'safety_risk',
  'physical health': 'physical_health',
  'mental health and psychosocial wellbeing': 'mental_health_psychosocial',
  education: 'education',
  'family and care (incl. tracing)': 'family_care',
  'basic needs and shelter': 'basic_needs_shelter',
  'legal status and documents': 'legal_status_documents',
  livelihoods: 'livelihoods',
  "the child's own views and strengths": 'child_views_strengths',
  'the trafficking experience': 'trafficking_experience',
  'continuing threat from traffickers': 'continuing_threat',
  'readiness to take part in prosecution': 'prosecution_readiness',
};

/** The shared domain reference, beside the repository (../shared/docs) when it is checked out there. */
const domainMd = [
  path.resolve(DEFINITIONS_DIR, '../../../../../shared/docs/DOMAIN.md'),
  path.resolve(DEFINITIONS_DIR, '../../../../docs/DOMAIN.md'),
].find((file) => fs.existsSync(file));

/** "Assessment domains: a, b, …; for trafficking add c, d." → [a, b, …, c, d] */
function domainsListedIn(markdown: string): string[] {
  const text = markdown.replace(/\s+/g, ' ');
  const start = text.indexOf('Assessment domains:');
  if (start < 0) throw new Error('DOMAIN.md no longer lists "Assessment domains:"');
  const sentence = text.slice(start + 'Assessment domains:'.length).split(/\.(?= \S|$)(?![^(]*\))/)[0]!;
  return sentence
    .replace(/; for trafficking add /, ', ')
    .split(/,(?![^(]*\))/)
    .map((item) => item.trim().replace(/’/g, "'"));
}

describe('shipped assessment forms', () => {
  it('ship the initial, risk, psychosocial and best-interest assessments', () => {
    expect([...byKey.keys()].sort()).toEqual([
      'best_interest_assessment',
      'initial_assessment',
      'psychosocial_assessment',
      'risk_assessment',
    ]);
  });

  it.skipIf(!domainMd)('know every assessment domain DOMAIN.md lists', () => {
    const listed = domainsListedIn(fs.readFileSync(domainMd!, 'utf8'));
    expect(listed.sort()).toEqual(Object.keys(DOMAIN_MD).sort());
  });

  it('cover every assessment domain listed in DOMAIN.md with fields', () => {
    const missing = Object.entries(DOMAIN_MD)
      .filter(([, domain]) => !allFields.some((field) => field.domain === domain))
      .map(([words]) => words);
    expect(missing).toEqual([]);
    expect(new Set(Object.values(DOMAIN_MD))).toEqual(new Set(ASSESSMENT_DOMAINS));
  });

  it('ask about family tracing, the continuing threat in the risk assessment, and readiness to prosecute', () => {
    expect(allFields.some((f) => f.domain === 'family_care' && /tracing/.test(f.key))).toBe(true);
    const risk = fieldsOf(byKey.get('risk_assessment')!);
    expect(risk.filter((f) => f.domain === 'continuing_threat').length).toBeGreaterThanOrEqual(3);
    const prosecution = allFields.filter((f) => f.domain === 'prosecution_readiness');
    expect(prosecution.map((f) => f.key)).toEqual(
      expect.arrayContaining(['wishes_to_participate', 'informed_of_rights']),
    );
  });

  it("record the child's own views in every form, as a required answer", () => {
    for (const form of forms) {
      const views = fieldsOf(form).filter((f) => f.domain === 'child_views_strengths');
      expect(
        views.some((f) => f.required),
        form.key,
      ).toBe(true);
    }
  });

  it.each([
    ['initial_assessment', 'social_worker'],
    ['risk_assessment', 'social_worker'],
    ['psychosocial_assessment', 'psychologist'],
    ['best_interest_assessment', 'programme_coordinator'],
  ])('%s can be completed by the shipped %s role: it may write every required answer', (key, roleKey) => {
    const role = DEFAULT_ROLES.find((r) => r.key === roleKey)!;
    const cleared = new Set<string>(['general', ...role.clearances]);
    expect(role.permissions).toContain('assessment:write');
    const beyond = fieldsOf(byKey.get(key)!).filter((f) => f.required && !cleared.has(f.sensitivity));
    expect(beyond.map((f) => `${f.key} (${f.sensitivity})`)).toEqual([]);
  });

  it('are complete in Spanish and English', () => {
    const texts = forms.flatMap((form) => [
      form.title,
      ...form.sections.flatMap((s) => [
        s.title,
        ...s.fields.flatMap((f) => [f.label, f.help, ...(f.options ?? []).map((o) => o.label)]),
      ]),
    ]);
    for (const text of texts.filter((t) => t !== undefined))
      for (const locale of FORM_LOCALES) expect(text[locale]?.trim(), JSON.stringify(text)).toBeTruthy();
  });

  it('keep trafficking, health and psychosocial answers out of the general class', () => {
    const general = allFields
      .filter(
        (f) =>
          f.sensitivity === 'general' &&
          ['trafficking_experience', 'physical_health', 'mental_health_psychosocial'].includes(
            f.domain ?? '',
          ),
      )
      .map((f) => `${f.form}.${f.key}`);
    // Only the intake's two screening flags, which everyone caring for the child must know to keep her
    // safe; what lies behind them (details, symptoms, history) stays in its class.
    expect(general).toEqual([
      'initial_assessment.urgent_medical_needs',
      'initial_assessment.self_harm_concern',
    ]);
  });

  it('never change a published version: a change ships as a new version', () => {
    const published = JSON.parse(
      fs.readFileSync(path.join(DEFINITIONS_DIR, 'published.json'), 'utf8'),
    ) as Record<string, string>;
    for (const form of forms) {
      const id = `${form.key}@${form.version}`;
      const hash = createHash('sha256').update(JSON.stringify(form)).digest('hex');
      expect(
        published[id],
        `${id} changed or is new: a published definition never changes (add ${form.key}.v${form.version + 1}.json); record a new one in published.json`,
      ).toBe(hash);
    }
  });
});
