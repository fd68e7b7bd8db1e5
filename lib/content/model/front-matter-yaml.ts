import yaml from 'js-yaml';

// The YAML engine gray-matter parses front matter with. js-yaml costs about 60 µs a file, most
// of the loader's time at 100,000 files; the files use a small, regular part of YAML, which
// `readSimpleYaml` reads several times faster. Anything outside that part (quotes, comments,
// literal blocks, multi-line plain scalars, numbers it does not recognise…) goes to js-yaml,
// so every file gets exactly js-yaml's result. A test checks both agree on every real file.

/** js-yaml's own test: it rejects these characters, so the fast path must not accept them. */
const NON_PRINTABLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uFEFF\r\t]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
const NOT_PRINTABLE_ASCII = /[^\x20-\x7E\n]/;
const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const INT = /^-?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^-?(?:0|[1-9][0-9]*)\.[0-9]+$/;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
const BOOLEANS: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
/** Text js-yaml reads as a plain string: starts with a letter or `/`, no `: `, ` #` or `:` at the end. */
const PLAIN_TEXT = /^(?=[\p{L}/])(?!.*(?:: | #|:$)).*[^ ]$|^[\p{L}/]$/u;

/** Stands for "outside the simple part": the caller hands the text to js-yaml. */
const UNSUPPORTED = Symbol('unsupported');

export function parseYaml(text: string): Record<string, unknown> {
  return readSimpleYaml(text) ?? (yaml.safeLoad(text) as Record<string, unknown>);
}

/** The front matter as js-yaml would read it, or null when it uses YAML beyond the simple part. */
export function readSimpleYaml(text: string): Record<string, unknown> | null {
  // The full test is slow on long text; most front matter is printable ASCII and needs none.
  if (NOT_PRINTABLE_ASCII.test(text) && NON_PRINTABLE.test(text)) return null;
  const reader = new SimpleYamlReader(text.split('\n'));
  const data = reader.mapping(0);
  if (data === UNSUPPORTED || reader.at !== reader.lines.length || Object.keys(data).length === 0) return null;
  return data;
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

const isBlank = (line: string) => indentOf(line) === line.length;

function scalar(value: string): unknown {
  if (INT.test(value) || FLOAT.test(value)) return Number(value);
  const day = DAY.exec(value);
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  if (Object.hasOwn(BOOLEANS, value)) return BOOLEANS[value];
  if (value === 'null' || value === 'Null' || value === 'NULL') return UNSUPPORTED;
  return PLAIN_TEXT.test(value) ? value : UNSUPPORTED;
}

class SimpleYamlReader {
  at = 0;
  constructor(readonly lines: string[]) {}

  /** The `key: value` lines at one indentation. */
  mapping(indent: number): Record<string, unknown> | typeof UNSUPPORTED {
    const result: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (isBlank(line)) {
        this.at++;
        continue;
      }
      const match = KEY_LINE.exec(line);
      if (!match) return UNSUPPORTED;
      const lineIndent = match[1]!.length;
      if (lineIndent < indent) break;
      if (lineIndent > indent) return UNSUPPORTED;
      const key = match[2]!;
      const rest = match[3]?.trim() ?? '';
      if (Object.hasOwn(result, key)) return UNSUPPORTED; // js-yaml reports duplicate keys
      this.at++;
      let value: unknown;
      if (rest === '>-') {
        value = this.folded(indent);
      } else if (rest === '') {
        const next = this.lines[this.at] ?? '';
        // An empty value is null in YAML; a deeper line starts a nested mapping.
        value = isBlank(next) || indentOf(next) <= indent ? UNSUPPORTED : this.mapping(indentOf(next));
      } else {
        value = scalar(rest);
      }
      if (value === UNSUPPORTED) return UNSUPPORTED;
      result[key] = value;
    }
    return result;
  }

  /** A `>-` block: lines of one indentation, deeper than the key, folded into one line. */
  folded(parentIndent: number): string | typeof UNSUPPORTED {
    const first = indentOf(this.lines[this.at] ?? '');
    if (first <= parentIndent) return UNSUPPORTED;
    const parts: string[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      const indent = indentOf(line);
      if (indent === line.length) {
        if (this.lines.slice(this.at).every(isBlank)) break;
        return UNSUPPORTED; // a blank line inside the block: folding rules js-yaml should apply
      }
      if (indent <= parentIndent) break;
      if (indent !== first || line.endsWith(' ')) return UNSUPPORTED;
      parts.push(line.slice(first));
      this.at++;
    }
    return parts.join(' ');
  }
}
