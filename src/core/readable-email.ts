// An email after the MIME layer has read it: every text view worth reading, with the
// reply-quoted parts set apart. The classifier and the field readers work on this, never on
// raw MIME. Produced by adapters/mime; consumed by core/extraction.

export interface Mailbox {
  name: string | null;
  address: string | null;
}

export type TextViewKind = 'plain' | 'html' | 'pdf' | 'attached-message';

export interface TextView {
  kind: TextViewKind;
  /**
   * Text with line structure kept. For HTML, table rows become `label: value` lines (a
   * two-cell row) or cells joined by ` | `, block elements end lines, scripts/styles dropped.
   * Quoted reply parts (`On … wrote:` blocks, `>` lines, Outlook header blocks of a reply) are
   * removed; forwarded content is kept (it is the information).
   */
  text: string;
  /** The same view's quoted reply part, kept apart (not new information). */
  quoted: string;
  /** Attachment file name, for pdf and attached-message views. */
  filename: string | null;
}

export interface ForwardedOriginal {
  from: Mailbox | null;
  /** ISO 8601 if the forwarded header's Date/Sent line could be read. */
  date: string | null;
  subject: string | null;
}

export interface ReadableEmail {
  messageId: string | null;
  subject: string;
  from: Mailbox | null;
  to: Mailbox[];
  /** The Date: header, ISO 8601. */
  date: string | null;
  inReplyTo: string | null;
  /** Subject starts with Re:/AW:/SV: … or In-Reply-To is set. */
  isReply: boolean;
  /** Subject starts with Fwd:/FW:/WG: … or a forwarded-message block was found. */
  isForward: boolean;
  /** For forwards (inline or attached message/rfc822): the original sender and date. */
  original: ForwardedOriginal | null;
  /** Ordered by usefulness: plain, html, then pdf and attached messages. */
  views: TextView[];
  attachments: { filename: string | null; contentType: string; size: number }[];
  warnings: string[];
}
