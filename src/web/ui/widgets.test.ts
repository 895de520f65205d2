import { describe, expect, it } from 'vitest';
import { pageState } from './widgets.tsx';

describe('pageState', () => {
  it('an exact total knows its pages and its last one', () => {
    expect(pageState({ page: 1, pageSize: 20, total: 45 })).toEqual({ pages: 3, hasNext: true });
    expect(pageState({ page: 3, pageSize: 20, total: 45, itemCount: 5 })).toEqual({
      pages: 3,
      hasNext: false,
    });
    expect(pageState({ page: 1, pageSize: 20, total: 20, itemCount: 20 })).toEqual({
      pages: 1,
      hasNext: false,
    });
  });

  it('a capped total lets the user go on while pages are full, also past the pages it counted', () => {
    const capped = { pageSize: 20, total: 10_000, totalCapped: true };
    expect(pageState({ ...capped, page: 1, itemCount: 20 }).hasNext).toBe(true);
    expect(pageState({ ...capped, page: 500, itemCount: 20 }).hasNext).toBe(true);
    expect(pageState({ ...capped, page: 501, itemCount: 20 }).hasNext).toBe(true);
    expect(pageState({ ...capped, page: 502, itemCount: 7 }).hasNext).toBe(false);
  });
});
