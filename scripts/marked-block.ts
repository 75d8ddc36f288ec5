// The generated parts of hand-written pages: the text between `<!-- name:start -->` and
// `<!-- name:end -->` (readme:ops writes the ops table, readme:bench the benchmark tables).

const markers = (name: string) => ({ start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` });

/** `text` with its `name` block replaced by `body` (the markers must be there, start before end). */
export function replaceBlock(text: string, name: string, body: string, file: string): string {
  const { start, end } = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} needs ${start} … ${end}`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** The text of `name`'s block, trimmed; '' when the markers are missing. */
export function readBlock(text: string, name: string): string {
  const { start, end } = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return from < 0 || to < from ? '' : text.slice(from + start.length, to).trim();
}
