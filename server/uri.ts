export const URI_FILE_PREFIX = 'file://';
