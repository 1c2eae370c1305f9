// The HTML → text conventions the field readers rely on (see html-table.ts for the rules).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText } from '../../src/adapters/mime/html-to-text.js';
import { exceedsNesting, stripTags } from '../../src/adapters/mime/html-depth.js';

void describe('htmlToText', () => {
  void it('blocks end lines, paragraphs leave one blank line, spaces and entities are normalised', () => {
    const html =
      '<p>Hello&nbsp;&nbsp;there,</p><p>Line one<br>Line   two</p><div>A</div><div>B &amp; C &#8211; D</div><h3>Title</h3>x\u200by';
    assert.equal(
      htmlToText(html),
      'Hello there,\n\nLine one\nLine two\n\nA\nB & C – D\n\nTitle\n\nxy',
    );
  });

  void it('drops script, style, head, comments', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style></head><body><script>if (a<b) x()</script><!-- c -->Body</body></html>';
    assert.equal(htmlToText(html), 'Body');
  });

  void it('two-cell rows: `label: value`, trailing colon stripped, multi-line value joined with commas', () => {
    const html =
      '<table><tr><td>Date:</td><td>03/04/2025</td></tr><tr><th>Location</th><td>1 Main St<br>Apt 2<br>Town, ST 00000</td></tr><tr><td></td><td>Only value</td></tr></table>';
    assert.equal(
      htmlToText(html),
      'Date: 03/04/2025\nLocation: 1 Main St, Apt 2, Town, ST 00000\nOnly value',
    );
  });

  void it('column tables: header cells name each data cell, one record per row', () => {
    const html =
      '<table><tr><th>Date</th><th>Start</th><th>End</th></tr><tr><td>3/4</td><td>9:00</td><td>11:00</td></tr><tr><td>3/5</td><td>10:00</td><td></td></tr></table>';
    assert.equal(htmlToText(html), 'Date: 3/4\nStart: 9:00\nEnd: 11:00\n\nDate: 3/5\nStart: 10:00');
  });

  void it('a two-column header over several rows stays label: value (header printed once)', () => {
    const html =
      '<table><tr><th>Field</th><th>Value</th></tr><tr><td>Auth</td><td>A-1</td></tr><tr><td>Client</td><td>Jo</td></tr></table>';
    assert.equal(htmlToText(html), 'Field | Value\nAuth: A-1\nClient: Jo');
  });

  void it('a two-column header over a single row is a record', () => {
    const html =
      '<table><tr><th>Auth</th><th>Client</th></tr><tr><td>A-1</td><td>Jo</td></tr></table>';
    assert.equal(htmlToText(html), 'Auth: A-1\nClient: Jo');
  });

  void it('rows of three or more short cells join with ` | `; layout cells stay blocks', () => {
    const long = 'word '.repeat(80);
    const html = `<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td><p>Para one</p><p>${long}</p></td><td>Side</td></tr></table>`;
    assert.equal(htmlToText(html), `a | b | c\nPara one\n\n${long.trim()}\n\nSide`);
  });

  void it('blockquotes prefix `> ` per level, including tables inside them', () => {
    const html =
      'new<blockquote>old<blockquote>older</blockquote><table><tr><td>K</td><td>V</td></tr></table></blockquote>';
    assert.equal(htmlToText(html), 'new\n> old\n> > older\n> K: V');
  });

  void it('unclosed tags and stray cells do not break the output', () => {
    assert.equal(htmlToText('<table><tr><td>A:<td>1<tr><td>B:<td>2'), 'A: 1\nB: 2');
    assert.equal(htmlToText('<td>x</td></table></tr>y'), 'xy');
  });

  void it('stays linear on a large table', () => {
    const html = '<table>' + '<tr><td>Label:</td><td>Value</td></tr>'.repeat(20000) + '</table>';
    const text = htmlToText(html);
    assert.equal(text.split('\n').length, 20000);
  });
});

void describe('HTML depth guard', () => {
  void it('detects deep nesting without counting implied-close elements', () => {
    assert.equal(exceedsNesting('<div>'.repeat(50), 40), true);
    assert.equal(exceedsNesting('<p>x'.repeat(5000) + '<br>'.repeat(5000), 40), false);
    assert.equal(exceedsNesting('<div></div>'.repeat(5000), 40), false);
  });

  void it('stripTags keeps block breaks and decodes entities', () => {
    assert.equal(
      stripTags('<div><b>Auth</b>: A&amp;1</div><div>Date&#58; 3/4</div><script>x</script>'),
      'Auth : A&1\nDate: 3/4',
    );
  });
});
