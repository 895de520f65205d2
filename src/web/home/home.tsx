import { useI18n } from '../i18n/context.tsx';
import { guatemalaHour } from '../i18n/i18n.ts';
import { useSession } from '../session/session.tsx';
import { SECTIONS } from '../shell/sections.ts';
import { Page } from '../ui/page.tsx';

function partOfDay(hour: number) {
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 19) return 'afternoon';
  return 'evening';
}

export function Home() {
  const { t, locale } = useI18n();
  const session = useSession();
  const me = session.me!;
  const sections = SECTIONS.filter((section) => session.can(section.permission));

  return (
    <Page title={t('home.greeting', { part: partOfDay(guatemalaHour(new Date())), name: me.displayName })}>
      <p class="lead">{t('home.agency', { agency: me.agency.name })}</p>

      <section aria-labelledby="home-roles">
        <h2 id="home-roles">{t('home.rolesTitle')}</h2>
        {me.roles.length === 0 ? (
          <p class="empty">{t('home.noRoles')}</p>
        ) : (
          <ul data-testid="my-roles">
            {me.roles.map((role) => (
              <li key={`${role.key}:${role.programmeId ?? ''}`}>
                {locale === 'en' ? role.nameEn : role.nameEs}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="home-sections">
        <h2 id="home-sections">{t('home.sectionsTitle')}</h2>
        {sections.length === 0 && <p class="empty">{t('home.noSections')}</p>}
        <ul class="card-grid">
          {sections.map((section) => (
            <li key={section.path}>
              <a href={section.path}>
                <strong>{t(section.label)}</strong>
                <span>{t(section.description)}</span>
              </a>
            </li>
          ))}
          <li>
            <a href="/profile">
              <strong>{t('common.nav.profile')}</strong>
              <span>{t('common.nav.profileDescription')}</span>
            </a>
          </li>
        </ul>
      </section>
    </Page>
  );
}
