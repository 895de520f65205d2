import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer } from '../../support/server-process.ts';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium no está en ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Viewport {
  width: number;
  height: number;
}

export const PHONE: Viewport = { width: 360, height: 740 };
export const DESKTOP: Viewport = { width: 1280, height: 800 };

export interface ServerAndBrowser {
  server: RunningServer;
  browser: Browser;
}

/**
 * Starts a fresh server (a database of its own) and Chromium before this file's tests and stops both after
 * them. The returned object is filled in by the time the tests run.
 */
export function startServerAndBrowserForFile(): ServerAndBrowser {
  const running = {} as ServerAndBrowser;
  beforeAll(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** A temporary folder for the files this file's tests upload, removed after them. */
export function uploadFolderForFile(prefix: string): { dir: string } {
  const folder = { dir: '' };
  beforeAll(async () => {
    folder.dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    if (folder.dir) await fs.promises.rm(folder.dir, { recursive: true, force: true });
  });
  return folder;
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page; returns the serious and critical violations (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => JSON.stringify(n.target)),
      }));
  });
}

/** What sticks out past the right edge at the page's width (innermost elements); empty when nothing does. */
function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) return [];
    const out = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => out(el) && ![...el.children].some(out))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 60)}`);
    return culprits.length ? culprits : [`scrollWidth ${root.scrollWidth} > clientWidth ${width}`];
  });
}

/**
 * The accessibility check of a file's screens: at each of `viewports`, no serious or critical axe violation,
 * and at 360 px no sideways scrolling. The page is left at the last viewport. `checkedScreens` names the
 * screens checked so far, for a test to assert it reached them all.
 */
export function accessibilityChecks(viewports: Viewport[]) {
  const checkedScreens: string[] = [];
  async function expectAccessible(page: Page, screen: string) {
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      const violations = await seriousAccessibilityViolations(page);
      expect(violations, `${screen} at ${viewport.width}px`).toEqual([]);
      if (viewport.width === PHONE.width)
        expect(await sidewaysOverflow(page), `${screen} scrolls sideways at 360 px`).toEqual([]);
    }
    checkedScreens.push(screen);
  }
  return { expectAccessible, checkedScreens };
}

/** Collects the page's uncaught script errors (into `errors`, which may be shared by several pages). */
export function collectPageErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Collects the page's requests to anywhere but the server under test (data: URLs aside). */
export function collectRequestsElsewhere(page: Page, baseUrl: string): string[] {
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:'))
      elsewhere.push(request.url());
  });
  return elsewhere;
}

/** The screen's main heading (level 1). */
export const pageHeading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name });

/** Opens the main menu when it is folded behind its button (at 360 px); leaves it as it is otherwise. */
async function unfoldMainMenu(page: Page) {
  const toggle = page.getByRole('button', { name: 'Menú' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
}

/** Opens a screen from the main menu. */
export async function openFromMenu(page: Page, name: string) {
  await unfoldMainMenu(page);
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name }).click();
}

/** Signs out from the main menu and waits for the login screen. */
export async function logOut(page: Page) {
  await unfoldMainMenu(page);
  await page.getByTestId('sign-out').first().click();
  await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
}

/** Opens a section of the case record by its tab's name. */
export const openCaseTab = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Secciones del caso' })
    .getByRole('link', { name, exact: true })
    .click();
