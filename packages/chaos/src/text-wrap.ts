/** Wraps `text` at word boundaries into lines of at most `width` characters (a longer word stays whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `term` followed by `text` wrapped to `width`, continuation lines indented under the text. */
export function hangingParagraph(term: string, text: string, termWidth: number, width: number): string {
  const indent = ' '.repeat(termWidth);
  return wrapText(text, width - termWidth)
    .map((line, i) => (i === 0 ? term.padEnd(termWidth) : indent) + line)
    .join('\n');
}
