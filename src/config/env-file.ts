// A small, strict reader for `.env.assistant`: KEY=VALUE lines, `#` comments, optional
// `export `, single or double quotes (double quotes understand \n, \" and \\).
// Malformed lines are reported by line number, never by content (it may hold a secret).

export interface EnvFileResult {
  values: Record<string, string>;
  errors: string[];
}

export function parseEnvFile(text: string, fileName: string): EnvFileResult {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!m) {
      errors.push(`${fileName} line ${index + 1}: expected NAME=value`);
      return;
    }
    const name = m[1] as string;
    let value = m[2] as string;
    if (value.startsWith('"')) {
      const end = findClosingQuote(value);
      if (end < 0) {
        errors.push(`${fileName} line ${index + 1}: ${name} has an unclosed double quote`);
        return;
      }
      value = value.slice(1, end).replace(/\\(["\\n])/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    } else if (value.startsWith("'")) {
      const end = value.indexOf("'", 1);
      if (end < 0) {
        errors.push(`${fileName} line ${index + 1}: ${name} has an unclosed single quote`);
        return;
      }
      value = value.slice(1, end);
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    values[name] = value;
  });
  return { values, errors };
}

function findClosingQuote(value: string): number {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return i;
  }
  return -1;
}
