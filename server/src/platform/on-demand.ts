/**
 * Libraries a server needs only now and then, loaded on first use rather than at start: an idle
 * server does not carry them (measured alone: exceljs +6.4 MiB heap and +17 MiB RSS, sharp and
 * libvips +10 MiB RSS, nodemailer +4 MiB). The module system keeps each once loaded, so a later
 * call costs one resolved promise. Types come from `import type` where they are named.
 */

/** sharp (libvips): uploads, screenshots and the demo's covers. */
export async function loadSharp() {
  return (await import('sharp')).default;
}

/** exceljs: spreadsheet templates and exports. */
export async function loadExcel() {
  return (await import('exceljs')).default;
}

/** nodemailer: only when an SMTP server is configured. */
export async function loadMailer() {
  return (await import('nodemailer')).default;
}
