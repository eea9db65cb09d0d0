// The limits of a CSV import, shown on the upload page and enforced on the server.
export const maxImportBytes = 50 * 1024 * 1024;
export const maxImportLabel = "50 MB";
/** The file is stored in pieces of this size, so any worker reads it back one piece at a time. */
export const importChunkBytes = 1024 * 1024;
/** How much of the file's start is read to recognise it and show the first rows. */
export const importSampleBytes = 64 * 1024;
