/** Text that can sit in HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that can sit inside a <script> element: "<" is escaped so no "</script>" can end it early. */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
