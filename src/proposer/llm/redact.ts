// Keeps secrets out of everything sent to a model: each secret value found (by the project's secret
// detectors, by a JS-aware assignment check, and at the finding itself for secret rules) is replaced
// by a marker such as `<redacted:secret-1>` wherever it appears in the prompt. The map from marker to
// value stays in memory so an answer's old_code that quotes a marker can still be located in the file;
// an answer whose new_code holds a marker is refused (it would write the secret back).
import { findSecrets } from '../../security/secrets.js';
import { isLikelySecretValue, isSecretName } from '../../security/secret-patterns.js';

const MARKER = /<redacted:secret-\d+>/g;
const HAS_MARKER = /<redacted:secret-\d+>/;
/** Shorter values would be replaced inside unrelated words; no detector reports them anyway. */
const MIN_SECRET_LENGTH = 8;
/** `apiKey = "…"`, `password: '…'`, `token=\`…\`` in JS/TS source, one string literal value. */
const JS_SECRET_ASSIGNMENT = /([A-Za-z_$][\w$]*)["']?\s*[:=]\s*(["'`])([^"'`\s\\]{8,})\2/g;

export class Redactor {
  private readonly markers = new Map<string, string>();
  private readonly values = new Map<string, string>();

  /** Registers a secret value; returns its marker (the same value always gets the same marker). */
  add(value: string): string | undefined {
    if (value.length < MIN_SECRET_LENGTH || HAS_MARKER.test(value)) return undefined;
    const known = this.values.get(value);
    if (known !== undefined) return known;
    const marker = `<redacted:secret-${this.values.size + 1}>`;
    this.values.set(value, marker);
    this.markers.set(marker, value);
    return marker;
  }

  /** Registers every secret the detectors find in a text (a file, or a prompt piece). */
  async scan(filePath: string, text: string): Promise<void> {
    for (const hit of await findSecrets(filePath, text)) this.add(text.slice(hit.start, hit.end));
    for (const value of findJsSecretAssignments(text)) this.add(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** The text with every registered value replaced by its marker (longest values first). */
  redact(text: string): string {
    let out = text;
    const ordered = [...this.values.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [value, marker] of ordered) out = out.split(value).join(marker);
    return out;
  }

  /** The text with markers put back, for locating an answer's old_code in the real file. */
  restore(text: string): string {
    return text.replace(MARKER, (marker) => this.markers.get(marker) ?? marker);
  }
}

/** Whether a text holds a redaction marker (new code must never carry one). */
export function containsMarker(text: string): boolean {
  return HAS_MARKER.test(text);
}

/**
 * String literals assigned to secret-like names in code: the `.env`-style entropy check of the
 * secret scanner only reads `NAME=value` lines, not `const apiKey = "…"`.
 */
export function findJsSecretAssignments(text: string): string[] {
  const values: string[] = [];
  for (const match of text.matchAll(JS_SECRET_ASSIGNMENT)) {
    const name = match[1] ?? '';
    const value = match[3] ?? '';
    if (isSecretName(name) && isLikelySecretValue(value)) values.push(value);
  }
  return values;
}
