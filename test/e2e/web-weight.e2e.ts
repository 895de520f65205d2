import { describe, expect, it } from 'vitest';
import { PHONE, startServerAndBrowserForFile } from './support/browser.ts';

/**
 * The login screen, loaded cold in Chromium as a phone would: at most 100 KB of JavaScript and CSS as
 * transferred (compressed), none of it administration, audit or profile code, nothing from another host,
 * and hashed assets served with long-lived cache headers.
 */

const running = startServerAndBrowserForFile();

describe('web app weight', () => {
  it('the login screen needs at most 100 KB of compressed JS and CSS and no administration code', async () => {
    const { server, browser } = running;
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const assets: Array<{ url: string; bytes: number; encoding: string | null; cache: string | null }> = [];
    page.on('requestfinished', async (request) => {
      if (!['script', 'stylesheet'].includes(request.resourceType())) return;
      const response = await request.response();
      const sizes = await request.sizes();
      assets.push({
        url: request.url(),
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        encoding: (await response?.allHeaders())?.['content-encoding'] ?? null,
        cache: (await response?.allHeaders())?.['cache-control'] ?? null,
      });
    });
    await page.goto(`${server.baseUrl}/login`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    const total = assets.reduce((sum, a) => sum + a.bytes, 0);
    console.log(`login: ${assets.length} JS/CSS files, ${(total / 1024).toFixed(1)} KB transferred`);
    expect(assets.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100 * 1024);
    for (const asset of assets) {
      expect(asset.url.startsWith(server.baseUrl), asset.url).toBe(true);
      expect(asset.url).not.toMatch(/admin|audit|profile|users|roles|teams|agencies|programmes/i);
      expect(String(asset.encoding), asset.url).toMatch(/br|gzip/);
      expect(asset.cache, asset.url).toContain('immutable');
    }
    await context.close();
  });
});
