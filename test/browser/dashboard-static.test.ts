// Static guarantees of the dashboard files that no browser run can prove for every path:
// no script or markup sink fed from data, no inline script/style the CSP would block, and no
// resource loaded from another origin (it runs offline on a home server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const WEB = join(import.meta.dirname, '..', '..', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const all = files(WEB);
const scripts = all.filter((f) => f.endsWith('.js'));
const read = (f: string): string => readFileSync(f, 'utf8');
// Comments may name the sinks they avoid; only code counts.
const code = (f: string): string =>
  read(f)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

void test('the dashboard has its entry page, stylesheet and modules', () => {
  const names = all.map((f) => relative(WEB, f));
  assert.ok(names.includes('index.html'));
  assert.ok(names.includes(join('css', 'app.css')));
  assert.ok(names.includes(join('js', 'app.js')));
});

void test('no module writes markup or evaluates strings', () => {
  const sinks =
    /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]|createContextualFragment|DOMParser/;
  for (const f of scripts) {
    assert.doesNotMatch(code(f), sinks, `${relative(WEB, f)} has a markup/script sink`);
  }
});

void test('links are only made by externalLink (http(s) checked) or for a blob: download', () => {
  for (const f of scripts) {
    if (f.endsWith(join('js', 'dom.js'))) continue;
    const text = code(f);
    assert.doesNotMatch(
      text,
      /\.(href|src)\s*=|setAttribute\(\s*['"](href|src)['"]/,
      relative(WEB, f),
    );
    for (const line of text.split('\n').filter((l) => /(?<!')\bhref\b(?!')/.test(l))) {
      assert.match(
        line,
        /URL\.(createObjectURL|revokeObjectURL)|el\('a', \{ href, download/,
        `${relative(WEB, f)} builds a link without externalLink: ${line.trim()}`,
      );
    }
  }
});

void test('the page loads nothing inline and nothing from another origin', () => {
  const html = read(join(WEB, 'index.html'));
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script>');
  assert.doesNotMatch(html, /<style[\s>]/i, 'inline <style>');
  assert.doesNotMatch(html, /\sstyle=/i, 'style attribute');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
  assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//i, 'resource from another origin');
  for (const f of all.filter((x) => x.endsWith('.css') || x.endsWith('.js'))) {
    assert.doesNotMatch(
      code(f),
      /@import|url\(\s*['"]?(https?:)?\/\//i,
      `${relative(WEB, f)} loads a remote resource`,
    );
    assert.doesNotMatch(
      code(f),
      /import\s[^;]*from\s+['"](https?:)?\/\//,
      `${relative(WEB, f)} imports a remote module`,
    );
  }
});
