import { replaceShortcodes } from './emoji';

/**
 * Message text as the pieces the UI draws: plain text, links, inline code and
 * mentions, in paragraphs and fenced code blocks. It is a parse into data, so
 * the text only ever reaches the page as text nodes and checked hrefs; no
 * markup in a message can become HTML.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'code'; text: string }
  | { kind: 'mention'; text: string; self: boolean };

export type Block = { kind: 'text'; inlines: Inline[] } | { kind: 'code'; language: string | undefined; text: string };

export interface MentionNames {
  /** Everyone who can be mentioned, by display name. */
  names: readonly string[];
  /** The reader's own name: a mention of it is marked `self`. */
  selfName?: string;
}

const FENCE = '```';

/** Splits out fenced code blocks; an unclosed fence is just text. */
function splitFences(text: string): Array<{ code: boolean; text: string; language?: string }> {
  const parts: Array<{ code: boolean; text: string; language?: string }> = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(FENCE, at);
    const close = open < 0 ? -1 : text.indexOf(FENCE, open + FENCE.length);
    if (open < 0 || close < 0) {
      parts.push({ code: false, text: text.slice(at) });
      break;
    }
    if (open > at) parts.push({ code: false, text: text.slice(at, open) });
    let body = text.slice(open + FENCE.length, close);
    // ```ts on its own line names the language, as on GitHub.
    const firstBreak = body.indexOf('\n');
    const head = firstBreak < 0 ? '' : body.slice(0, firstBreak).trim();
    let language: string | undefined;
    if (firstBreak >= 0 && /^[\w+#.-]{1,20}$/.test(head)) {
      language = head;
      body = body.slice(firstBreak + 1);
    } else if (firstBreak === 0) {
      body = body.slice(1);
    }
    parts.push({ code: true, text: body.replace(/\n$/, ''), language });
    at = close + FENCE.length;
    // The line break after a closing fence belongs to the block, not to the next paragraph.
    if (text[at] === '\n') at++;
  }
  return parts;
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

/** Trailing punctuation is the sentence's, not the link's; a closing bracket stays only if the link opened one. */
function trimLink(raw: string): string {
  let link = raw;
  for (;;) {
    const last = link[link.length - 1];
    if (last && '.,;:!?*_~'.includes(last)) link = link.slice(0, -1);
    else if (last === ')' && (link.match(/\(/g)?.length ?? 0) < (link.match(/\)/g)?.length ?? 0)) link = link.slice(0, -1);
    else return link;
  }
}

/** The href a link may have: http or https only, parsed and normalised, or undefined. */
export function safeHref(text: string): string | undefined {
  const candidate = /^www\./i.test(text) ? `https://${text}` : text;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Mentions in a run of plain text: `@` at a word start followed by a known name, longest name first. */
function mentionsIn(text: string, mentions: MentionNames | undefined, out: Inline[]): void {
  const names = mentions
    ? [...new Set([...mentions.names, ...(mentions.selfName ? [mentions.selfName] : [])])]
        .filter((name) => name.trim() !== '')
        .sort((a, b) => b.length - a.length)
    : [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: replaceShortcodes(plain) });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const atWordStart = i === 0 || !WORD_CHAR.test(text[i - 1]!);
    if (char === '@' && atWordStart && names.length > 0) {
      const rest = text.slice(i + 1).toLocaleLowerCase();
      const name = names.find((candidate) => {
        const lower = candidate.toLocaleLowerCase();
        const after = text[i + 1 + candidate.length];
        return rest.startsWith(lower) && (after === undefined || !WORD_CHAR.test(after));
      });
      if (name) {
        flush();
        const written = text.slice(i, i + 1 + name.length);
        const self = mentions?.selfName !== undefined && name.toLocaleLowerCase() === mentions.selfName.toLocaleLowerCase();
        out.push({ kind: 'mention', text: written, self });
        i += 1 + name.length;
        continue;
      }
    }
    plain += char;
    i++;
  }
  flush();
}

/** Links, then mentions and emoji in what lies between them. */
function linksIn(text: string, mentions: MentionNames | undefined, out: Inline[]): void {
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const raw = trimLink(match[0]);
    const href = safeHref(raw);
    if (!href) continue;
    mentionsIn(text.slice(at, match.index), mentions, out);
    out.push({ kind: 'link', text: raw, href });
    at = match.index + raw.length;
  }
  mentionsIn(text.slice(at), mentions, out);
}

/** `inline code` spans, within one line, are taken literally. */
function inlinesOf(text: string, mentions: MentionNames | undefined): Inline[] {
  const out: Inline[] = [];
  const span = /`([^`\n]+)`/g;
  let at = 0;
  for (const match of text.matchAll(span)) {
    linksIn(text.slice(at, match.index), mentions, out);
    out.push({ kind: 'code', text: match[1]! });
    at = match.index + match[0].length;
  }
  linksIn(text.slice(at), mentions, out);
  return out;
}

export function parseRichText(text: string, mentions?: MentionNames): Block[] {
  return splitFences(text)
    .filter((part) => part.code || part.text !== '')
    .map((part) =>
      part.code
        ? { kind: 'code', language: part.language, text: part.text }
        : { kind: 'text', inlines: inlinesOf(part.text, mentions) },
    );
}

/** Whether the text mentions `selfName` outside code, as the notification rules need to know. */
export function mentionsSelf(text: string, selfName: string, names: readonly string[] = []): boolean {
  if (!selfName.trim() || !text.includes('@')) return false;
  return parseRichText(text, { names, selfName }).some(
    (block) => block.kind === 'text' && block.inlines.some((inline) => inline.kind === 'mention' && inline.self),
  );
}

/** The text as one line of plain words, for notifications and previews: code fences dropped, emoji filled in. */
export function plainPreview(text: string, max = 140): string {
  const flat = replaceShortcodes(text.replaceAll(FENCE, ' ').replace(/\s+/g, ' ').trim());
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
