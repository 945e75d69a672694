/**
 * Size beyond which the script analyzers (QEMU command lines, sysfs writes) skip a document, so a
 * pathological file cannot stall the editor; `samepage/file-too-large` tells the user.
 * (ksmtuned.conf has its own, smaller limit and analyses the head of the file.)
 */
export const SCRIPT_ANALYSIS_LIMIT_CHARS = 2_000_000;
