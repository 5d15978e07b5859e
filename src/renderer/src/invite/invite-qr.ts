import { renderSVG } from 'uqr';

/**
 * The invite link as a QR code image. Dark on white whatever the theme, with
 * a quiet zone, because that is what phone scanners read reliably. A data:
 * URL keeps the markup out of the DOM (the CSP allows data: images).
 */
export function qrImageUrl(text: string): string {
  const svg = renderSVG(text, { ecc: 'M', border: 2, whiteColor: '#ffffff', blackColor: '#000000' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
