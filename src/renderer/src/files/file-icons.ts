import { FOLDER_TYPE } from '../../../core/files/transfer-model';

/** 24×24 paths for the file card, drawn with the app's Icon component. */
export const FILE_ICONS = {
  attach:
    'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z',
  file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm4 18H6V4h7v5h5v11z',
  image:
    'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H5V5h14v14zm-5.04-6.71-2.75 3.54-1.96-2.36L6.5 17h11l-3.54-4.71z',
  folder: 'M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2z',
  archive:
    'M20.54 5.23 19.15 3.55A1.45 1.45 0 0 0 18 3H6c-.47 0-.88.21-1.16.55L3.46 5.23A2 2 0 0 0 3 6.5V19a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6.5c0-.48-.17-.93-.46-1.27zM12 17.5 6.5 12H10v-2h4v2h3.5L12 17.5zM5.12 5l.81-1h12l.94 1H5.12z',
  video: 'M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4z',
  audio: 'M12 3v10.55A4 4 0 1 0 14 17V7h4V3h-6z',
  document: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z',
  pause: 'M6 19h4V5H6v14zm8-14v14h4V5h-4z',
  play: 'M8 5v14l11-7z',
  folderOpen: 'M20 6h-8l-2-2H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2zm0 12H4V8h16v10z',
} as const;

/** The icon and the word a card shows for a media type. */
export function kindOf(type: string): { icon: string; word: string } {
  if (type === FOLDER_TYPE) return { icon: FILE_ICONS.folder, word: 'Folder' };
  const [major, minor = ''] = type.split('/');
  if (major === 'image') return { icon: FILE_ICONS.image, word: `${minor.toUpperCase()} image` };
  if (major === 'video') return { icon: FILE_ICONS.video, word: 'Video' };
  if (major === 'audio') return { icon: FILE_ICONS.audio, word: 'Audio' };
  if (/zip|gzip|x-tar|compressed/.test(minor)) return { icon: FILE_ICONS.archive, word: 'Archive' };
  if (major === 'text' || /pdf|document|sheet|presentation|opendocument|json/.test(minor))
    return { icon: FILE_ICONS.document, word: minor === 'pdf' ? 'PDF document' : 'Document' };
  return { icon: FILE_ICONS.file, word: 'File' };
}

/** Raster images a card can show inline once they are here (the backend serves only these, see files.preview). */
export const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
