import { currencyDigits, toMajorUnits } from '../../../core/money.js';

/** What a template renders: a subject, and the same message as plain text and as HTML. */
export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string | Buffer; contentType: string; cid?: string }[];
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value from the database or a person goes through this before it reaches the HTML part. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** "18.00 USD": minor units in major units with the currency, as the booking screens write it. */
export function formatAmount(minor: number, currency: string): string {
  return `${toMajorUnits(minor, currency).toFixed(currencyDigits(currency))} ${currency}`;
}

/** Rows of a label and its value, already escaped by the caller when HTML. */
export function detailRows(rows: [string, string][]): { text: string; html: string } {
  const width = Math.max(...rows.map(([label]) => label.length));
  return {
    text: rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n'),
    html: `<table role="presentation" cellpadding="4" style="border-collapse:collapse">${rows
      .map(
        ([label, value]) =>
          `<tr><th align="left" style="padding-right:16px;color:#555;font-weight:600">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
      )
      .join('')}</table>`,
  };
}

export function button(url: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#c2255c;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`;
}

/** Why the reader gets the message: their account, or (a box-office sale) the address they gave at the counter. */
const ACCOUNT_REASON = 'You receive this message because of your account at bookmemovie.';
const WALK_IN_REASON = 'You receive this message because you gave this address at the bookmemovie box office.';

/** The HTML around every message; `body` is already HTML (escaped by the template). */
export function htmlDocument(title: string, body: string, options: { walkIn?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#18181b;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="font-size:20px;font-weight:700;margin:0 0 16px">bookmemovie</p>
<div style="background:#fff;border-radius:8px;padding:24px">
${body}
</div>
<p style="font-size:12px;color:#71717a;margin-top:16px">${options.walkIn ? WALK_IN_REASON : ACCOUNT_REASON}</p>
</div>
</body>
</html>`;
}

export const TEXT_FOOTER = `\n--\nbookmemovie\n${ACCOUNT_REASON}\n`;
export const WALK_IN_TEXT_FOOTER = `\n--\nbookmemovie\n${WALK_IN_REASON}\n`;
