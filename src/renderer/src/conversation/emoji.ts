/**
 * The :shortcodes: people type out of habit from Slack, GitHub and Discord,
 * for the emoji they use most. Unknown codes stay as typed, so a time like
 * 10:30:00 or a word between colons is never eaten.
 */
export const SHORTCODES: Readonly<Record<string, string>> = {
  smile: '😄',
  smiley: '😃',
  grin: '😁',
  grinning: '😀',
  joy: '😂',
  rofl: '🤣',
  laughing: '😆',
  sweat_smile: '😅',
  wink: '😉',
  blush: '😊',
  slightly_smiling_face: '🙂',
  upside_down_face: '🙃',
  heart_eyes: '😍',
  kissing_heart: '😘',
  yum: '😋',
  stuck_out_tongue: '😛',
  sunglasses: '😎',
  thinking: '🤔',
  neutral_face: '😐',
  expressionless: '😑',
  unamused: '😒',
  roll_eyes: '🙄',
  grimacing: '😬',
  relieved: '😌',
  pensive: '😔',
  sleepy: '😪',
  sleeping: '😴',
  mask: '😷',
  nerd_face: '🤓',
  confused: '😕',
  worried: '😟',
  open_mouth: '😮',
  astonished: '😲',
  flushed: '😳',
  cry: '😢',
  sob: '😭',
  scream: '😱',
  angry: '😠',
  rage: '😡',
  skull: '💀',
  poop: '💩',
  clown_face: '🤡',
  shrug: '🤷',
  facepalm: '🤦',
  wave: '👋',
  raised_hand: '✋',
  ok_hand: '👌',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  clap: '👏',
  raised_hands: '🙌',
  pray: '🙏',
  handshake: '🤝',
  muscle: '💪',
  point_up: '☝️',
  point_right: '👉',
  crossed_fingers: '🤞',
  v: '✌️',
  eyes: '👀',
  brain: '🧠',
  heart: '❤️',
  broken_heart: '💔',
  sparkling_heart: '💖',
  fire: '🔥',
  sparkles: '✨',
  star: '⭐',
  zap: '⚡',
  boom: '💥',
  '100': '💯',
  tada: '🎉',
  confetti_ball: '🎊',
  balloon: '🎈',
  gift: '🎁',
  trophy: '🏆',
  rocket: '🚀',
  coffee: '☕',
  tea: '🍵',
  beer: '🍺',
  beers: '🍻',
  wine_glass: '🍷',
  pizza: '🍕',
  hamburger: '🍔',
  cake: '🍰',
  birthday: '🎂',
  doughnut: '🍩',
  apple: '🍎',
  sunny: '☀️',
  cloud: '☁️',
  umbrella: '☔',
  snowflake: '❄️',
  rainbow: '🌈',
  moon: '🌙',
  earth_africa: '🌍',
  dog: '🐶',
  cat: '🐱',
  bug: '🐛',
  bulb: '💡',
  memo: '📝',
  calendar: '📅',
  clock: '🕒',
  hourglass: '⌛',
  email: '📧',
  phone: '📞',
  computer: '💻',
  keyboard: '⌨️',
  printer: '🖨️',
  floppy_disk: '💾',
  paperclip: '📎',
  pushpin: '📌',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  wrench: '🔧',
  hammer: '🔨',
  gear: '⚙️',
  link: '🔗',
  mag: '🔍',
  bell: '🔔',
  no_bell: '🔕',
  chart_with_upwards_trend: '📈',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  check: '✔️',
  x: '❌',
  warning: '⚠️',
  no_entry: '⛔',
  question: '❓',
  exclamation: '❗',
  red_circle: '🔴',
  green_circle: '🟢',
  arrow_right: '➡️',
  arrow_left: '⬅️',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
  recycle: '♻️',
  party: '🥳',
  partying_face: '🥳',
  hugs: '🤗',
  star_struck: '🤩',
  zany_face: '🤪',
  shushing_face: '🤫',
  melting_face: '🫠',
  saluting_face: '🫡',
  see_no_evil: '🙈',
  hear_no_evil: '🙉',
  speak_no_evil: '🙊',
};

const SHORTCODE = /:([a-z0-9_+-]{1,40}):/gi;

/** Every known :code: in `text` replaced by its emoji. */
export function replaceShortcodes(text: string): string {
  if (!text.includes(':')) return text;
  return text.replace(SHORTCODE, (whole, code: string) => SHORTCODES[code.toLowerCase()] ?? whole);
}

/**
 * As a person types: when the character before the caret closes a known
 * :code:, the code becomes its emoji and the caret moves to just after it.
 * Inside a `code span` or ``` block nothing is replaced.
 */
export function completeShortcode(text: string, caret: number): { text: string; caret: number } | undefined {
  if (text[caret - 1] !== ':') return undefined;
  const open = text.lastIndexOf(':', caret - 2);
  if (open < 0) return undefined;
  const code = text.slice(open + 1, caret - 1);
  if (!/^[a-z0-9_+-]{1,40}$/i.test(code)) return undefined;
  const emoji = SHORTCODES[code.toLowerCase()];
  if (!emoji) return undefined;
  const before = text.slice(0, open);
  if (insideCode(before)) return undefined;
  return { text: before + emoji + text.slice(caret), caret: open + emoji.length };
}

/** Whether the end of `text` is inside inline code or a fenced block: an odd count of the fences before it. */
function insideCode(text: string): boolean {
  const fences = text.split('```').length - 1;
  if (fences % 2 === 1) return true;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1).replaceAll('```', '');
  return (lastLine.split('`').length - 1) % 2 === 1;
}

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*\s*){1,3}$/u;

/** A message of one to three emoji and nothing else is shown large, as other chat apps do. */
export function isEmojiOnly(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && EMOJI_ONLY.test(trimmed);
}
