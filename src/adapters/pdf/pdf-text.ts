// Text of a PDF attachment through pdfjs (main-thread fake worker, no eval, no fonts, no
// network), with lines rebuilt from item positions so `Label:   Value` columns stay on one
// line. Bounded in bytes, pages and time; a corrupt or encrypted file gives a warning.
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { groupIntoLines, type PositionedText } from './pdf-lines.js';

export interface PdfTextOptions {
  maxBytes?: number;
  maxPages?: number;
  timeoutMs?: number;
}

export interface PdfTextResult {
  text: string;
  warnings: string[];
}

// The time limit is wall-clock on a shared event loop: on a loaded 2-core machine a one-page PDF
// has been seen to take over 5 s, and a PDF given up on means an authorization not read.
export const PDF_DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  maxPages: 20,
  timeoutMs: 15_000,
} as const;

type PdfJs = typeof PdfJsModule;
const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
let pdfjsPromise: Promise<PdfJs> | null = null;

/**
 * Imports pdfjs and its worker once per process. The worker module is handed to pdfjs through
 * `globalThis.pdfjsWorker`, so it runs on the main thread without a second dynamic import
 * inside getDocument; the (slow, cold) loading is therefore never counted against a PDF's
 * timeout. Call it at startup to take the cost off the first email.
 */
export function warmUpPdf(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const [pdfjs, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      // A variable specifier: the worker module ships no type declarations.
      import(WORKER_MODULE) as Promise<unknown>,
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return pdfjs;
  })();
  return pdfjsPromise;
}

export async function pdfText(data: Buffer, opts: PdfTextOptions = {}): Promise<PdfTextResult> {
  const maxBytes = opts.maxBytes ?? PDF_DEFAULTS.maxBytes;
  const maxPages = opts.maxPages ?? PDF_DEFAULTS.maxPages;
  const timeoutMs = opts.timeoutMs ?? PDF_DEFAULTS.timeoutMs;
  const warnings: string[] = [];
  if (data.length > maxBytes) {
    return {
      text: '',
      warnings: [`PDF of ${data.length} bytes is over the ${maxBytes}-byte limit: not read`],
    };
  }
  let pdfjs: PdfJs;
  try {
    pdfjs = await warmUpPdf();
  } catch (err) {
    pdfjsPromise = null;
    return { text: '', warnings: [`PDF reader unavailable: ${(err as Error).message}`] };
  }
  // pdfjs takes ownership of (and may detach) the buffer it is given, so it gets a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const work = (async () => {
      const doc = await task.promise;
      const pages = Math.min(doc.numPages, maxPages);
      if (doc.numPages > maxPages)
        warnings.push(`PDF has ${doc.numPages} pages: only the first ${maxPages} read`);
      const out: string[] = [];
      for (let p = 1; p <= pages; p++) {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        const items: PositionedText[] = [];
        for (const it of content.items) {
          if (!('str' in it)) continue;
          const t = it.transform as number[];
          items.push({
            str: it.str,
            x: t[4] ?? 0,
            y: t[5] ?? 0,
            width: it.width,
            height: it.height || Math.abs(t[3] ?? 0),
            eol: it.hasEOL,
          });
        }
        out.push(groupIntoLines(items).join('\n'));
        page.cleanup();
      }
      return out.join('\n\n');
    })();
    const result = await Promise.race([work, timeout]);
    if (result === 'timeout') {
      work.catch(() => undefined);
      return { text: '', warnings: [...warnings, `PDF not read within ${timeoutMs} ms`] };
    }
    if (!result.trim()) warnings.push('PDF has no text layer (scanned image?)');
    return { text: result, warnings };
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    const why =
      name === 'PasswordException'
        ? 'PDF is encrypted'
        : `PDF could not be read (${name || 'error'})`;
    return { text: '', warnings: [...warnings, why] };
  } finally {
    clearTimeout(timer);
    task.destroy().catch(() => undefined);
  }
}
