// The IPC channel names shared by the main process and the preload. No imports: the preload
// bundle must stay tiny and self-contained.
export const CALL_CHANNEL = 'cutover:call';
export const EVENT_CHANNEL = 'cutover:event';
export const SAVE_EXPORT_CHANNEL = 'cutover:save-export';
export const PRINT_PDF_CHANNEL = 'cutover:print-pdf';
export const PICK_FILE_CHANNEL = 'cutover:pick-file';
