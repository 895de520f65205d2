import { render } from 'preact';
import { App } from './app.tsx';
import { storedLocale } from './i18n/context.tsx';
import { loadFeatures } from './i18n/i18n.ts';
import './styles/global.css';

const locale = storedLocale();
document.documentElement.lang = locale;
const root = document.getElementById('app')!;
const start = () => render(<App initialLocale={locale} />, root);
// The shell's words must be there before the first paint (Spanish ships in this file; English is fetched).
loadFeatures(['common'], locale).then(start, start);
