/**
 * Bambu wiki links of HMS codes, looked up per code and per printer model in the shipped table
 * (hms-wiki-links.ts). A URL built from the code alone matches a real page for a minority of
 * codes (quirks.md, "HMS"), so codes the table lacks get the HMS home page, never a guess.
 */
import { HMS_WIKI_LINKS } from './hms-wiki-links.ts';
import { modelInfo } from './models.ts';

/** HMS index page, for codes without a known page. */
export const HMS_WIKI_HOME = 'https://wiki.bambulab.com/en/hms/home';

const WIKI = 'https://wiki.bambulab.com/en/';

/** The table's model names: `A1 mini` → `A1MINI`, `H2D Pro` → `H2DPRO`. */
function tableModel(model: string | null | undefined): string | null {
  const name = model ? modelInfo(model)?.name : undefined;
  return name ? name.toUpperCase().replace(/\s+/g, '') : null;
}

function pageUrl(page: string, formatted: string): string {
  const slash = page.indexOf('/');
  return slash < 0
    ? `${WIKI}${page}/troubleshooting/hmscode/${formatted}`
    : `${WIKI}${page.slice(0, slash)}/troubleshooting/hmscode/${page.slice(slash + 1)}`;
}

/**
 * The wiki page of an HMS code (16 hex digits, no separators) for a printer model (any spelling
 * `modelInfo` accepts): the model's own page when the table has one, else the code's default
 * page, else the HMS home page.
 */
export function hmsWikiUrl(key16: string, model?: string | null): string {
  const key = key16.toUpperCase();
  const entry = HMS_WIKI_LINKS[key];
  if (entry === undefined || !/^[0-9A-F]{16}$/.test(key)) return HMS_WIKI_HOME;
  const formatted = `${key.slice(0, 4)}_${key.slice(4, 8)}_${key.slice(8, 12)}_${key.slice(12)}`;
  const wanted = tableModel(model);
  let fallback: string | null = null;
  for (const item of entry.split(' ')) {
    const [page = '', models] = item.split(':');
    if (models === undefined) fallback ??= page;
    else if (wanted !== null && models.split(',').includes(wanted)) return pageUrl(page, formatted);
  }
  return fallback === null ? HMS_WIKI_HOME : pageUrl(fallback, formatted);
}
