import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useI18n } from '../i18n/context.tsx';
import { mustEnrolTwoFactor, useSession } from '../session/session.tsx';
import { SECTIONS } from './sections.ts';

function LanguageSwitch() {
  const { t, locale } = useI18n();
  const session = useSession();
  const other = locale === 'es-GT' ? 'en' : 'es-GT';
  return (
    <button
      type="button"
      class="link-button language-switch"
      lang={other}
      data-testid="language-switch"
      onClick={() => session.changeLocale(other).catch(() => undefined)}
    >
      {t('common.language.switchTo')}
    </button>
  );
}

const isCurrent = (path: string, href: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

export function Layout(props: { loading: boolean; children: ComponentChildren }) {
  const { t } = useI18n();
  const session = useSession();
  const { path, route } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  const me = session.me;
  const showNav = me !== null && !mustEnrolTwoFactor(me);
  const links = [
    { href: '/', label: t('common.nav.home') },
    ...SECTIONS.filter((section) => session.can(section.permission)).map((section) => ({
      href: section.path,
      label: t(section.label),
    })),
    { href: '/profile', label: t('common.nav.profile') },
  ];

  const signOut = async () => {
    await session.signOut();
    route('/login');
  };

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('common.skipToContent')}
      </a>
      <header class="app-header">
        <div class="header-bar">
          <a class="brand" href={showNav ? '/' : '/login'}>
            {t('common.appName')}
          </a>
          <div class="header-tools">
            <LanguageSwitch />
            {me && !showNav && (
              // Still enrolling two-factor login: no navigation yet, but always a way out.
              <button type="button" class="link-button" onClick={signOut} data-testid="sign-out">
                {t('common.nav.signOut')}
              </button>
            )}
            {showNav && (
              <button
                type="button"
                class="button secondary menu-toggle"
                aria-expanded={menuOpen}
                aria-controls="app-nav"
                onClick={() => setMenuOpen(!menuOpen)}
              >
                {t('common.nav.menu')}
              </button>
            )}
          </div>
        </div>
        {showNav && (
          <nav id="app-nav" class={menuOpen ? 'app-nav open' : 'app-nav'} aria-label={t('common.nav.label')}>
            <ul>
              {links.map((link) => (
                <li key={link.href}>
                  <a href={link.href} aria-current={isCurrent(path, link.href) ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
            <div class="account">
              <span class="account-name">{me.displayName}</span>
              <button type="button" class="link-button" onClick={signOut} data-testid="sign-out">
                {t('common.nav.signOut')}
              </button>
            </div>
          </nav>
        )}
      </header>
      {props.loading && (
        <div class="route-loading" role="status">
          <span class="visually-hidden">{t('common.loading')}</span>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
