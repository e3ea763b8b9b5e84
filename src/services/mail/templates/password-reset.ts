import { button, escapeHtml, htmlDocument, type RenderedEmail, TEXT_FOOTER } from './layout.js';

export type PasswordResetData = { customerName: string; resetUrl: string; validMinutes: number };

export function passwordReset(data: PasswordResetData): RenderedEmail {
  const subject = 'Reset your bookmemovie password';
  const ignore = 'If you did not ask for this, you can ignore this message: your password stays as it is.';
  const text = `Hello ${data.customerName},

someone (we hope you) asked to reset the password of your bookmemovie account. Open this link to choose a new one:

${data.resetUrl}

The link works once, for ${data.validMinutes} minutes. Choosing a new password signs you out everywhere.
${ignore}
${TEXT_FOOTER}`;
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">Reset your password</h1>
<p>Hello ${escapeHtml(data.customerName)}, someone (we hope you) asked to reset the password of your bookmemovie account.</p>
${button(data.resetUrl, 'Choose a new password')}
<p>The link works once, for ${escapeHtml(data.validMinutes)} minutes. Choosing a new password signs you out everywhere.</p>
<p style="color:#555">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${escapeHtml(data.resetUrl)}</span></p>
<p style="color:#555">${escapeHtml(ignore)}</p>`,
  );
  return { subject, text, html };
}
